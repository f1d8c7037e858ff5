"""Reads of the network section's records, for the viewer asking."""

from django.db.models import Prefetch, Q

from members.models import Organization, Person, Role, RoleAssignment, Section
from members.selectors import organization_get_for
from wco_sse.core.selectors import get_visible_or_404

from .models import Contact, Proposal


def _our_people_prefetch():
    return Prefetch("our_people", queryset=Person.objects.order_by("sort_key", "pk"))


def contact_list():
    """Contacts with what a row shows, at a fixed number of queries."""
    return Contact.objects.select_related(
        "organization", "follow_up_owner"
    ).prefetch_related(_our_people_prefetch())


def contact_get_for(*, user, pk, perm="network.view_contacts"):
    """The contact, or 404 when it is missing or ``user`` lacks ``perm`` on it."""
    return get_visible_or_404(contact_list(), user=user, perm=perm, pk=pk)


def organization_for_contacts(*, user, pk, perm="network.add_contact"):
    """The organization a contact is recorded on, or 404 for those who may not."""
    return organization_get_for(user=user, pk=pk, perm=perm)


def organization_contacts(*, organization, limit=10):
    return list(contact_list().filter(organization=organization)[:limit])


def contact_people():
    """Who may be "our people" and own a follow-up: the network section's members and
    the secretariat, today."""
    current = RoleAssignment.objects.current().filter(
        Q(role=Role.SECTION_MEMBER, scope=Section.NETWORK)
        | Q(role__in=(Role.SECRETARY_GENERAL, Role.SECRETARIAT_STAFF))
    )
    return Person.objects.filter(pk__in=current.values("person_id")).order_by(
        "sort_key", "pk"
    )


def proposal_list():
    """Proposals with what a row shows, at a fixed number of queries."""
    return Proposal.objects.prefetch_related(
        Prefetch("addressees", queryset=Organization.objects.order_by("sort_key", "pk"))
    )


def proposal_get_for(*, user, pk, perm="network.view_proposals"):
    """The proposal, or 404 when it is missing or ``user`` lacks ``perm`` on it."""
    return get_visible_or_404(
        proposal_list().prefetch_related("agenda_items"), user=user, perm=perm, pk=pk
    )
