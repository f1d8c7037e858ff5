"""Fail when the Japanese catalogue is behind the source.

Checks that ``makemessages`` would change nothing, that no entry is untranslated or
fuzzy, and that the compiled .mo holds exactly what the .po says.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

MAKEMESSAGES_OPTIONS = {
    "locale": ["ja"],
    "no_location": True,
    "no_obsolete": True,
    "ignore_patterns": [".venv/*", ".tools/*", "staticfiles/*", "tests/*"],
    "verbosity": 0,
}


def _entries(catalogue):
    return {
        (entry.msgctxt, entry.msgid, entry.msgid_plural): (
            entry.msgstr,
            tuple(sorted(entry.msgstr_plural.items())),
            "fuzzy" in entry.flags,
        )
        for entry in catalogue
        if not entry.obsolete
    }


def _source_differences(fresh_ids, current_ids):
    for missing in sorted(fresh_ids - current_ids, key=str)[:20]:
        yield f"not in the catalogue: {missing[1]!r}"
    for stale in sorted(current_ids - fresh_ids, key=str)[:20]:
        yield f"no longer in the source: {stale[1]!r}"


def _untranslated(current):
    for entry in current:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            yield f"fuzzy: {entry.msgid!r}"
        elif not entry.translated():
            yield f"untranslated: {entry.msgid!r}"


def _compiled_differences(current, mo_path):
    if not mo_path.exists():
        yield f"{mo_path.name} is missing: run `make messages`."
        return
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in polib.mofile(str(mo_path))
        if e.msgid
    }
    expected = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in current
        if e.translated() and not e.obsolete
    }
    if compiled != expected:
        yield f"{mo_path.name} is out of date: run `make messages`."


class Command(BaseCommand):
    help = "Check that the Japanese translation catalogue is current and complete."

    def handle(self, *args, **options):
        locale_dir = Path(settings.LOCALE_PATHS[0])
        po_path = locale_dir / "ja" / "LC_MESSAGES" / "django.po"
        if not po_path.exists():
            raise CommandError(f"{po_path} is missing: run `make messages`.")
        # makemessages writes the catalogue of the locale directory beside the sources
        # it reads, whatever LOCALE_PATHS says: a check must leave it as it found it.
        original = po_path.read_bytes()
        try:
            call_command("makemessages", **MAKEMESSAGES_OPTIONS)
            fresh = polib.pofile(str(po_path))
        finally:
            po_path.write_bytes(original)
        current = polib.pofile(str(po_path))
        current_ids = set(_entries(current))
        problems = [
            *_source_differences(set(_entries(fresh)), current_ids),
            *_untranslated(current),
            *_compiled_differences(current, po_path.with_suffix(".mo")),
        ]
        if problems:
            raise CommandError(
                "The Japanese catalogue needs work (run `make messages`, then translate):\n  "
                + "\n  ".join(problems)
            )
        self.stdout.write(
            f"Catalogue current: {len(current_ids)} entries, all translated."
        )
