"""A body's documents gain versions: each existing document keeps its file, uploader
and date as its version 1."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def documents_to_version_one(apps, schema_editor):
    BodyDocument = apps.get_model("secretariat", "BodyDocument")
    BodyDocumentVersion = apps.get_model("secretariat", "BodyDocumentVersion")
    for document in BodyDocument.objects.order_by("pk").iterator():
        version = BodyDocumentVersion.objects.create(
            document=document,
            number=1,
            file_id=document.file_id,
            uploaded_by_id=document.uploaded_by_id,
        )
        # auto_now_add stamped today: keep the date it was uploaded.
        BodyDocumentVersion.objects.filter(pk=version.pk).update(
            uploaded_at=document.uploaded_at
        )
        BodyDocument.objects.filter(pk=document.pk).update(
            current=version, created_at=document.uploaded_at
        )


def version_one_to_documents(apps, schema_editor):
    BodyDocument = apps.get_model("secretariat", "BodyDocument")
    BodyDocumentVersion = apps.get_model("secretariat", "BodyDocumentVersion")
    for document in BodyDocument.objects.order_by("pk").iterator():
        first = (
            BodyDocumentVersion.objects.filter(document=document)
            .order_by("number")
            .first()
        )
        if first is not None:
            BodyDocument.objects.filter(pk=document.pk).update(
                file=first.file_id,
                uploaded_by=first.uploaded_by_id,
                uploaded_at=first.uploaded_at,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_outbound_email_sealed_secrets"),
        ("secretariat", "0009_action_items_and_body_documents"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="BodyDocumentVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("number", models.PositiveIntegerField(verbose_name="version")),
                (
                    "note",
                    models.CharField(
                        blank=True, max_length=200, verbose_name="what changed"
                    ),
                ),
                (
                    "uploaded_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="uploaded at"),
                ),
                (
                    "document",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="versions",
                        to="secretariat.bodydocument",
                        verbose_name="document",
                    ),
                ),
                (
                    "file",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.storedfile",
                        verbose_name="file",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "version of a body document",
                "verbose_name_plural": "versions of body documents",
                "ordering": ["document", "-number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("document", "number"),
                        name="secretariat_body_document_version_once",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="bodydocument",
            name="current",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="secretariat.bodydocumentversion",
                verbose_name="current version",
            ),
        ),
        migrations.AddField(
            model_name="bodydocument",
            name="created_at",
            field=models.DateTimeField(
                auto_now_add=True,
                default=django.utils.timezone.now,
                verbose_name="created at",
            ),
            preserve_default=False,
        ),
        # The old columns become nullable so the way back can refill them.
        migrations.AlterField(
            model_name="bodydocument",
            name="file",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="core.storedfile",
                verbose_name="file",
            ),
        ),
        migrations.RunPython(documents_to_version_one, version_one_to_documents),
        migrations.RemoveField(model_name="bodydocument", name="file"),
        migrations.RemoveField(model_name="bodydocument", name="uploaded_by"),
        migrations.RemoveField(model_name="bodydocument", name="uploaded_at"),
        migrations.AlterModelOptions(
            name="bodydocument",
            options={
                "ordering": ["body", "title", "pk"],
                "verbose_name": "body document",
                "verbose_name_plural": "body documents",
            },
        ),
    ]
