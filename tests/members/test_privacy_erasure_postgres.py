"""The erasure on PostgreSQL: racing an edit of the same person, and surviving the
restore of a backup taken before it (the journal is replayed)."""

import io
import uuid

import pytest
from django.core.management import call_command

from members.models import ErasureJournalEntry, Person, PrivacyRequest
from members.personal_data import erasure
from members.services import people
from tests.factories import PersonFactory
from tests.members.privacy_erasure_support import erasure_request, person_declared
from tests.platform.test_backup import _database_url, fresh_database
from tests.support.test_concurrency import run_together
from wco_sse.core import backup
from wco_sse.core.errors import ServiceError

__all__ = ["fresh_database", "person_declared"]

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_an_erasure_racing_an_edit_of_the_same_person_one_wins(demo, person_declared):
    """The secretary-general erases while the staff save a new phone number, both
    from the same version of the record: whoever locks the person's row first wins,
    the other is refused with a message, and nothing is half done."""
    outcomes = set()
    for _attempt in range(4):
        person = PersonFactory(phone="")
        request = erasure_request(person)
        version = person.version

        def erase(person=person, request=request, version=version):
            return erasure.privacy_erasure_execute(
                actor=demo["secgen"],
                request=request,
                confirm_name=str(person.pk),
                expected_version=version,
            )

        def edit(person=person, version=version):
            return people.person_update(
                actor=demo["staff"],
                person=person,
                data={"phone": "045-000-0000"},
                expected_version=version,
            )

        results, errors = run_together([erase, edit])
        assert sum(error is None for error in errors) == 1, errors
        refused = next(error for error in errors if error is not None)
        assert isinstance(refused, ServiceError) and refused.message
        person.refresh_from_db()
        request.refresh_from_db()
        if errors[0] is None:  # the erasure won: the edit saved nothing
            outcomes.add("erasure")
            assert person.erased_at is not None and person.phone == ""
            assert request.state == PrivacyRequest.State.DONE
            assert request.journal_entry_id == results[0].pk
        else:  # the edit won: nothing was erased, the request is still open
            outcomes.add("edit")
            assert "dry run" in refused.message
            assert person.erased_at is None and person.phone == "045-000-0000"
            assert request.state == PrivacyRequest.State.RECEIVED
            assert not ErasureJournalEntry.objects.filter(
                subject=str(person.pk)
            ).exists()
    assert outcomes


def test_restoring_a_backup_older_than_an_erasure_replays_it(
    demo, tmp_path, fresh_database, person_declared
):
    """Backup, erase a person, restore the older backup into a fresh database: the
    restore reports the replayed entry and the person is erased there too."""
    name = f"復元{uuid.uuid4().hex[:8]}"
    person = PersonFactory(family_name=name)
    request = erasure_request(person)
    call_command("backup", output=tmp_path / "backups", stdout=io.StringIO())
    (made,) = (tmp_path / "backups").iterdir()

    entry = erasure.privacy_erasure_execute(
        actor=demo["secgen"], request=request, confirm_name=str(person.pk)
    )

    out = io.StringIO()
    call_command(
        "restore",
        made,
        database_url=_database_url(fresh_database),
        files_dir=tmp_path / "restored-files",
        stdout=out,
    )
    report = out.getvalue()
    assert f"replayed journal entry #{entry.seq}" in report
    assert report.index("replayed journal entry") < report.index("Restore checked")

    target = backup.Database.from_url(_database_url(fresh_database))
    with target.connect() as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT seq, hash, replayed_at FROM members_erasurejournalentry "
            "WHERE id = %s",
            [entry.pk],
        )
        seq, hash_, replayed_at = cursor.fetchone()
        cursor.execute(
            "SELECT family_name, erased_at FROM members_person WHERE id = %s",
            [person.pk],
        )
        family_name, erased_at = cursor.fetchone()
        cursor.execute(
            "SELECT state FROM members_privacyrequest WHERE id = %s", [request.pk]
        )
        (state,) = cursor.fetchone()
    assert (seq, hash_) == (entry.seq, entry.hash) and replayed_at is not None
    assert erased_at is not None
    # The backup's request stays as it was (the replay erases, it does not rewrite
    # the secretariat's queue).
    assert state == PrivacyRequest.State.RECEIVED
    if Person._meta.label not in _real_declarations():
        pytest.skip(
            "the replay's subprocess scrubs the name with the members app's own "
            "declaration, which lands at merge"
        )
    assert name not in family_name


def _real_declarations():
    """The declarations a fresh process has (the tests' stand-in aside)."""
    import subprocess
    import sys

    from django.conf import settings

    code = (
        "import django; django.setup(); "
        "from members.personal_data.registry import declarations; "
        "print(' '.join(d.key for d in declarations()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()
