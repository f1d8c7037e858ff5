"""What the personal-data erasure part plugs into registries (audit words, the
backup's steps); called from ``MembersConfig.ready()``."""

import os
import subprocess
import sys

from django.utils.translation import gettext_lazy as _

AUDIT_ACTIONS = {
    "privacy.erasure": _("erased a person's data on their request"),
}


def sync_journal_before_backup(*, log):
    """The journal file holds every entry the database has before the backup is
    taken (an entry whose file write was lost in a crash)."""
    from . import journal

    written = journal.sync_file()
    log(f"Erasure journal {journal.journal_path()}: {written} entries added.")


def replay_journal_after_restore(*, database, log):
    """Replay the journal on the restored database, in a subprocess whose Django
    connection is that database: the restore may target another database than
    DATABASE_URL (--database-url), and the engine works through the default
    connection. The subprocess reads the same journal file."""
    from django.conf import settings

    from wco_sse.core.backup import BackupError

    from . import journal

    env = {
        **os.environ,
        "DATABASE_URL": database.url(),
        "WCO_PRIVACY_JOURNAL": str(journal.journal_path()),
    }
    if database.password:
        env["PGPASSWORD"] = database.password
    result = subprocess.run(  # noqa: S603 (our own manage.py, no shell)
        [sys.executable, str(settings.BASE_DIR / "manage.py"), "privacy_replay"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    for line in result.stdout.splitlines():
        log(line)
    if result.returncode != 0:
        raise BackupError(
            "The erasure journal could not be replayed on the restored database: "
            + (result.stderr.strip() or result.stdout.strip())
        )


def ready():
    from wco_sse.core.audit import register_audit_actions
    from wco_sse.core.backup import register_after_restore, register_before_backup

    register_audit_actions(AUDIT_ACTIONS)
    register_before_backup(sync_journal_before_backup)
    register_after_restore(replay_journal_after_restore)
