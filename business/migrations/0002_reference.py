from django.db import migrations


def load(apps, schema_editor):
    """The section's starting programme kinds, indicator sets and session types,
    and the retention rule for contract documents (issue 17)."""
    from business.reference import load as load_business
    from members.personal_data.reference import load as load_rules

    load_business(apps)
    load_rules(apps.get_model("members", "RetentionRule"))


class Migration(migrations.Migration):
    dependencies = [
        ("business", "0001_programmes"),
        ("members", "0012_retention_rules"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
