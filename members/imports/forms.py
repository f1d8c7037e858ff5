"""The import's upload form."""

from django import forms
from django.utils.translation import gettext_lazy

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
