from django.db import migrations


def load(apps, schema_editor):
    from members.data.reference import load as load_reference

    load_reference(apps.get_model("members", "Municipality"), apps.get_model("members", "Industry"))


class Migration(migrations.Migration):
    dependencies = [("members", "0003_registry")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
