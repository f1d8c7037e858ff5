"""`make backup`: the database (pg_dump) and the stored files, with a manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ... import backup


class Command(BaseCommand):
    help = "Back up the PostgreSQL database and the stored files into a new directory."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Directory that receives wco-YYYYMMDD-HHMMSS/ (default: "
            "$WCO_BACKUP_DIR or ./backups).",
        )

    def handle(self, *args, output, **options):
        try:
            target = backup.backup(
                output or backup.default_backup_dir(), log=self.stdout.write
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(str(target)))
