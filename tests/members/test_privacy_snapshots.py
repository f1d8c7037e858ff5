"""The dry run and the export preview are kept between readings (they walk every
declaration), and never shown stale: any write to a record a declaration can find,
a new blocker included, shows on the next reading."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Affiliation, PrivacyRequest, Role
from members.personal_data import erasure, exports
from tests.factories import AffiliationFactory, PersonFactory, RoleAssignmentFactory
from tests.members.privacy_erasure_support import erasure_request

pytestmark = pytest.mark.django_db


def export_request(person):
    return PrivacyRequest.objects.create(
        person=person,
        kind=PrivacyRequest.Kind.EXPORT,
        channel=PrivacyRequest.Channel.LETTER,
    )


def rendered_then_kept(client, url, template):
    """The page read twice after its CSRF cookie was set: the first reading
    renders ``template``, the second is answered kept (no template rendered)."""
    client.get(url)  # the first answer sets the CSRF cookie the next ones send
    first = client.get(url)
    kept = client.get(url)
    assert template in [t.name for t in first.templates]
    assert not kept.templates
    return first, kept


def affiliations_item(plan):
    return [
        item
        for item in plan.items
        if "Affiliation" in item.label or "所属" in item.label
    ]


def test_a_new_record_of_the_person_shows_on_the_next_dry_run(demo):
    person = PersonFactory(family_name="確認")
    request = erasure_request(person)
    first = erasure.privacy_erasure_plan(actor=demo["secgen"], request=request)
    again = erasure.privacy_erasure_plan(actor=demo["secgen"], request=request)
    assert [i.count for i in again.items] == [i.count for i in first.items]
    before = sum(i.count for i in first.items)

    AffiliationFactory(person=person, position=Affiliation.Position.MEMBER)

    after = erasure.privacy_erasure_plan(actor=demo["secgen"], request=request)
    assert sum(i.count for i in after.items) > before


def test_a_blocker_that_appears_is_shown_at_once(demo):
    person = PersonFactory(family_name="確認")
    request = erasure_request(person)
    plan = erasure.privacy_erasure_plan(actor=demo["secgen"], request=request)
    assert not plan.blockers

    RoleAssignmentFactory(person=person, role=Role.AUDITOR)

    plan = erasure.privacy_erasure_plan(actor=demo["secgen"], request=request)
    assert plan.blockers


def test_the_export_preview_counts_a_new_record_at_once(client, demo):
    person = PersonFactory(family_name="確認")
    request = export_request(person)
    items, _files = exports.export_preview(person)
    before = sum(item.count for item in items)
    client.force_login(demo["secgen"])
    url = reverse("members:privacy_export", args=[request.pk])
    assert client.get(url).status_code == 200

    AffiliationFactory(person=person)

    items, _files = exports.export_preview(person)
    assert sum(item.count for item in items) == before + 1


# The dry run kept in parts: each link's reading and each declaration's blockers
# under the versions of the tables its own queries read.


def test_another_persons_booking_reads_again_only_what_it_touched(demo):
    """Another member's course application renews the versions of the applications
    and their emails, not the whole dry run: the next reading runs a handful of
    queries instead of one per declaration, and still counts the person's records."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from support import services as school
    from tests.support.factories import CourseFactory

    person = PersonFactory(family_name="確認")
    AffiliationFactory(person=person, position=Affiliation.Position.MEMBER)
    request = erasure_request(person)
    course = CourseFactory()
    other = PersonFactory(with_account=True)
    AffiliationFactory(person=other)
    with CaptureQueriesContext(connection) as first_reading:
        first = erasure.privacy_erasure_plan(actor=demo["secgen"], request=request)

    # Somebody else's booking: an application, its email and audit entry.
    school.application_create(actor=other.account, course=course, person=other)

    with CaptureQueriesContext(connection) as again:
        after = erasure.privacy_erasure_plan(actor=demo["secgen"], request=request)
    assert [(i.label, i.count) for i in after.items] == [
        (i.label, i.count) for i in first.items
    ]
    assert 0 < len(again.captured_queries) < len(first_reading.captured_queries) / 4


def test_a_renamed_person_shows_under_the_new_name_in_the_examples(demo):
    person = PersonFactory(family_name="旧姓")
    AffiliationFactory(person=person, position=Affiliation.Position.MEMBER)
    request = erasure_request(person)
    before = erasure.privacy_erasure_plan(actor=demo["secgen"], request=request)
    assert "旧姓" in " ".join(e for i in affiliations_item(before) for e in i.examples)

    person.family_name = "新姓"
    person.save()

    after = erasure.privacy_erasure_plan(actor=demo["secgen"], request=request)
    shown = " ".join(e for i in affiliations_item(after) for e in i.examples)
    assert "新姓" in shown and "旧姓" not in shown


def test_a_part_is_not_kept_over_a_write_made_while_it_was_computed(db):
    """A write that commits while a part is read renews a version after the one
    the part is kept under: the next reading computes it again."""
    from members.personal_data import snapshots
    from wco_sse.core import fragments

    person = PersonFactory()
    runs = []

    def reading():
        runs.append(Affiliation.objects.filter(person=person).count())
        if len(runs) == 1:
            fragments.bump("members.affiliation")  # another request's commit
        return runs[-1]

    for _ in range(3):
        snapshots.kept_parts(person, [("affiliations", reading)])
    assert len(runs) == 2  # the first was not kept; the second was, and served


def test_a_part_reading_a_table_no_write_announces_is_never_kept(db):
    from django.contrib.sessions.models import Session

    from members.personal_data import snapshots

    person = PersonFactory()
    runs = []

    def reading():
        runs.append(Session.objects.count())
        return runs[-1]

    for _ in range(3):
        snapshots.kept_parts(person, [("sessions", reading)])
    assert len(runs) == 3


def test_the_dry_run_page_shows_a_new_record_and_blocker_after_it_was_kept(
    client, demo
):
    """The dry run's table and blockers are kept under the reading's stamp: read
    again, the page shows the same; a new record or blocker shows at once."""

    def plan_table(page):
        return page.split('id="erasure-plan"')[1].split("</table>")[0]

    person = PersonFactory(family_name="確認")
    request = erasure_request(person)
    url = reverse("members:privacy_erasure", args=[request.pk])
    client.force_login(demo["secgen"])
    first = client.get(url).content.decode()
    again = client.get(url).content.decode()
    assert plan_table(again) == plan_table(first)
    assert "所属" not in plan_table(first)
    assert "削除を妨げるものはありません。" in again

    AffiliationFactory(person=person, position=Affiliation.Position.MEMBER)
    assert "所属" in plan_table(client.get(url).content.decode())

    RoleAssignmentFactory(person=person, role=Role.AUDITOR)
    page = client.get(url).content.decode()
    assert "次のことが済むまで削除は実行できません" in page
    assert "削除を妨げるものはありません。" not in page


def test_the_dry_run_page_read_again_is_answered_whole_until_a_record_changes(
    client, demo
):
    """Read again while nothing changed, the dry run is answered from its kept
    copy (no template rendered, the same table); the request's new state, or a new
    record of the person, shows at once."""
    person = PersonFactory(family_name="確認")
    request = erasure_request(person)
    url = reverse("members:privacy_erasure", args=[request.pk])
    client.force_login(demo["secgen"])
    first, kept = rendered_then_kept(
        client, url, "members/privacy/erasure_dry_run.html"
    )

    def plan_table(response):
        return (
            response.content.decode().split('id="erasure-plan"')[1].split("</table>")[0]
        )

    assert plan_table(kept) == plan_table(first)

    AffiliationFactory(person=person, position=Affiliation.Position.MEMBER)
    fresh = client.get(url)
    assert "members/privacy/erasure_dry_run.html" in [t.name for t in fresh.templates]
    assert "所属" in fresh.content.decode()

    request.state = PrivacyRequest.State.REFUSED
    request.save()
    assert 'id="erasure-plan"' not in client.get(url).content.decode()


def test_a_write_elsewhere_renders_the_dry_run_page_around_its_kept_table(client, demo):
    """Someone else's booking renews the versions the page is kept under: the page
    is rendered again, but the table finds the same records and is reused."""
    from django.test import override_settings

    from support import services as school
    from tests.support.factories import CourseFactory
    from wco_sse.core import fragments

    person = PersonFactory(family_name="確認")
    AffiliationFactory(person=person, position=Affiliation.Position.MEMBER)
    request = erasure_request(person)
    other = PersonFactory(with_account=True)
    AffiliationFactory(person=other)
    url = reverse("members:privacy_erasure", args=[request.pk])
    client.force_login(demo["secgen"])
    client.get(url)
    school.application_create(actor=other.account, course=CourseFactory(), person=other)
    with override_settings(WCO_FRAGMENT_STATS=True):
        fragments._stats.clear()
        page = client.get(url)
        counts = fragments.hit_counts()
    assert counts["page:members:privacy_erasure"] == {"hit": 0, "miss": 1}
    assert counts["privacy-plan"] == {"hit": 1, "miss": 0}
    assert "所属" in page.content.decode()


def test_the_export_page_read_again_is_answered_whole_until_it_changes(
    client, demo, monkeypatch
):
    """The export preview is kept whole like the dry run: read again while nothing
    changed, no template is rendered; a new record, the run export and the file's
    expiry (a moment, not a write) each show on the next reading."""
    person = PersonFactory(family_name="確認")
    request = export_request(person)
    url = reverse("members:privacy_export", args=[request.pk])
    client.force_login(demo["secgen"])
    first, kept = rendered_then_kept(client, url, "members/privacy/export_preview.html")

    def total(response):
        page = response.content.decode()
        return int(page.split("<tfoot>")[1].split('class="text-end">')[1].split("<")[0])

    assert total(kept) == total(first)

    AffiliationFactory(person=person, position=Affiliation.Position.MEMBER)
    fresh = client.get(url)
    assert fresh.templates
    assert total(fresh) == total(first) + 1
    assert "ZIPをダウンロード" not in fresh.content.decode()

    exports.privacy_export_run(actor=demo["secgen"], request=request)
    # Its file kept for a second more (not its days): the expiry comes the same day.
    soon = timezone.now() + datetime.timedelta(seconds=1)
    PrivacyRequest.objects.filter(pk=request.pk).update(expires_at=soon)
    done = client.get(url)
    assert "ZIPをダウンロード" in done.content.decode()
    assert not client.get(url).templates

    later = soon + datetime.timedelta(seconds=1)
    monkeypatch.setattr(exports.timezone, "now", lambda: later)
    expired = client.get(url).content.decode()
    assert "ZIPをダウンロード" not in expired
    assert "開示データのファイルは" in expired
