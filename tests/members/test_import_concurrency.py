"""Two imports committed at the same moment (PostgreSQL): whatever order their rows
name the same organizations in, one waits for the other instead of deadlocking, and
the second then fails on what the first changed."""

import time

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from members import imports
from members.imports import commit as import_commit_module
from members.imports import tasks
from members.models import ImportBatch, Municipality, Organization
from members.services import organization_create
from tests.members.concurrency import race
from tests.members.test_import_helpers import csv_file, row, secretariat_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

KAMAKURA = "鎌倉市"
NAMES = ("ワーカーズ・コレクティブ みどり", "ワーカーズ・コレクティブ そら")
KANA = ("ワーカーズコレクティブミドリ", "ワーカーズコレクティブソラ")


def _registered(staff, name, kana, phone):
    kamakura = next(m for m in Municipality.objects.all() if m.label == KAMAKURA)
    return organization_create(
        actor=staff,
        data={
            "name": name,
            "name_kana": kana,
            "municipality": kamakura,
            "phone": phone,
            "preferred_contact": "phone",
        },
    )


def _started(staff, names, workers):
    """A checked import of ``names`` (in that order) giving each a number of
    workers, its commit started but left to the test to run."""
    batch = imports.import_check(
        actor=staff,
        uploaded=csv_file(
            [row(団体名=name, 市区町村=KAMAKURA, 従事者数=workers) for name in names]
        ),
    )
    assert [r.errors for r in batch.rows.all()] == [[], []]
    imports.import_commit_start(actor=staff, batch=batch)
    return batch


def test_two_commits_over_the_same_organizations_wait_instead_of_deadlocking(
    monkeypatch,
):
    staff = secretariat_user()
    phones = ("0467-00-0001", "0467-00-0002")
    for name, kana, phone in zip(NAMES, KANA, phones, strict=True):
        _registered(staff, name, kana, phone)
    # The worker is this test: the queued tasks must not run on their own.
    monkeypatch.setattr(tasks.import_commit, "delay", lambda *args: None)
    forward = _started(staff, NAMES, "5")
    backward = _started(staff, NAMES[::-1], "7")
    apply_row = import_commit_module._apply_row

    def slow(**kwargs):
        applied = apply_row(**kwargs)
        time.sleep(0.5)  # hold the row while the other commit reaches for it
        return applied

    monkeypatch.setattr(import_commit_module, "_apply_row", slow)

    def commit(index):
        batch = (forward, backward)[index]
        with translation.override("en"):
            return imports.import_commit_run(batch_id=batch.pk, actor_id=staff.pk)

    results = race(commit)
    assert sorted(results) == [ImportBatch.Status.COMMITTED, ImportBatch.Status.FAILED]
    committed, failed = (
        (forward, backward)
        if results[0] == ImportBatch.Status.COMMITTED
        else (backward, forward)
    )
    failed.refresh_from_db()
    # Refused by the version check on its first row, not stopped by a deadlock.
    with translation.override("en"):
        conflict = _(
            "Someone else saved this record while you were editing it. Your changes "
            "were not saved. Please look at what changed and enter your changes again."
        )
        assert failed.error == _("Row %(row)s: %(message)s Nothing was imported.") % {
            "row": 2,
            "message": conflict,
        }
    workers = "5" if committed is forward else "7"
    assert set(
        Organization.objects.filter(name__in=NAMES).values_list(
            "workers_count", flat=True
        )
    ) == {int(workers)}
