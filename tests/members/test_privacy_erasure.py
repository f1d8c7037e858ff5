"""Erasure (削除・利用停止): the dry run, the erasure and its journal.

A blocker refuses with its reason; the dry run's counts are what the erasure does;
afterwards the person's name is on no page, in no export and in no email; the
journal file gets the entry when the transaction commits and its chain holds; the
journal replays an erasure a database lacks."""

import json
import re
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from members.models import ErasureJournalEntry, Person, PrivacyRequest
from members.personal_data import engine, erasure, journal, registry
from members.personal_data.registry import Blocker, Declaration, Fate
from tests.factories import PersonFactory
from tests.members.privacy_erasure_support import erasure_request, person_declared
from tests.privacy.world import person_with_every_kind
from tests.test_permission_matrix import all_urls
from wco_sse.core.errors import PermissionDenied, ServiceError
from wco_sse.core.models import AuditEntry, OutboundEmail

__all__ = ["person_declared"]  # the fixture, used by name


def marker():
    return f"消去{uuid.uuid4().hex[:8]}"


def _erase(demo, request, **kwargs):
    # In English, so that a refusal's message can be matched.
    with translation.override("en"):
        return erasure.privacy_erasure_execute(
            actor=demo["secgen"],
            request=request,
            confirm_name=str(request.person_id),
            **kwargs,
        )


@pytest.fixture
def no_blockers(monkeypatch):
    """The other apps' blockers (a seat, an open consultation) each have their own
    test; the person holding every kind of record is erased as if done with them."""
    monkeypatch.setattr(engine, "erasure_blockers", lambda person, **kwargs: [])


def with_blocker(monkeypatch, person):
    blocker = Blocker(
        record="理事会の席",
        reason="現在の任期中です",
        action="任期を終える",
        url="/secretariat/bodies/",
    )
    monkeypatch.setitem(
        registry._DECLARATIONS,
        "tests.Blocker",
        Declaration(
            model=Person,
            label="blocker",
            blockers=lambda p: [blocker] if p.pk == person.pk else [],
        ),
    )
    return blocker


# --- The service -------------------------------------------------------------------


@pytest.mark.django_db
def test_a_blocker_refuses_the_erasure_with_its_reason(
    demo, monkeypatch, person_declared
):
    person = PersonFactory(family_name="阻止")
    request = erasure_request(person)
    with_blocker(monkeypatch, person)
    with pytest.raises(ServiceError, match=r"現在の任期中です.*任期を終える"):
        _erase(demo, request)
    person.refresh_from_db()
    request.refresh_from_db()
    assert person.family_name == "阻止" and person.erased_at is None
    assert request.state == PrivacyRequest.State.RECEIVED
    assert not ErasureJournalEntry.objects.exists()


@pytest.mark.django_db
def test_only_the_secretary_general_erases(demo, person_declared):
    request = erasure_request(PersonFactory())
    for role in ("staff", "auditor", "board"):
        with pytest.raises(PermissionDenied):
            erasure.privacy_erasure_execute(
                actor=demo[role], request=request, confirm_name=str(request.person_id)
            )
    with pytest.raises(PermissionDenied):
        erasure.privacy_erasure_plan(actor=demo["staff"], request=request)


@pytest.mark.django_db
def test_the_wrong_number_a_closed_request_or_an_erased_person_is_refused(
    demo, person_declared
):
    person = PersonFactory()
    request = erasure_request(person)
    other = PersonFactory()
    with pytest.raises(ServiceError) as refused:
        erasure.privacy_erasure_execute(
            actor=demo["secgen"], request=request, confirm_name=str(other.pk)
        )
    assert refused.value.field == "confirm"
    withdrawn = erasure_request(person, state=PrivacyRequest.State.WITHDRAWN)
    with pytest.raises(ServiceError, match="only an open request"):
        _erase(demo, withdrawn)
    _erase(demo, request)
    again = erasure_request(person)
    with pytest.raises(ServiceError, match="already erased"):
        _erase(demo, again)
    assert ErasureJournalEntry.objects.count() == 1


@pytest.mark.django_db
def test_an_edit_after_the_dry_run_refuses_the_erasure(demo, person_declared):
    person = PersonFactory()
    request = erasure_request(person)
    seen = person.version
    Person.objects.filter(pk=person.pk).update(version=seen + 1)
    with pytest.raises(ServiceError, match="changed after the dry run"):
        _erase(demo, request, expected_version=seen)
    assert Person.objects.get(pk=person.pk).erased_at is None


@pytest.mark.django_db
def test_the_dry_run_and_the_erasure_agree(demo, no_blockers, person_declared):
    """The plan's counts per fate are what the erasure touched (the journal's), and
    it closes the request with its entry and an audit entry without the name."""
    name = marker()
    person, _made = person_with_every_kind(family_name=name)
    request = erasure_request(person)
    plan = erasure.privacy_erasure_plan(actor=demo["secgen"], request=request)
    assert plan.total >= 1
    entry = _erase(demo, request)
    assert entry.counts == {k: v for k, v in plan.counts.items() if v}
    assert entry.kind == "erasure" and entry.subject == str(person.pk)
    request.refresh_from_db()
    assert request.state == PrivacyRequest.State.DONE
    assert request.journal_entry == entry and request.handled_by == demo["secgen"]
    audit = AuditEntry.objects.get(action="privacy.erasure")
    assert name not in json.dumps(
        [audit.target_label, audit.message, audit.data], ensure_ascii=False
    )


@pytest.mark.django_db
def test_the_person_is_told_at_the_address_on_record_without_personal_data(
    demo, person_declared
):
    name = marker()
    person = PersonFactory(family_name=name, email="erase-me@example.org")
    request = erasure_request(person)
    _erase(demo, request)
    (email,) = OutboundEmail.objects.filter(template="privacy_erasure_done")
    assert email.to == "erase-me@example.org"
    assert str(request.pk) in email.subject
    assert name not in email.subject + email.body_text + email.body_html
    assert Person.objects.get(pk=person.pk).email == ""


def pages_to_read(made, person):
    """The registry's and the secretariat's pages without an id, the person's page,
    and the bodies, meetings and minutes the person's records reach."""
    names = [
        name
        for route, name in all_urls()
        if name
        and name.split(":")[0] in ("members", "secretariat")
        and "<" not in route
    ]
    urls = [reverse(name) for name in sorted(set(names))]
    urls.append(reverse("members:person_detail", args=[person.pk]))
    pages = {
        "secretariat.Body": "secretariat:body_detail",
        "secretariat.Meeting": "secretariat:meeting_detail",
        "secretariat.Minutes": "secretariat:minutes_detail",
    }
    for label, records in made.items():
        if label in pages:
            for record in records if isinstance(records, list | tuple) else [records]:
                urls.append(reverse(pages[label], args=[record.pk]))
    return urls


def read_pages(client, demo, urls):
    """Each role's answers to the pages (HTML only), joined."""
    seen = []
    for role in ("secgen", "staff", "board"):
        client.force_login(demo[role])
        for url in urls:
            response = client.get(url)
            if response.status_code == 200 and "html" in response.get(
                "Content-Type", ""
            ):
                seen.append(response.content.decode())
    return "\n".join(seen)


@pytest.mark.django_db
def test_after_erasure_the_name_is_on_no_page_export_or_email(
    client, demo, no_blockers, person_declared, django_capture_on_commit_callbacks
):
    name = marker()
    person, made = person_with_every_kind(family_name=name, given_name="消子")
    urls = pages_to_read(made, person)
    assert name in read_pages(client, demo, [urls[-1]])  # the page shows it before
    request = erasure_request(person)
    emails_before = set(OutboundEmail.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        _erase(demo, request)
    assert name not in read_pages(client, demo, urls)
    for someone in Person.objects.all():
        for table in engine.export_tables(someone):
            assert name not in json.dumps(table.rows, ensure_ascii=False, default=str)
    for email in OutboundEmail.objects.exclude(pk__in=emails_before):
        assert name not in email.subject + email.body_text + email.body_html


@pytest.mark.django_db
def test_the_journal_file_gets_the_entry_on_commit_and_its_chain_holds(
    demo, person_declared, django_capture_on_commit_callbacks
):
    first, second = PersonFactory(), PersonFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _erase(demo, erasure_request(first))
    assert journal.read_file() == []  # not before the commit
    for callback in callbacks:
        callback()
    with django_capture_on_commit_callbacks(execute=True):
        entry = _erase(demo, erasure_request(second))
    lines = journal.read_file()
    assert [line["seq"] for line in lines] == [1, 2]
    assert lines[-1]["id"] == str(entry.id) and lines[-1]["hash"] == entry.hash
    assert journal.verify_chain(lines) == []
    assert lines[1]["previous_hash"] == lines[0]["hash"]
    assert json.dumps(lines).find(first.family_name) == -1


# --- Replay -------------------------------------------------------------------------


def _forget_entry(entry, person, *, name):
    """The database as a backup taken before the erasure holds it."""
    PrivacyRequest.objects.filter(journal_entry=entry).update(journal_entry=None)
    ErasureJournalEntry.objects.filter(pk=entry.pk).delete()
    Person.objects.filter(pk=person.pk).update(family_name=name, erased_at=None)


@pytest.mark.django_db
def test_replay_erases_again_what_the_database_lacks_once(
    demo, person_declared, django_capture_on_commit_callbacks
):
    name = marker()
    person = PersonFactory(family_name=name)
    with django_capture_on_commit_callbacks(execute=True):
        entry = _erase(demo, erasure_request(person))
    _forget_entry(entry, person, name=name)

    replayed = journal.replay(log=lambda line: None)

    assert [line["id"] for line in replayed] == [str(entry.id)]
    person.refresh_from_db()
    assert person.erased_at is not None and name not in person.family_name
    restored = ErasureJournalEntry.objects.get(pk=entry.pk)
    assert (restored.seq, restored.hash) == (entry.seq, entry.hash)
    assert restored.replayed_at is not None
    assert journal.replay(log=lambda line: None) == []


@pytest.mark.django_db
def test_replay_refuses_a_journal_whose_chain_is_broken(
    demo, person_declared, django_capture_on_commit_callbacks
):
    person = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        entry = _erase(demo, erasure_request(person))
    path = journal.journal_path()
    line = json.loads(path.read_text())
    line["subject"] = "1"
    path.write_text(json.dumps(line) + "\n")
    _forget_entry(entry, person, name="戻")
    with pytest.raises(journal.JournalError, match="hash does not match"):
        journal.replay(log=lambda line: None)
    assert Person.objects.get(pk=person.pk).family_name == "戻"


@pytest.mark.django_db
def test_the_backup_command_brings_the_journal_file_up_to_date_first(
    demo, person_declared
):
    """An entry whose file write was lost (a crash after the commit) is written
    before a backup is taken: the before-backup step."""
    from members.personal_data.hooks_erasure import sync_journal_before_backup

    _erase(demo, erasure_request(PersonFactory()))  # the on-commit write never ran
    assert journal.read_file() == []
    sync_journal_before_backup(log=lambda line: None)
    assert len(journal.read_file()) == 1


# --- The pages ---------------------------------------------------------------------


def erase_button(page):
    return re.search(r"<button[^>]*btn-danger[^>]*>", page).group(0)


@pytest.mark.django_db
def test_the_dry_run_page_shows_every_record_and_the_blockers(
    client, demo, monkeypatch, person_declared
):
    person = PersonFactory(family_name="表示")
    request = erasure_request(person)
    url = reverse("members:privacy_erasure", args=[request.pk])
    client.force_login(demo["secgen"])
    page = client.get(url).content.decode()
    assert str(Fate.ANONYMIZE.label) in page
    assert "disabled" not in erase_button(page)
    with_blocker(monkeypatch, person)
    page = client.get(url).content.decode()
    assert "現在の任期中です" in page and "任期を終える" in page
    assert 'href="/secretariat/bodies/"' in page
    assert "disabled" in erase_button(page)
    response = client.post(url, {"confirm": str(person.pk), "version": person.version})
    assert response.status_code == 200
    assert Person.objects.get(pk=person.pk).erased_at is None


@pytest.mark.django_db
def test_the_erasure_is_carried_out_from_its_page(client, demo, person_declared):
    person = PersonFactory()
    request = erasure_request(person)
    url = reverse("members:privacy_erasure", args=[request.pk])
    client.force_login(demo["secgen"])
    response = client.post(url, {"confirm": "999999999", "version": person.version})
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(url, {"confirm": str(person.pk), "version": person.version})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    entry = ErasureJournalEntry.objects.get()
    assert f"#{entry.seq}" in page
    assert 'name="confirm"' not in page


@pytest.mark.django_db
def test_the_journal_page_reads_at_a_constant_number_of_queries(
    client, demo, person_declared, django_capture_on_commit_callbacks
):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    url = reverse("members:privacy_journal")
    client.force_login(demo["auditor"])
    with django_capture_on_commit_callbacks(execute=True):
        _erase(demo, erasure_request(PersonFactory()))
    count(url)  # the session and the roles are cached from here on
    one = count(url)
    for _ in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            _erase(demo, erasure_request(PersonFactory()))
    page = client.get(url).content.decode()
    assert count(url) == one
    entry = ErasureJournalEntry.objects.order_by("-seq").first()
    assert entry.hash[:12] in page
    assert "5" in page  # the file's five entries, chain whole
    assert client.get(url).context["chain_problems"] == []
