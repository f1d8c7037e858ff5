"""The erasure journal: every erasure and retention run as ids and a hash chain.

Entries live in the database (for the secretary-general and the 監事 to read) and,
once their transaction commits, as one JSON line each in the journal file
(``settings.WCO_PRIVACY_JOURNAL``), which is kept outside the database and its
backups. ``replay()`` applies every entry of the file that a restored database
lacks, so a backup older than an erasure never brings the person back.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from members.models import ErasureJournalEntry


def journal_path() -> Path:
    return Path(settings.WCO_PRIVACY_JOURNAL)


def _payload(entry) -> dict:
    return {
        "id": str(entry.id),
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "kind": entry.kind,
        "subject": entry.subject,
        "records": entry.records,
        "counts": entry.counts,
        "actor": entry.actor_id_recorded,
        "previous_hash": entry.previous_hash,
    }


def entry_hash(payload: dict) -> str:
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def journal_append_within(*, kind, subject, records, counts, actor=None):
    """Write one entry inside the caller's transaction; the file gets it on commit."""
    last = (
        ErasureJournalEntry.objects.select_for_update()
        .order_by("-seq")
        .only("seq", "hash")
        .first()
    )
    entry = ErasureJournalEntry(
        seq=(last.seq + 1) if last else 1,
        at=timezone.now(),
        kind=kind,
        subject=str(subject),
        records=records,
        counts=counts,
        actor_id_recorded=getattr(actor, "pk", None),
        previous_hash=last.hash if last else "",
    )
    entry.hash = entry_hash(_payload(entry))
    entry.save()
    transaction.on_commit(lambda: write_to_file([entry]))
    return entry


def _file_ids(path: Path) -> set[str]:
    return {line["id"] for line in read_file(path)}


def read_file(path: Path | None = None) -> list[dict]:
    path = path or journal_path()
    if not path.exists():
        return []
    lines = []
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            raw = raw.strip()
            if raw:
                lines.append(json.loads(raw))
    return lines


def write_to_file(entries) -> int:
    """Append the entries the file does not hold yet; answer how many."""
    path = journal_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    known = _file_ids(path)
    written = 0
    with path.open("a", encoding="utf-8") as handle:
        for entry in entries:
            if str(entry.id) in known:
                continue
            line = _payload(entry) | {"hash": entry.hash}
            handle.write(json.dumps(line, sort_keys=True, ensure_ascii=True) + "\n")
            written += 1
        handle.flush()
        os.fsync(handle.fileno())
    return written


def sync_file() -> int:
    """Append to the file any entry the database has and the file lacks (a crash
    between a commit and its file write); run nightly and before a backup."""
    return write_to_file(ErasureJournalEntry.objects.order_by("seq"))


def verify_chain(lines: list[dict]) -> list[str]:
    """The problems in a journal's hash chain (empty when it is whole)."""
    problems = []
    previous = ""
    for line in sorted(lines, key=lambda line: line["seq"]):
        payload = {k: v for k, v in line.items() if k != "hash"}
        if entry_hash(payload) != line["hash"]:
            problems.append(f"entry {line['seq']}: hash does not match its content")
        if line["previous_hash"] != previous:
            problems.append(f"entry {line['seq']}: previous hash does not match")
        previous = line["hash"]
    return problems


class JournalError(Exception):
    """A journal file that cannot be replayed (its chain is broken)."""


def replay(path: Path | None = None, *, log=print) -> list[dict]:
    """Apply every entry of the journal file that the database lacks (by id), oldest
    first, and insert the entry itself (same id, number and hash) with its replay
    time: an erasure erases the person again if their entry is there and not erased;
    a retention run applies each record's fate again, with the scrub of the retention
    kind its code names. Answers the lines replayed; a second run finds none.

    Refuses a file whose hash chain is broken: a journal someone edited is no ground
    for changing the data."""
    from django.db import transaction

    lines = read_file(path)
    problems = verify_chain(lines)
    if problems:
        raise JournalError("; ".join(problems))
    known = {str(pk) for pk in ErasureJournalEntry.objects.values_list("id", flat=True)}
    replayed = []
    for line in sorted(lines, key=lambda line: line["seq"]):
        if line["id"] in known:
            continue
        with transaction.atomic():
            if line["kind"] == ErasureJournalEntry.Kind.ERASURE:
                _replay_erasure(line)
            else:
                _replay_retention(line)
            ErasureJournalEntry.objects.create(
                id=line["id"],
                seq=line["seq"],
                at=line["at"],
                kind=line["kind"],
                subject=line["subject"],
                records=line["records"],
                counts=line["counts"],
                actor_id_recorded=line["actor"],
                previous_hash=line["previous_hash"],
                hash=line["hash"],
                replayed_at=timezone.now(),
            )
        log(f"replayed journal entry #{line['seq']} ({line['kind']}, {line['id']})")
        replayed.append(line)
    return replayed


def _replay_erasure(line):
    from members.models import Person

    from . import engine

    person = (
        Person.objects.select_for_update(of=("self",))
        .filter(pk=line["subject"])
        .first()
    )
    if person is None or person.erased_at is not None:
        return
    from django.db.models import F

    engine.erase_within(person)
    Person.objects.filter(pk=person.pk).update(
        erased_at=line["at"], version=F("version") + 1
    )


def _replay_retention(line):
    from django.apps import apps

    from . import engine
    from .registry import retention_kinds

    kinds = retention_kinds()
    alias = None
    for label, pk, fate, code in line["records"]:
        if code not in kinds:
            raise JournalError(f"entry {line['seq']}: no retention kind {code}")
        _declaration, retention = kinds[code]
        model = apps.get_model(label)
        rows = model._default_manager.filter(pk=pk)
        if alias is None:
            alias = engine.anonymous_person().full_name
        engine.apply_fate(model, rows, fate, retention.scrub, alias)
