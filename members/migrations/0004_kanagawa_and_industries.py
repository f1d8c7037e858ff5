from django.db import migrations


def load(apps, schema_editor):
    from members.data.kanagawa import INDUSTRIES, MUNICIPALITIES
    from members.models.places import local_government_check_digit

    Municipality = apps.get_model("members", "Municipality")
    Industry = apps.get_model("members", "Industry")
    by_code = {}
    for code5, name, kana, kind, parent in MUNICIPALITIES:
        code = f"{code5}{local_government_check_digit(code5)}"
        municipality, _ = Municipality.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_kana": kana,
                "kind": kind,
                "parent": by_code.get(parent),
                "prefecture": "神奈川県",
            },
        )
        by_code[code5] = municipality
    for order, name in enumerate(INDUSTRIES, start=1):
        Industry.objects.update_or_create(name=name, defaults={"order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("members", "0003_registry")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
