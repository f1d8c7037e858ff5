"""The secretariat's starting list of qualifications, and the W.Co School's operating
committee as a support-section body."""

from django.db import migrations

from support.reference import (
    QUALIFICATIONS,
    SCHOOL_COMMITTEE_DESCRIPTION,
    SCHOOL_COMMITTEE_NAME,
)


def seed(apps, schema_editor):
    Qualification = apps.get_model("support", "Qualification")
    for order, (name, expires) in enumerate(QUALIFICATIONS, start=1):
        Qualification.objects.get_or_create(
            name=name, defaults={"expires": expires, "order": order * 10}
        )
    Body = apps.get_model("secretariat", "Body")
    SchoolCommittee = apps.get_model("support", "SchoolCommittee")
    if not SchoolCommittee.objects.exists():
        body = Body.objects.create(
            name=SCHOOL_COMMITTEE_NAME,
            kind="ad_hoc",
            section="support",
            category="committee",
            description=SCHOOL_COMMITTEE_DESCRIPTION,
        )
        SchoolCommittee.objects.create(body=body)


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0004_industry_projects_talent"),
        ("secretariat", "0011_agenda_item_subject"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
