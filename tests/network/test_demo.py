import collections
import dataclasses

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.demo import seed_scale as members_seed_scale
from members.models import Organization
from network import demo as network_demo
from network import demo_councils, demo_initiatives, demo_scale, selectors_checklists
from network.models import (
    Contact,
    Initiative,
    InitiativeFounder,
    InitiativeStageChange,
    Proposal,
    SupportEntry,
)
from secretariat.models import AgendaItem, Body, BodyMember, Decision, Meeting
from wco_sse.core.transactions import composing


@pytest.mark.django_db
def test_the_demo_has_a_year_of_contacts_with_partners(demo):
    with composing():
        network_demo.seed(demo.ctx)
        network_demo.seed(demo.ctx)  # idempotent
    contacts = Contact.objects.all()
    assert contacts.count() == 30
    names = set(contacts.values_list("organization__name", flat=True))
    assert {"生活クラブ生活協同組合（神奈川）", "横浜市", "川崎市"} <= names
    assert len(names) == 5
    assert Contact.objects.overdue().exists()
    assert contacts.filter(follow_up_done=True).exists()
    assert set(contacts.values_list("category", flat=True)) >= {
        "consumer_coop",
        "government",
        "cooperative",
        "business_finance",
    }


# --- Initiatives, proposals, scale (issue 13) --------------------------------------------


def _counts():
    return {
        "initiatives": Initiative.objects.count(),
        "stage_changes": InitiativeStageChange.objects.count(),
        "support": SupportEntry.objects.count(),
        "proposals": Proposal.objects.count(),
        "items": AgendaItem.objects.count(),
        "meetings": Meeting.objects.count(),
        "organizations": Organization.objects.count(),
        "contacts": Contact.objects.count(),
    }


def _seed_twice(ctx):
    with composing():
        network_demo.seed(ctx)
        first = _counts()
        network_demo.seed(ctx)
    assert _counts() == first  # a rerun adds nothing


@pytest.mark.django_db
def test_the_demo_has_six_initiatives_one_in_each_stage(demo, client):
    _seed_twice(demo.ctx)
    initiatives = Initiative.objects.all()
    assert initiatives.count() == 6
    assert set(initiatives.values_list("stage", flat=True)) == set(
        Initiative.Stage.values
    )
    network = demo["network"].person
    assert set(initiatives.values_list("lead", flat=True)) == {network.pk}
    assert InitiativeFounder.objects.exists()  # founders known by name only
    assert initiatives.filter(founders__isnull=False).exists()
    assert not initiatives.filter(municipality__isnull=True).exists()
    kinds = set(SupportEntry.objects.values_list("kind", flat=True))
    assert len(kinds) >= 5
    # Every stage after the idea was reached by a dated change with its reason.
    for initiative in initiatives.exclude(stage=Initiative.Stage.IDEA):
        last = initiative.stage_changes.order_by("-date", "-pk").first()
        assert last.to_stage == initiative.stage and last.reason
    coop = initiatives.get(name=demo_initiatives.WORKERS_COOP_INITIATIVE)
    assert coop.form == Initiative.Form.WORKERS_COOPERATIVE
    assert coop.stage == Initiative.Stage.FOUNDING
    # Half-way through the 労働者協同組合 checklist: six of the twelve steps done,
    # the notice to the prefecture overdue, the tax notices due, and the steps
    # counted from the start of business waiting for its date.
    checklist = selectors_checklists.initiative_checklist(coop)
    assert (checklist.done_count, checklist.total) == (6, 12)
    states = [row.state for row in checklist.rows]
    assert states[6:8] == [selectors_checklists.OVERDUE, selectors_checklists.DUE]
    assert selectors_checklists.DATE_UNKNOWN in states[8:]

    # The registered association: an organization of that kind, its page shows the
    # initiative to the secretariat.
    linked = initiatives.get(organization__isnull=False)
    assert linked.form == Initiative.Form.ASSOCIATION
    assert linked.organization.kind == Organization.Kind.ASSOCIATION
    # Its founders are its people in the registry.
    assert set(
        linked.organization.affiliations.values_list("person", flat=True)
    ) == set(linked.founders.values_list("pk", flat=True))
    client.force_login(demo["staff"])
    page = client.get(
        reverse("members:organization_detail", args=[linked.organization.pk])
    )
    assert page.status_code == 200
    assert reverse("network:initiative_detail", args=[linked.pk]) in (
        page.content.decode()
    )


@pytest.mark.django_db
def test_the_demo_has_three_proposals_one_approved_by_a_board_item(demo, client):
    _seed_twice(demo.ctx)
    proposals = Proposal.objects.all()
    assert proposals.count() == 3
    states = set(proposals.values_list("state", flat=True))
    assert Proposal.State.CONSIDERING in states
    assert Proposal.State.ANSWERED in states
    approved = proposals.get(agenda_items__isnull=False)
    assert approved.state in (Proposal.State.APPROVED, Proposal.State.SUBMITTED)
    item = approved.agenda_items.get()
    assert item.status == AgendaItem.Status.APPROVED
    assert item.meeting.body.kind == Body.Kind.BOARD
    assert Decision.objects.filter(item=item).exists()
    assert approved.approved_on == item.meeting.day
    names = set(approved.addressees.values_list("name", flat=True))
    assert names & {"神奈川県", "横浜市", "川崎市"}
    answered = proposals.get(state=Proposal.State.ANSWERED)
    assert answered.answer_summary and answered.answered_on
    # The proposal's page links to the board's item.
    client.force_login(demo["network"])
    page = client.get(reverse("network:proposal_detail", args=[approved.pk]))
    assert item.title in page.content.decode()


def _page_queries(client, url):
    client.get(url)  # warm the session and role caches
    cache.clear()  # count the page as rendered, not its cached fragments
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200
    return len(queries)


def _bench_pages():
    liaison = Body.objects.get(name=demo_councils.LIAISON)
    return {
        "landing": reverse("network:index"),
        "body": reverse("secretariat:body_detail", args=[liaison.pk]),
        "contacts": reverse("network:contact_list"),
    }


@pytest.mark.django_db
def test_scale_tops_up_the_network_and_its_pages_keep_their_queries(demo, client):
    _seed_twice(demo.ctx)
    client.force_login(demo["network"])
    before = {name: _page_queries(client, url) for name, url in _bench_pages().items()}
    # More or fewer founders, stage changes and support entries, the same queries;
    # an initiative whose intended form has a checklist reads it (three queries).
    initiative_queries = collections.defaultdict(set)
    for pk, form in Initiative.objects.values_list("pk", "form"):
        url = reverse("network:initiative_detail", args=[pk])
        initiative_queries[form].add(_page_queries(client, url))
    assert all(len(counts) == 1 for counts in initiative_queries.values())

    ctx = dataclasses.replace(demo.ctx, scale=1)
    members_seed_scale(ctx)
    with composing():
        demo_scale.seed_scale(ctx)
    added = {
        "bodies": Body.objects.filter(name__startswith=demo_scale.SCALE_PREFIX),
        "meetings": Meeting.objects.filter(title__startswith=demo_scale.SCALE_PREFIX),
        "contacts": Contact.objects.filter(topic__startswith=demo_scale.SCALE_PREFIX),
        "initiatives": Initiative.objects.filter(
            name__startswith=demo_scale.SCALE_PREFIX
        ),
    }
    expected = {
        "bodies": demo_scale.SCALE_BODIES,
        "meetings": demo_scale.SCALE_MEETINGS,
        "contacts": demo_scale.SCALE_CONTACTS,
        "initiatives": demo_scale.SCALE_INITIATIVES,
    }
    assert {name: rows.count() for name, rows in added.items()} == expected
    seats = BodyMember.objects.filter(body__in=added["bodies"], end__isnull=True)
    assert seats.count() == demo_scale.SCALE_BODIES * demo_scale.SCALE_SEATS
    assert not seats.filter(organization__isnull=True).exists()
    with composing():
        demo_scale.seed_scale(ctx)  # a rerun tops up nothing
    assert {name: rows.count() for name, rows in added.items()} == expected

    # The benchmark's pages read the larger data in the same number of queries.
    after = {name: _page_queries(client, url) for name, url in _bench_pages().items()}
    assert after == before
    scale_initiative = added["initiatives"].first()
    url = reverse("network:initiative_detail", args=[scale_initiative.pk])
    assert {_page_queries(client, url)} == initiative_queries[scale_initiative.form]
