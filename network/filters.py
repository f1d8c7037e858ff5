"""Filters of the contact log (django-filter), shared by the list and its export."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.filters import BootstrapFilterSet
from members.models import Organization, Person
from members.pickers import OrganizationPickerWidget

from .models import Contact, PartnerCategory, Proposal


def _owners(request=None):
    return Person.objects.filter(
        pk__in=Contact.objects.exclude(follow_up_owner=None).values(
            "follow_up_owner_id"
        )
    ).order_by("sort_key", "pk")


class ContactFilter(BootstrapFilterSet):
    category = django_filters.ChoiceFilter(
        label=_("Partner category"),
        choices=PartnerCategory.choices,
        empty_label=_("All"),
    )
    # Searched with the organization picker: the page never lists the registry.
    organization = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("contact log", "Organization"),
        queryset=Organization.objects.all(),
        widget=OrganizationPickerWidget,
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Follow-up owner"),
        field_name="follow_up_owner",
        queryset=_owners,
        empty_label=_("All"),
    )
    channel = django_filters.ChoiceFilter(
        label=pgettext_lazy("contact log", "Channel"),
        choices=Contact.Channel.choices,
        empty_label=_("All"),
    )
    follow_up = django_filters.ChoiceFilter(
        label=_("Follow-up"),
        choices=[
            ("overdue", _("Overdue")),
            ("open", pgettext_lazy("follow-up state", "Open")),
        ],
        empty_label=_("All"),
        method="_follow_up",
    )

    class Meta:
        model = Contact
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["owner"].field.label_from_instance = lambda p: p.full_name

    def _follow_up(self, queryset, name, value):
        if value == "overdue":
            return queryset.overdue(timezone.localdate())
        if value == "open":
            return queryset.exclude(follow_up="").filter(follow_up_done=False)
        return queryset

    def describe(self):
        """The active filters in words, for the export log."""
        if not self.is_bound or not self.form.is_valid():
            return ""
        parts = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, ""):
                continue
            field = self.form.fields[name]
            shown = dict(getattr(field, "choices", [])).get(value, value)
            if isinstance(value, Person):
                shown = value.full_name
            parts.append(f"{field.label}={shown}")
        return ", ".join(parts)


class ProposalFilter(BootstrapFilterSet):
    state = django_filters.ChoiceFilter(
        label=pgettext_lazy("proposal", "State"),
        choices=Proposal.State.choices,
        empty_label=_("All"),
    )
    kind = django_filters.ChoiceFilter(
        label=pgettext_lazy("proposal", "Kind"),
        choices=Proposal.Kind.choices,
        empty_label=_("All"),
    )

    class Meta:
        model = Proposal
        fields = ["state", "kind"]
