"""The outbox, audit entries, stored files and the export log moved to the platform
app (wco_sse.core). Their tables stay where they are: only Django's idea of which
app owns them changes, and the content types follow (the admin's permissions and
any generic relation to them keep working)."""

import django.db.models.deletion
from django.db import migrations, models


MOVED = ("auditentry", "exportlog", "outboundemail", "storedfile")


def _move_content_types(apps, schema_editor, source, target):
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label=target, model=model).exists():
            content_type.objects.filter(app_label=source, model=model).update(
                app_label=target
            )


def forwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, "members", "core")


def backwards(apps, schema_editor):
    _move_content_types(apps, schema_editor, "core", "members")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ('core', '0001_move_platform_models'),
        ('members', '0005_outboundemail_attachments'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.RemoveField(
                model_name='auditentry',
                name='actor',
            ),
            migrations.RemoveField(
                model_name='auditentry',
                name='target_type',
            ),
            migrations.RemoveField(
                model_name='exportlog',
                name='actor',
            ),
            migrations.DeleteModel(
                name='OutboundEmail',
            ),
            migrations.RemoveField(
                model_name='storedfile',
                name='attached_type',
            ),
            migrations.RemoveField(
                model_name='storedfile',
                name='uploaded_by',
            ),
            migrations.AlterField(
                model_name='importbatch',
                name='file',
                field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='core.storedfile', verbose_name='file'),
            ),
            migrations.DeleteModel(
                name='AuditEntry',
            ),
            migrations.DeleteModel(
                name='ExportLog',
            ),
            migrations.DeleteModel(
                name='StoredFile',
            ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
