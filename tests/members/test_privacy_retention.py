"""Retention rules (保存期間): the seeded rules, the dry run and the run, the monthly
report and who may see and change what.

The record kinds here are a fake (requests, declared by the test), so these tests
hold whatever the apps' own declarations offer."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import (
    ErasureJournalEntry,
    PrivacyRequest,
    RetentionRule,
    RetentionRun,
)
from members.personal_data import journal, reference, retention
from members.personal_data.registry import (
    EMPTY,
    PSEUDONYM,
    Declaration,
    Fate,
    Retention,
)
from tests.factories import PersonFactory
from wco_sse.core.errors import PermissionDenied, ServiceError
from wco_sse.core.models import AuditEntry, OutboundEmail

ANON = "test.anonymized"
GONE = "test.deleted"
IDLE = "test.inactive"
NOBODY = "test.nobody"


def _due(kind):
    def due(cutoff):
        return PrivacyRequest.objects.filter(
            details__startswith=kind, closed_at__date__lt=cutoff
        )

    return due


@pytest.fixture
def kinds(monkeypatch):
    """Three fake record kinds on personal-data requests (details name the kind):
    one anonymized, one deleted, one whose rule is not applied; and a rule for a
    kind no app offers."""
    declaration = Declaration(model=PrivacyRequest, label="テスト")
    offered = {
        ANON: (
            declaration,
            Retention(
                code=ANON,
                label="匿名化する記録",
                anchor="終了日",
                due=_due(ANON),
                fate=Fate.ANONYMIZE,
                scrub={"details": PSEUDONYM, "answer": EMPTY},
            ),
        ),
        GONE: (
            declaration,
            Retention(
                code=GONE,
                label="削除する記録",
                anchor="終了日",
                due=_due(GONE),
                fate=Fate.DELETE,
            ),
        ),
        IDLE: (
            declaration,
            Retention(
                code=IDLE, label="適用しない記録", anchor="終了日", due=_due(IDLE)
            ),
        ),
    }
    monkeypatch.setattr(retention, "retention_kinds", lambda: offered)
    for code, active in ((ANON, True), (GONE, True), (IDLE, False), (NOBODY, True)):
        RetentionRule.objects.create(code=code, years=5, reason="テスト", active=active)
    return offered


def _request(kind, *, years_ago):
    closed = timezone.now() - datetime.timedelta(days=int(365.25 * years_ago))
    return PrivacyRequest.objects.create(
        person=PersonFactory(),
        kind=PrivacyRequest.Kind.CORRECTION,
        state=PrivacyRequest.State.DONE,
        channel=PrivacyRequest.Channel.EMAIL,
        details=f"{kind} 住所の訂正",
        answer="訂正しました",
        closed_at=closed,
    )


@pytest.fixture
def records(kinds):
    return {
        "old_anon": _request(ANON, years_ago=6),
        "new_anon": _request(ANON, years_ago=2),
        "old_gone": [_request(GONE, years_ago=7), _request(GONE, years_ago=9)],
        "new_gone": _request(GONE, years_ago=1),
        "old_idle": _request(IDLE, years_ago=20),
    }


@pytest.mark.django_db
def test_the_seeded_rules_are_there_to_confirm():
    """Every kind the issue names has a rule with its years and a reason in
    Japanese, none confirmed yet; loading again changes no edited rule."""
    reference.ensure_loaded()
    rules = {rule.code: rule for rule in RetentionRule.objects.all()}
    expected = {
        "support.consultation_records": 5,
        "support.course_records": 5,
        "support.talent_dormant": 2,
        "network.fund_not_awarded": 5,
        "core.audit_entries": 10,
        "core.export_logs": 10,
        "secretariat.written_responses": 10,
    }
    assert {code: rules[code].years for code in expected} == expected
    assert not any(rules[code].confirmed for code in expected)
    assert "要確認" in rules["support.consultation_records"].reason
    RetentionRule.objects.filter(code="core.export_logs").update(years=7)
    reference.load(RetentionRule)
    assert RetentionRule.objects.get(code="core.export_logs").years == 7


@pytest.mark.django_db
def test_a_dry_run_and_the_run_agree(demo, records):
    """The dry run counts what the run then handles; the records past their period
    are anonymized or deleted, the others stay as they were."""
    dry = retention.retention_dry_run(actor=demo["secgen"])
    assert dry.dry_run and dry.counts == {ANON: 1, GONE: 2}
    assert PrivacyRequest.objects.filter(details__startswith=GONE).count() == 3

    run = retention.retention_run(actor=demo["secgen"])
    assert not run.dry_run and run.counts == dry.counts
    old = PrivacyRequest.objects.get(pk=records["old_anon"].pk)
    assert old.details == "匿名化済み" and old.answer == ""
    assert PrivacyRequest.objects.get(pk=records["new_anon"].pk).details.startswith(
        ANON
    )
    assert not PrivacyRequest.objects.filter(pk__in=[r.pk for r in records["old_gone"]])
    assert PrivacyRequest.objects.filter(pk=records["new_gone"].pk).exists()
    cutoff = retention.cutoff_for(5)
    assert run.cutoffs == {ANON: cutoff.isoformat(), GONE: cutoff.isoformat()}
    # A second run finds nothing left to do.
    assert retention.retention_run_scheduled().total == 0


@pytest.mark.django_db
def test_nothing_is_touched_without_an_applied_rule(demo, records):
    """A rule not applied touches nothing; a rule whose kind no app offers is
    skipped without an error; a kind with no rule at all is never touched."""
    RetentionRule.objects.filter(code=ANON).delete()
    run = retention.retention_run(actor=demo["secgen"])
    assert set(run.counts) == {GONE}
    assert PrivacyRequest.objects.get(pk=records["old_idle"].pk).details.startswith(
        IDLE
    )
    assert PrivacyRequest.objects.get(pk=records["old_anon"].pk).details.startswith(
        ANON
    )


@pytest.mark.django_db
def test_a_run_writes_one_journal_entry_that_the_file_gets(
    demo, records, django_capture_on_commit_callbacks
):
    """Every record the run touched is in one journal entry (with its rule's code),
    and the journal file outside the database gets the entry."""
    before = ErasureJournalEntry.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        run = retention.retention_run(actor=demo["secgen"])
    assert ErasureJournalEntry.objects.count() == before + 1
    entry = run.journal_entry
    assert entry.kind == "retention" and entry.subject == f"{ANON},{GONE}"
    assert sorted(entry.records) == sorted(
        [
            ["members.PrivacyRequest", str(r.pk), "delete", GONE]
            for r in records["old_gone"]
        ]
        + [["members.PrivacyRequest", str(records["old_anon"].pk), "anonymize", ANON]]
    )
    lines = journal.read_file()
    assert [line["id"] for line in lines][-1] == str(entry.id)
    assert journal.verify_chain(lines) == []


@pytest.mark.django_db
def test_a_run_with_nothing_due_is_journaled_too(demo, kinds):
    """The journal shows every night the rules ran, with nothing touched."""
    before = ErasureJournalEntry.objects.count()
    run = retention.retention_run(actor=demo["secgen"])
    assert run.total == 0
    assert run.journal_entry is not None and run.journal_entry.records == []
    assert ErasureJournalEntry.objects.count() == before + 1


@pytest.mark.django_db
def test_the_monthly_report_emails_the_secretary_general(demo, records):
    """The monthly dry run goes to the secretary-general with the count per rule
    and a link to its report; running it again that month sends nothing more."""
    run = retention.retention_report_monthly()
    secgen = demo.ctx.accounts["secgen@example.org"]
    emails = OutboundEmail.objects.filter(template="retention_report")
    assert [email.to for email in emails] == [secgen.contact_email]
    body = emails[0].body_text
    assert "匿名化する記録" in body and "削除する記録" in body
    assert reverse("members:retention_run", args=[run.pk]) in body
    assert run.dry_run and run.counts == {ANON: 1, GONE: 2}
    retention.retention_report_monthly()
    assert emails.count() == 1
    # Nothing was changed.
    assert PrivacyRequest.objects.filter(details__startswith=GONE).count() == 3


@pytest.mark.django_db
def test_the_auditor_reads_but_cannot_edit_or_run(client, demo, kinds):
    run = retention.retention_dry_run(actor=demo["secgen"])
    rule = RetentionRule.objects.get(code=ANON)
    client.force_login(demo["auditor"])
    page = client.get(reverse("members:retention_rules"))
    assert page.status_code == 200
    assert "匿名化する記録" in page.content.decode()
    assert (
        reverse("members:retention_rule_edit", args=[rule.pk])
        not in page.content.decode()
    )
    assert client.get(reverse("members:retention_runs")).status_code == 200
    assert (
        client.get(reverse("members:retention_run", args=[run.pk])).status_code == 200
    )
    assert (
        client.get(reverse("members:retention_rule_edit", args=[rule.pk])).status_code
        == 404
    )
    assert client.post(reverse("members:retention_dry_run")).status_code == 403
    assert (
        client.post(
            reverse("members:retention_run_now"), {"confirm": "yes"}
        ).status_code
        == 403
    )
    assert RetentionRun.objects.count() == 1
    with pytest.raises(PermissionDenied):
        retention.retention_rule_update(
            actor=demo["auditor"],
            rule=rule,
            years=1,
            reason="x",
            active=True,
            confirmed=True,
        )


@pytest.mark.django_db
def test_editing_a_rule_is_audited(client, demo, kinds):
    rule = RetentionRule.objects.get(code=ANON)
    client.force_login(demo["secgen"])
    url = reverse("members:retention_rule_edit", args=[rule.pk])
    response = client.post(
        url, {"years": "7", "reason": "理事会で決定", "active": "on", "confirmed": "on"}
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.years, rule.reason, rule.active, rule.confirmed) == (
        7,
        "理事会で決定",
        True,
        True,
    )
    entry = AuditEntry.objects.get(
        action="retention.rule_update", target_id=str(rule.pk)
    )
    assert entry.data["changes"]["years"] == [5, 7]
    assert entry.data["changes"]["confirmed"] == [False, True]
    # Out of range: refused at the field, nothing saved.
    response = client.post(url, {"years": "31", "reason": "x", "active": "on"})
    assert response.status_code == 200 and response.context["form"].errors["years"]
    with pytest.raises(ServiceError):
        retention.retention_rule_update(
            actor=demo["secgen"],
            rule=rule,
            years=0,
            reason="x",
            active=True,
            confirmed=True,
        )
    assert RetentionRule.objects.get(pk=rule.pk).years == 7


@pytest.mark.django_db
def test_run_now_asks_first(client, demo, records):
    """ "Run now" shows what will be touched and changes nothing until confirmed."""
    client.force_login(demo["secgen"])
    page = client.post(reverse("members:retention_run_now"))
    assert page.status_code == 200 and "削除する記録" in page.content.decode()
    assert not RetentionRun.objects.exists()
    assert PrivacyRequest.objects.filter(details__startswith=GONE).count() == 3
    response = client.post(reverse("members:retention_run_now"), {"confirm": "yes"})
    run = RetentionRun.objects.get()
    assert response.url == reverse("members:retention_run", args=[run.pk])
    report = client.get(response.url).content.decode()
    assert f"#{run.journal_entry.seq}" in report
    assert PrivacyRequest.objects.filter(details__startswith=GONE).count() == 1


@pytest.mark.django_db
def test_the_rules_page_shows_a_kind_no_app_offers(client, demo, kinds):
    client.force_login(demo["secgen"])
    page = client.get(reverse("members:retention_rules")).content.decode()
    assert NOBODY in page
    assert "この種類の記録を扱う機能がポータルにない" in page


@pytest.mark.django_db
def test_the_runs_list_takes_the_same_queries_for_more_runs(
    client, demo, kinds, django_assert_max_num_queries
):
    client.force_login(demo["secgen"])
    url = reverse("members:retention_runs")
    for _ in range(2):
        retention.retention_run(actor=demo["secgen"])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(20):
        retention.retention_dry_run(actor=demo["secgen"])
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200
