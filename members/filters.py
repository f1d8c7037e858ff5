"""Filters of the registry lists (django-filter), shared by the list pages and exports."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wco_sse.core.search import normalize

from .forms.organizations import WITHOUT_CORPORATE_NUMBER
from .models import Affiliation, Industry, LegalForm, Municipality, Organization, Person

# Longer than any record's search text (names of at most 200 characters, their kana,
# a number): such a key matches nothing. SQLite also refuses LIKE patterns this long.
MAX_SEARCH_KEY = 1000


def _search(queryset, name, value):
    key = normalize(value)
    if not key:
        return queryset
    if len(key) > MAX_SEARCH_KEY:
        return queryset.none()
    return queryset.filter(search_text__contains=key)


class MunicipalityFilter(django_filters.ModelChoiceFilter):
    """A designated city includes its wards."""

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(
            Q(**{self.field_name: value}) | Q(**{f"{self.field_name}__parent": value})
        )


class BootstrapFilterSet(django_filters.FilterSet):
    """Filter forms styled like the rest of the portal."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)
        return form


def _municipalities(request=None):
    return Municipality.objects.select_related("parent").order_by("code")


def _with_pending_requests(queryset, name, value):
    if value != "yes":
        return queryset
    return queryset.filter(
        pk__in=Affiliation.objects.current()
        .filter(confirmed=False)
        .values("organization_id")
    )


class OrganizationFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method=_search,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Name or kana"),
                "autocomplete": "off",
            }
        ),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organization.Kind.choices, empty_label=_("All")
    )
    membership_class = django_filters.ChoiceFilter(
        label=_("Membership class"),
        choices=Organization.MembershipClass.choices,
        empty_label=_("All"),
    )
    legal_form = django_filters.ChoiceFilter(
        label=_("Legal form"), choices=LegalForm.choices, empty_label=_("All")
    )
    industry = django_filters.ModelChoiceFilter(
        label=_("Industry"), queryset=Industry.objects.all(), empty_label=_("All")
    )
    municipality = MunicipalityFilter(
        label=_("Municipality"), queryset=_municipalities, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Organization.Status.choices, empty_label=_("All")
    )
    to_complete = django_filters.ChoiceFilter(
        label=_("To complete"),
        choices=[("corporate_number", _("Corporate number missing"))],
        empty_label=_("All"),
        method="_to_complete",
    )
    pending = django_filters.ChoiceFilter(
        label=_("Membership requests"),
        choices=[("yes", _("Waiting for confirmation"))],
        empty_label=_("All"),
        method=_with_pending_requests,
    )

    class Meta:
        model = Organization
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["municipality"].field.label_from_instance = lambda m: m.label

    def _to_complete(self, queryset, name, value):
        """Corporations registered without their 法人番号 (as an import leaves them)."""
        if value != "corporate_number":
            return queryset
        return queryset.filter(
            Q(corporate_number__isnull=True) | Q(corporate_number="")
        ).exclude(legal_form__in=WITHOUT_CORPORATE_NUMBER)

    def describe(self):
        """The active filters in words, for export logs and printed lists."""
        if not self.is_bound or not self.form.is_valid():
            return ""
        parts = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, ""):
                continue
            field = self.form.fields[name]
            shown = dict(getattr(field, "choices", [])).get(value, value)
            if isinstance(value, Municipality):
                shown = value.label
            parts.append(f"{field.label}={shown}")
        return ", ".join(parts)


class PersonFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method=_search,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, kana or email")}
        ),
    )
    municipality = MunicipalityFilter(
        label=_("Municipality"), queryset=_municipalities, empty_label=_("All")
    )
    is_individual_supporter = django_filters.BooleanFilter(
        label=_("Individual supporting member"),
        widget=forms.Select(
            choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))]
        ),
    )

    class Meta:
        model = Person
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["municipality"].field.label_from_instance = lambda m: m.label

    describe = OrganizationFilter.describe
