"""Reads of programmes: the kinds, the list, one programme with what its page shows
(partners, documents, agenda items, contracts, sites; its reports are the reports
part's), the people who may
lead one, and what a W.Co's page shows of the programmes it takes part in."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.http import Http404

from members.models import Person, Role, RoleAssignment, Section
from secretariat.models import AgendaItem, Decision
from wco_sse.core.selectors import get_visible_or_404

from ..models import (
    Contract,
    Partner,
    Programme,
    ProgrammeKind,
    Site,
)

SEARCH_MAX = 100


def business_members(day=None):
    """The people who are members of the business section today: who may lead a
    programme."""
    seats = (
        RoleAssignment.objects.current(day)
        .filter(role=Role.SECTION_MEMBER, scope=Section.BUSINESS)
        .values("person_id")
    )
    return Person.objects.filter(pk__in=seats).order_by("sort_key", "pk")


def kind_list():
    return ProgrammeKind.objects.annotate(programme_count=Count("programmes")).order_by(
        "position", "group", "name", "pk"
    )


def kinds_in_use():
    return ProgrammeKind.objects.filter(active=True).order_by("position", "pk")


def programme_list(*, kind=None, state="", text=""):
    """Programmes with their kind and lead and their partners counted (one query)."""
    programmes = Programme.objects.select_related("kind", "lead").annotate(
        partner_count=Count("partners", distinct=True)
    )
    if kind is not None:
        programmes = programmes.filter(kind=kind)
    if state in Programme.State.values:
        programmes = programmes.filter(state=state)
    text = (text or "").replace("\x00", "").strip()[:SEARCH_MAX]
    if text:
        programmes = programmes.filter(title__icontains=text)
    return programmes.order_by("-created_at", "-pk")


def programme_get_for(*, user, pk, perm="business.view_programme"):
    """The programme, or 404 when missing or outside ``user``'s reach for ``perm``."""
    return get_visible_or_404(
        Programme.objects.select_related("kind", "lead"),
        user=user,
        perm=perm,
        pk=pk,
    )


def partner_get_for(*, user, programme_pk, pk, perm="business.manage_programme"):
    """A partner of the programme in the URL, or 404 (missing, another programme's,
    or a programme outside ``user``'s reach)."""
    partner = get_visible_or_404(
        Partner.objects.select_related("programme", "organization"),
        user=user,
        pk=pk,
        programme_id=programme_pk,
    )
    if not user.has_perm(perm, partner.programme):
        raise Http404
    return partner


def programme_partners(programme):
    return list(
        programme.partners.select_related("organization").order_by(
            "part", "organization__sort_key", "pk"
        )
    )


def jv_share_total(partners):
    return sum(
        (p.share for p in partners if p.part == Partner.Part.JV_MEMBER and p.share), 0
    )


def items_about(programme):
    """The agenda items whose subject is the programme."""
    return AgendaItem.objects.filter(
        subject_type=ContentType.objects.get_for_model(Programme),
        subject_id=programme.pk,
    )


def programme_items(programme, user):
    """The agenda items about the programme the viewer may open, newest first, each
    with ``decision``: its latest decision or None (two queries)."""
    items = [
        item
        for item in items_about(programme)
        .select_related("meeting")
        .order_by("-created_at", "-pk")
        if user.has_perm("secretariat.view_item", item)
    ]
    decisions = {}
    for decision in Decision.objects.filter(
        item_id__in=[item.pk for item in items]
    ).order_by("item_id", "decided_on", "pk"):
        decisions[decision.item_id] = decision
    for item in items:
        item.decision = decisions.get(item.pk)
    return items


def programme_contracts(programme):
    return list(
        Contract.objects.filter(programme=programme)
        .select_related("client")
        .order_by("-fiscal_year", "-pk")
    )


# A programme of many places shows the first ones and leads to the site list for the rest.
SITES_SHOWN = 20


def programme_sites(programme):
    """The programme's first places (open ones first, by name) and how many it has."""
    sites = Site.objects.filter(programme=programme)
    shown = list(
        sites.select_related("operator").order_by("-active", "name", "pk")[:SITES_SHOWN]
    )
    count = len(shown) if len(shown) < SITES_SHOWN else sites.count()
    return shown, count


# --- The W.Co page ------------------------------------------------------------------------------


def organization_programmes(organization):
    """What ``organization`` takes part in (four queries): the programmes where it
    is a partner or runs a site, with its parts; their contracts; the sites it runs."""
    taking_part = Q(partners__organization=organization) | Q(
        sites__operator=organization
    )
    programmes = list(
        Programme.objects.filter(
            pk__in=Programme.objects.filter(taking_part).values("pk")
        )
        .select_related("kind")
        .order_by("-created_at", "-pk")
    )
    parts = {}
    for partner in Partner.objects.filter(
        organization=organization, programme__in=[p.pk for p in programmes]
    ).order_by("part", "pk"):
        parts.setdefault(partner.programme_id, []).append(partner.get_part_display())
    for programme in programmes:
        programme.parts = parts.get(programme.pk, [])
    contracts = list(
        Contract.objects.filter(programme__in=[p.pk for p in programmes])
        .select_related("client", "programme")
        .order_by("-fiscal_year", "programme__title", "pk")
    )
    sites = list(
        Site.objects.filter(operator=organization)
        .select_related("programme")
        .order_by("name", "pk")
    )
    return programmes, contracts, sites
