"""The import's upload form."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy

from ..forms.common import CrispyMixin
from ..models import ImportBatch


class ImportUploadForm(CrispyMixin, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("The list holds"),
        choices=[
            (
                ImportBatch.Kind.ORGANIZATIONS,
                gettext_lazy("Organizations (W.Cos and partners)"),
            ),
            (ImportBatch.Kind.PEOPLE, gettext_lazy("People, with their W.Co")),
        ],
        initial=ImportBatch.Kind.ORGANIZATIONS,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=gettext_lazy("Member list"),
        help_text=gettext_lazy(
            "An Excel workbook (.xlsx) or a CSV file in UTF-8 (with or without BOM) "
            "or Shift_JIS (CP932). An .xls workbook must first be saved as .xlsx."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.xls"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.help_text = " ".join(
            (
                str(field.help_text),
                gettext(
                    "At most %(rows)s rows, values in %(columns)s columns and "
                    "%(chars)s characters a cell; the file up to %(size)s (a workbook "
                    "unpacked, %(unpacked)s)."
                )
                % {
                    "rows": number_format(
                        settings.WCO_IMPORT_MAX_ROWS, force_grouping=True
                    ),
                    "columns": settings.WCO_IMPORT_MAX_COLUMNS,
                    "chars": number_format(
                        settings.WCO_IMPORT_MAX_CELL_CHARS, force_grouping=True
                    ),
                    "size": filesizeformat(settings.WCO_UPLOAD_MAX_BYTES),
                    "unpacked": filesizeformat(settings.WCO_IMPORT_MAX_UNPACKED_BYTES),
                },
            )
        )


IGNORE = "-"  # the choice not to read a column


class ColumnMappingForm(forms.Form):
    """For each column of the file the importer does not know: the column it holds,
    or not to read it."""

    def __init__(self, *args, batch, choices, **kwargs):
        super().__init__(*args, **kwargs)
        counts = batch.counts or {}
        samples = counts.get("column_samples") or {}
        options = [
            ("", gettext_lazy("Choose…")),
            (IGNORE, gettext_lazy("Do not read this column")),
            *choices,
        ]
        self.headers = {}
        for index, header in enumerate(counts.get("ignored_columns") or []):
            name = f"column_{index}"
            self.headers[name] = header
            shown = samples.get(header) or []
            self.fields[name] = forms.ChoiceField(
                label=header,
                choices=options,
                help_text=(
                    gettext_lazy("For example: %(values)s")
                    % {"values": "、".join(shown)}
                    if shown
                    else gettext_lazy("The column is empty.")
                ),
                error_messages={
                    "required": gettext_lazy(
                        "Choose what this column holds, or not to read it."
                    )
                },
            )

    def clean(self):
        cleaned = super().clean()
        seen = {}
        for name, value in list(cleaned.items()):
            if value and value != IGNORE:
                if value in seen:
                    self.add_error(
                        name,
                        gettext_lazy("“%(other)s” is already read as this column.")
                        % {"other": self.headers[seen[value]]},
                    )
                else:
                    seen[value] = name
        return cleaned

    def mapping(self):
        """Header -> field, "" for a column not to read."""
        return {
            header: (
                "" if self.cleaned_data[name] == IGNORE else self.cleaned_data[name]
            )
            for name, header in self.headers.items()
        }

    def field_of(self, header):
        """The form field's name for a header (a service's refusal goes there)."""
        return next((n for n, h in self.headers.items() if h == header), None)
