"""`make restore BACKUP=…`: load a backup into an empty database and files directory."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ... import backup
from ...signals import data_reloaded


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty PostgreSQL database "
        "and an empty files directory, then check row counts and file checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="The backup's directory.")
        parser.add_argument(
            "--database-url",
            default="",
            help="Target database (default: DATABASE_URL). It must have no tables.",
        )
        parser.add_argument(
            "--files-dir",
            type=Path,
            default=None,
            help="Target files directory (default: the storage's, DJANGO_MEDIA_ROOT). "
            "It must be empty.",
        )

    def handle(self, *args, source, database_url, files_dir, **options):
        try:
            database = (
                backup.Database.from_url(database_url)
                if database_url
                else backup.Database.from_settings(settings.DATABASES["default"])
            )
            differences = backup.restore(
                source,
                database=database,
                files_dir=files_dir or backup.files_root(),
                log=self.stdout.write,
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        if differences["tables"] or differences["files"]:
            for table, expected, found in differences["tables"]:
                self.stderr.write(
                    f"table {table}: {expected} rows in backup, {found} restored"
                )
            for name in differences["files"]:
                self.stderr.write(f"file {name}: missing or different")
            raise CommandError("The restore does not match the backup's manifest.")
        try:
            backup.run_after_restore(database, log=self.stdout.write)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        # Cached role snapshots and fragments may describe what the database held before.
        data_reloaded.send(sender=self.__class__)
        self.stdout.write(
            self.style.SUCCESS(
                "Restore checked: every table's rows and every file match, and the "
                "steps after a restore have run."
            )
        )
