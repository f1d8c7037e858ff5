"""Filters of the initiatives list, shared by the list and its export."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.filters import BootstrapFilterSet
from members.models import Person

from .filters import ContactFilter
from .models import Initiative


def _leads(request=None):
    return Person.objects.filter(
        pk__in=Initiative.objects.exclude(lead=None).values("lead_id")
    ).order_by("sort_key", "pk")


class InitiativeFilter(BootstrapFilterSet):
    stage = django_filters.ChoiceFilter(
        label=pgettext_lazy("initiative", "Stage"),
        choices=Initiative.Stage.choices,
        empty_label=_("All"),
    )
    form = django_filters.ChoiceFilter(
        label=_("Intended form"),
        choices=Initiative.Form.choices,
        empty_label=_("All"),
    )
    lead = django_filters.ModelChoiceFilter(
        label=_("Lead"), queryset=_leads, empty_label=_("All")
    )

    class Meta:
        model = Initiative
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["lead"].field.label_from_instance = lambda p: p.full_name

    describe = ContactFilter.describe
