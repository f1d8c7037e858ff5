"""`manage.py privacy_replay`: apply the erasure journal's entries the database
lacks (after a restore of an older backup). `manage.py restore` runs it against the
restored database; it can also be run on its own, and twice does nothing more."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members.personal_data import journal


class Command(BaseCommand):
    help = (
        "Replay the erasure journal file on this database: every erasure and "
        "retention run it lacks is applied again, then recorded."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--journal",
            dest="path",
            type=Path,
            default=None,
            help="The journal file (default: WCO_PRIVACY_JOURNAL).",
        )

    def handle(self, *args, path=None, **options):
        path = path or journal.journal_path()
        try:
            replayed = journal.replay(path, log=self.stdout.write)
        except journal.JournalError as error:
            message = f"The journal {path} cannot be replayed: {error}"
            raise CommandError(message) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Journal {path}: {len(replayed)} entries replayed, "
                f"{len(journal.read_file(path)) - len(replayed)} already applied."
            )
        )
