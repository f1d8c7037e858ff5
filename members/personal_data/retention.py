"""Retention rules (保存期間): how long each kind of record is kept, and the runs that
apply them.

A rule (``RetentionRule``, data the secretary-general edits) names a retention kind
an app declares (``registry.Retention``) by its code and sets the years. A run finds,
for every active rule whose kind some app offers, the records whose anchor (a
consultation's closing, a course's last session) lies before the cutoff (today in
Japan minus the rule's years) and applies the kind's fate to them, as an erasure
does; nothing is touched without an active rule. A real run is written to the
erasure journal (one entry per run, with every record touched), so a restore
replays it; the monthly dry run only counts, and tells the secretary-general what
the next run will touch.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..models import Person, RetentionRule, RetentionRun, Role, RoleAssignment
from . import engine, journal
from .registry import Fate, retention_kinds

MIN_YEARS = 1
MAX_YEARS = 30


def today() -> datetime.date:
    """Today in Japan (the portal's time zone), whatever the server's clock says."""
    return timezone.localdate()


def cutoff_for(years: int, day: datetime.date | None = None) -> datetime.date:
    """``day`` (today) minus ``years`` years; 29 February becomes the 28th."""
    day = day or today()
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass
class RuleState:
    """A rule with the kind an app declares for it (None: no app offers the code)."""

    rule: RetentionRule
    declaration: object | None
    retention: object | None
    cutoff: datetime.date

    @property
    def offered(self):
        return self.retention is not None

    @property
    def applies(self):
        """Whether a run touches this rule's records."""
        return self.offered and self.rule.active

    @property
    def label(self):
        return str(self.retention.label) if self.offered else ""

    @property
    def anchor(self):
        return str(self.retention.anchor) if self.offered else ""

    @property
    def fate_label(self):
        return str(Fate(self.retention.fate).label) if self.offered else ""

    def due(self):
        """The records due now (a queryset); only for an offered kind."""
        return self.retention.due(self.cutoff)


def rule_states(rules=None, *, day=None) -> list[RuleState]:
    """Every rule (or those given) with its kind and cutoff, in code order."""
    kinds = retention_kinds()
    day = day or today()
    if rules is None:
        rules = RetentionRule.objects.order_by("code")
    states = []
    for rule in rules:
        declaration, retention = kinds.get(rule.code, (None, None))
        states.append(
            RuleState(
                rule=rule,
                declaration=declaration,
                retention=retention,
                cutoff=cutoff_for(rule.years, day),
            )
        )
    return states


def due_counts(states) -> dict[str, int]:
    """How many records each applying rule would touch now."""
    return {s.rule.code: s.due().count() for s in states if s.applies}


def _cutoffs(states) -> dict[str, str]:
    return {s.rule.code: s.cutoff.isoformat() for s in states if s.applies}


def anonymous_alias() -> str:
    """The name anonymized records keep: the same words as the shared anonymous
    entry, in the portal's language whatever the task's."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Anonymized")


# ---------------------------------------------------------------- dry run and run


def _dry_run_within(*, actor, scheduled) -> RetentionRun:
    started = timezone.now()
    states = rule_states()
    return RetentionRun.objects.create(
        started_at=started,
        finished_at=timezone.now(),
        dry_run=True,
        scheduled=scheduled,
        counts=due_counts(states),
        cutoffs=_cutoffs(states),
        actor=actor,
    )


def retention_dry_run(*, actor=None, scheduled=False) -> RetentionRun:
    """Count what a run would touch now, per rule, and keep it as a report. With an
    actor (the "dry run now" button) the secretary-general's; the monthly task runs
    it without one."""
    if actor is not None:
        require(actor, "members.manage_retention")
    with service_transaction():
        return _dry_run_within(actor=actor, scheduled=scheduled)


def _run_order(state):
    # Deletions before anonymizations (as an erasure does), then the declarations'
    # order, so a child row goes before what it points at.
    return (
        state.retention.fate != Fate.DELETE,
        state.declaration.order,
        state.rule.code,
    )


def retention_run(*, actor=None, scheduled=False) -> RetentionRun:
    """Apply every active rule whose kind an app offers, in one transaction, and
    journal the records touched (one entry for the run). A rule no app offers, or
    one not applied, touches nothing."""
    if actor is not None:
        require(actor, "members.manage_retention")
    with service_transaction():
        started = timezone.now()
        # The rule rows are locked for the run: an edit, or a second run, waits.
        rules = list(
            RetentionRule.objects.select_for_update(of=("self",)).order_by("pk")
        )
        states = sorted((s for s in rule_states(rules) if s.applies), key=_run_order)
        alias = anonymous_alias()
        records, counts = [], {}
        for state in states:
            retention = state.retention
            touched = engine.apply_fate(
                state.declaration.model,
                state.due(),
                retention.fate,
                retention.scrub,
                alias,
            )
            records += [[*record, state.rule.code] for record in touched]
            counts[state.rule.code] = len(touched)
        # Every run is journaled, one that touched nothing too: the journal then
        # shows that the rules ran each night.
        entry = journal.journal_append_within(
            kind="retention",
            subject=",".join(sorted(counts)),
            records=records,
            counts=counts,
            actor=actor,
        )
        run = RetentionRun.objects.create(
            started_at=started,
            finished_at=timezone.now(),
            dry_run=False,
            scheduled=scheduled,
            counts=dict(sorted(counts.items())),
            cutoffs=_cutoffs(states),
            actor=actor,
            journal_entry=entry,
        )
        audit_record(
            actor=actor,
            action="retention.run",
            target=run,
            message=", ".join(f"{code}: {n}" for code, n in sorted(counts.items())),
            data={"counts": counts, "journal": entry.seq if entry else None},
        )
        return run


def retention_run_scheduled() -> RetentionRun:
    """The nightly run (Celery beat): safe to run twice, the second finds nothing due."""
    return retention_run(scheduled=True)


# ---------------------------------------------------------------- the monthly report


def secretaries_general(day=None) -> list[Person]:
    day = day or today()
    return list(
        Person.objects.filter(
            pk__in=RoleAssignment.objects.current(day)
            .filter(role=Role.SECRETARY_GENERAL)
            .values("person_id")
        ).order_by("pk")
    )


def report_rows(run, states=None) -> list[dict]:
    """One row per rule of a run's report: its kind, years, cutoff and count."""
    states = states if states is not None else rule_states()
    by_code = {s.rule.code: s for s in states}
    rows = []
    for code, count in run.counts.items():
        state = by_code.get(code)
        cutoff = run.cutoffs.get(code)
        rows.append(
            {
                "code": code,
                "label": state.label if state is not None else "",
                "fate": state.fate_label if state is not None else "",
                "years": state.rule.years if state is not None else None,
                "cutoff": datetime.date.fromisoformat(cutoff) if cutoff else None,
                "count": count,
            }
        )
    return rows


def retention_report_monthly() -> RetentionRun:
    """The monthly dry run, emailed to every current secretary-general with the
    count per rule and a link to its report (once a month each)."""
    with service_transaction():
        run = _dry_run_within(actor=None, scheduled=True)
        rows = report_rows(run)
        url = settings.WCO_SITE_URL + reverse("members:retention_run", args=[run.pk])
        month = timezone.localtime(run.started_at).strftime("%Y-%m")
        for person in secretaries_general():
            email_queue(
                key=f"retention-report:{person.pk}:{month}",
                template="retention_report",
                to=person.contact_email,
                language=getattr(person, "language", "") or "ja",
                context={
                    "person": person,
                    "run": run,
                    "rows": rows,
                    "total": run.total,
                    "report_url": url,
                },
            )
    return run


# ---------------------------------------------------------------- editing a rule

EDITABLE = ("years", "reason", "active", "confirmed")


def retention_rule_update(
    *,
    actor,
    rule: RetentionRule,
    years: int,
    reason: str,
    active: bool,
    confirmed: bool,
) -> RetentionRule:
    """Change a rule's years, reason, whether it is applied and whether it is
    confirmed; the change is audited with old and new values."""
    require(actor, "members.manage_retention", rule)
    if years is None or not MIN_YEARS <= years <= MAX_YEARS:
        raise ServiceError(
            _("Keep records between %(min)s and %(max)s years.")
            % {"min": MIN_YEARS, "max": MAX_YEARS},
            field="years",
        )
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why records are kept this long."), field="reason")
    with service_transaction():
        locked = RetentionRule.objects.select_for_update(of=("self",)).get(pk=rule.pk)
        wanted = {
            "years": years,
            "reason": reason,
            "active": bool(active),
            "confirmed": bool(confirmed),
        }
        changes = {}
        for name in EDITABLE:
            old = getattr(locked, name)
            if old != wanted[name]:
                changes[name] = [old, wanted[name]]
                setattr(locked, name, wanted[name])
        if not changes:
            return locked
        locked.updated_by = actor
        locked.save(update_fields=[*changes, "updated_by", "updated_at"])
        audit_record(
            actor=actor,
            action="retention.rule_update",
            target=locked,
            message=", ".join(changes),
            data={"changes": changes},
        )
    return locked


# ---------------------------------------------------------------- reads for the pages


def retention_rule_get_for(*, user, pk) -> RetentionRule:
    """A rule to edit: the secretary-general's (404 to everyone else)."""
    from wco_sse.core.selectors import get_visible_or_404

    return get_visible_or_404(
        RetentionRule.objects.all(), user=user, perm="members.manage_retention", pk=pk
    )


def retention_run_get_for(*, user, pk) -> RetentionRun:
    """A run's report: the secretary-general's and the 監事's (404 to others)."""
    from wco_sse.core.selectors import get_visible_or_404

    return get_visible_or_404(
        retention_run_list(), user=user, perm="members.view_retention", pk=pk
    )


def retention_run_list():
    """Runs and dry runs, newest first, with who ran them and their journal entry."""
    return RetentionRun.objects.select_related(
        "actor__person", "journal_entry"
    ).order_by("-started_at", "-pk")
