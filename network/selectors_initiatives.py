"""Reads of the initiatives (new W.Cos and associations) for the viewer asking."""

from django.db.models import Prefetch, prefetch_related_objects

from members.models import Organization, Person
from wco_sse.core.selectors import get_visible_or_404

from .models import Initiative, InitiativeStageChange, SupportEntry


def _founders():
    return (
        Prefetch("founders", queryset=Person.objects.order_by("sort_key", "pk")),
        "unregistered_founders",
    )


def initiative_list():
    """Initiatives with what a row shows, at a fixed number of queries."""
    return Initiative.objects.select_related(
        "municipality", "lead", "organization"
    ).prefetch_related(*_founders())


def initiative_get_for(*, user, pk, perm="network.view_initiatives", founders=True):
    """The initiative, or 404 when it is missing or ``user`` lacks ``perm`` on it;
    with ``founders=False`` its founders are read later, if at all
    (``initiative_with_founders``)."""
    initiatives = (
        initiative_list()
        if founders
        else Initiative.objects.select_related("municipality", "lead", "organization")
    )
    return get_visible_or_404(initiatives, user=user, perm=perm, pk=pk)


def initiative_with_founders(initiative):
    """Read the founders of ``initiative`` found without them (two queries): for
    its page, which may be served kept without them."""
    prefetch_related_objects([initiative], *_founders())
    return initiative


def initiative_history(initiative):
    changes = InitiativeStageChange.objects.filter(
        initiative=initiative
    ).select_related("changed_by")
    support = SupportEntry.objects.filter(initiative=initiative).select_related("by")
    return list(changes), list(support)


def organization_initiatives(organization):
    return list(initiative_list().filter(organization=organization))


def registrable_organizations():
    """What an initiative becomes: a W.Co or an association in the registry."""
    return Organization.objects.filter(
        kind__in=(Organization.Kind.WCO, Organization.Kind.ASSOCIATION)
    ).order_by("sort_key", "pk")
