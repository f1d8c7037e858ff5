"""The three bodies every deployment has, with the rules of the model articles.

The secretariat adjusts the rules to the association's own articles (定款) afterwards.
"""

from django.db import migrations

BODIES = (
    {
        "kind": "board",
        "name": "理事会",
        "notice_days": 7,
        "submission_days": 14,
        "allows_written_resolution": True,
        "minutes_signers": "officers",
    },
    {
        "kind": "council",
        "name": "業務運営会議",
        "notice_days": 3,
        "submission_days": 7,
        "minutes_signers": "chair",
    },
    {
        "kind": "assembly",
        "name": "社員総会",
        "notice_days": 7,
        "written_vote_notice_days": 14,
        "submission_days": 30,
        "minutes_signers": "chair_and_signatories",
    },
)


def create_bodies(apps, schema_editor):
    Body = apps.get_model("secretariat", "Body")
    for spec in BODIES:
        Body.objects.get_or_create(kind=spec["kind"], defaults=spec)


class Migration(migrations.Migration):
    dependencies = [("secretariat", "0001_initial")]

    operations = [migrations.RunPython(create_bodies, migrations.RunPython.noop)]
