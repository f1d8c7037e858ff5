"""The secretariat's starting list of qualifications, and the W.Co School's operating
committee as a support-section body."""

from django.db import migrations

# (name, expires): the list the secretariat starts from and keeps afterwards.
QUALIFICATIONS = (
    ("介護福祉士", False),
    ("介護職員初任者研修", False),
    ("実務者研修", False),
    ("介護支援専門員", True),
    ("保育士", False),
    ("子育て支援員", False),
    ("調理師", False),
    ("栄養士", False),
    ("管理栄養士", False),
    ("看護師", False),
    ("食品衛生責任者", False),
    ("普通自動車運転免許", True),
    ("普通救命講習", True),
)

COMMITTEE_NAME = "W.Coスクール運営委員会"


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
            name=COMMITTEE_NAME,
            kind="ad_hoc",
            section="support",
            category="committee",
            description="W.Coスクールの講座の企画と運営を担う委員会です。",
        )
        SchoolCommittee.objects.create(body=body)


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0004_industry_projects_talent"),
        ("secretariat", "0011_agenda_item_subject"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
