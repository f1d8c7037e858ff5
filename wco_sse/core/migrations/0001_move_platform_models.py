"""The platform's records, moved from the registry app with their tables: this
migration tells Django they are the platform's now and creates nothing (members'
migrations made the tables)."""

import django.core.serializers.json
import django.db.models.deletion
import uuid
import wco_sse.core.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
            migrations.CreateModel(
                name='OutboundEmail',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('key', models.CharField(max_length=200, unique=True, verbose_name='key')),
                    ('template', models.CharField(max_length=100, verbose_name='template')),
                    ('to', models.EmailField(max_length=254, verbose_name='to')),
                    ('language', models.CharField(max_length=8, verbose_name='language')),
                    ('subject', models.CharField(max_length=300, verbose_name='subject')),
                    ('body_text', models.TextField(verbose_name='plain text')),
                    ('body_html', models.TextField(blank=True, verbose_name='HTML')),
                    ('attachments', models.JSONField(blank=True, default=list, verbose_name='attachments')),
                    ('status', models.CharField(choices=[('queued', 'Queued'), ('sent', 'Sent'), ('failed', 'Failed')], default='queued', max_length=10, verbose_name='status')),
                    ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                    ('last_error', models.TextField(blank=True, verbose_name='last error')),
                    ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='queued at')),
                    ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent at')),
                ],
                options={
                    'verbose_name': 'email',
                    'verbose_name_plural': 'emails',
                    'db_table': 'members_outboundemail',
                    'ordering': ['-created_at', '-pk'],
                },
            ),
            migrations.CreateModel(
                name='ExportLog',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='at')),
                    ('what', models.CharField(max_length=120, verbose_name='what')),
                    ('filters', models.CharField(blank=True, max_length=500, verbose_name='filter')),
                    ('row_count', models.PositiveIntegerField(verbose_name='rows')),
                    ('file_format', models.CharField(max_length=10, verbose_name='format')),
                    ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ],
                options={
                    'verbose_name': 'export log entry',
                    'verbose_name_plural': 'export log',
                    'db_table': 'members_exportlog',
                    'ordering': ['-at', '-pk'],
                },
            ),
            migrations.CreateModel(
                name='AuditEntry',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='at')),
                    ('actor_label', models.CharField(blank=True, max_length=200, verbose_name='by (as recorded)')),
                    ('action', models.CharField(db_index=True, max_length=80, verbose_name='action')),
                    ('target_id', models.CharField(blank=True, max_length=64)),
                    ('target_label', models.CharField(blank=True, max_length=300, verbose_name='record')),
                    ('message', models.TextField(blank=True, verbose_name='details')),
                    ('data', models.JSONField(blank=True, default=dict, encoder=django.core.serializers.json.DjangoJSONEncoder)),
                    ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                    ('target_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='contenttypes.contenttype')),
                ],
                options={
                    'verbose_name': 'audit entry',
                    'verbose_name_plural': 'audit entries',
                    'db_table': 'members_auditentry',
                    'ordering': ['-at', '-pk'],
                    'indexes': [models.Index(fields=['target_type', 'target_id', '-at'], name='members_aud_target__3016f5_idx')],
                },
            ),
            migrations.CreateModel(
                name='StoredFile',
                fields=[
                    ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                    ('file', models.FileField(max_length=200, upload_to=wco_sse.core.models.stored_file_path, verbose_name='file')),
                    ('original_name', models.CharField(max_length=255, verbose_name='file name')),
                    ('kind', models.CharField(max_length=10, verbose_name='type')),
                    ('content_type', models.CharField(max_length=120, verbose_name='content type')),
                    ('size', models.PositiveIntegerField(verbose_name='size (bytes)')),
                    ('sha256', models.CharField(max_length=64)),
                    ('description', models.CharField(blank=True, max_length=200, verbose_name='description')),
                    ('uploaded_at', models.DateTimeField(verbose_name='uploaded at')),
                    ('attached_id', models.CharField(blank=True, max_length=64)),
                    ('attached_type', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                    ('uploaded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='uploaded by')),
                ],
                options={
                    'verbose_name': 'file',
                    'verbose_name_plural': 'files',
                    'db_table': 'members_storedfile',
                    'ordering': ['-uploaded_at'],
                    'indexes': [models.Index(fields=['attached_type', 'attached_id'], name='members_sto_attache_8ab63c_idx')],
                },
            ),
            ],
            database_operations=[],
        ),
    ]
