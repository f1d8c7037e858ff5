"""Erasure (削除・利用停止) on a person's request: the dry run the secretary-general
reads, and the erasure itself, in one transaction with its journal entry.

Lock order: the person's row first (an edit of the same person waits for it, then
finds the person erased), then the request's.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.dates import format_day
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..models import Person, PrivacyRequest
from . import engine, journal, snapshots
from .registry import Fate


def privacy_erasure_plan(*, actor, request) -> engine.Plan:
    """What an erasure of the request's person would do, and what stops it, made of
    its parts as kept (``snapshots.kept_parts``). The reading as a whole is not
    kept: the page that shows it is kept whole under the same versions, and under
    the day's bookings, which renew them, it would never be read again."""
    require(actor, "members.erase_person", request)
    person = request.person
    return engine.erasure_plan(
        person, keep=lambda parts: snapshots.kept_parts(person, parts)
    )


def confirmation_matches(person, typed) -> bool:
    """The secretary-general types the registry number shown on the page (or the
    pseudonym 削除済み #n): a slip between two open requests cannot erase the
    wrong person."""
    typed = (typed or "").strip().lstrip("#＃").strip()
    return typed in {str(person.pk), engine.pseudonym(person)}


def blockers_message(blockers) -> str:
    return _("The erasure cannot go ahead yet: %(blockers)s") % {
        "blockers": "; ".join(
            _("%(record)s: %(reason)s (first: %(action)s)")
            % {"record": b.record, "reason": b.reason, "action": b.action}
            for b in blockers
        )
    }


def journal_counts(records, plan_counts) -> dict:
    """Rows handled per fate, as the erasure touched them; kept rows (untouched, so
    not in the records) as the plan counted them."""
    # Each record once per fate (several links may find the same row).
    counts = Counter(
        fate
        for fate, _label, _pk in {
            (record[2].split(":")[0], record[0], record[1]) for record in records
        }
    )
    if plan_counts.get(Fate.KEEP):
        counts[str(Fate.KEEP)] = plan_counts[Fate.KEEP]
    return dict(sorted(counts.items()))


def privacy_erasure_execute(*, actor, request, confirm_name, expected_version=None):
    """Erase the request's person: anonymize or delete every record the declarations
    name, journal it, close the request and tell the person (at the address on
    record, before it is scrubbed). Answers the journal entry.

    ``expected_version`` is the person's record version the dry run showed: an edit
    saved in between refuses the erasure (look again), and an edit based on the
    version before the erasure is refused as a conflict (the erasure renews it)."""
    require(actor, "members.erase_person", request)
    with service_transaction():
        person = Person.objects.select_for_update(of=("self",)).get(
            pk=request.person_id
        )
        locked = PrivacyRequest.objects.select_for_update(of=("self",)).get(
            pk=request.pk
        )
        if person.erased_at is not None:
            raise ServiceError(
                _("This person's data was already erased on %(day)s.")
                % {"day": format_day(timezone.localtime(person.erased_at))}
            )
        if not locked.is_open:
            raise ServiceError(
                _("This request is %(state)s; only an open request is carried out.")
                % {"state": locked.get_state_display()}
            )
        if expected_version is not None and person.version != expected_version:
            raise ServiceError(
                _(
                    "This person's record was changed after the dry run was shown; "
                    "read the dry run again before erasing."
                )
            )
        if not confirmation_matches(person, confirm_name):
            raise ServiceError(
                _("Type the registry number %(number)s to confirm the erasure.")
                % {"number": person.pk},
                field="confirm",
            )
        blockers = engine.erasure_blockers(person)
        if blockers:
            raise ServiceError(blockers_message(blockers))
        plan_counts = engine.erasure_plan(person).counts
        # The address and the language are gone once the person's entry is scrubbed;
        # the email is queued after the scrub, which deletes the unsent mail to that
        # address (it holds nothing but the request's number).
        address, language = person.contact_email, person.language or "ja"
        records = engine.erase_within(person, actor=actor)
        if address:
            email_queue(
                key=f"privacy-erasure-done-{locked.pk}",
                template="privacy_erasure_done",
                to=address,
                language=language,
                context={"number": locked.pk},
            )
        now = timezone.now()
        Person.objects.filter(pk=person.pk).update(
            erased_at=now, version=F("version") + 1
        )
        counts = journal_counts(records, plan_counts)
        entry = journal.journal_append_within(
            kind="erasure",
            subject=person.pk,
            records=records,
            counts=counts,
            actor=actor,
        )
        locked.state = PrivacyRequest.State.DONE
        locked.closed_at = now
        locked.handled_by = actor
        locked.journal_entry = entry
        locked.save(update_fields=["state", "closed_at", "handled_by", "journal_entry"])
        audit_record(
            actor=actor,
            action="privacy.erasure",
            target=locked,
            data={"journal_seq": entry.seq, "journal_id": str(entry.id), **counts},
        )
    return entry
