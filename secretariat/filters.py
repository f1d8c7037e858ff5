"""Filters of the action items' exports (django-filter): state, owner, overdue."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.filters import BootstrapFilterSet
from members.models import Person

from .models import ActionItem


class ActionItemFilter(BootstrapFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=ActionItem.State.choices,
        empty_label=_("All"),
    )
    owner = django_filters.ModelChoiceFilter(
        label=pgettext_lazy("action item", "Owner"),
        queryset=Person.objects.none(),
        empty_label=_("All"),
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Overdue"),
        choices=[("yes", _("Overdue only"))],
        empty_label=_("All"),
        method="_overdue",
    )

    class Meta:
        model = ActionItem
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The owners of the items in reach, and nobody else's name.
        owner = self.filters["owner"]
        owner.queryset = Person.objects.filter(
            pk__in=self.queryset.values("owner_id")
        ).order_by("sort_key", "pk")
        owner.field.label_from_instance = lambda p: p.full_name

    def _overdue(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(
                state=ActionItem.State.OPEN, due_on__lt=timezone.localdate()
            )
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
