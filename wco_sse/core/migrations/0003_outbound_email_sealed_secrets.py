import re

from django.db import migrations, models

# The links with a token that emails sent before this migration carried: the
# password-reset and email-confirmation links, the 決議の省略 consent links and the
# signed appointment calendar links. Sent long ago, they are redacted like the new.
TOKEN_LINK = re.compile(
    r"(?:https?://[A-Za-z0-9.:\[\]-]+)?/(?:accounts/password/reset/key"
    r"|accounts/confirm-email|secretariat/consent|support/consultations/appointments)"
    r"/[A-Za-z0-9._~%!$&()*+,;=:@/-]+"
)
NOTICE = {"ja": "［セキュリティのため削除しました］", "en": "[Removed for security]"}


def redact_sent_links(apps, schema_editor):
    OutboundEmail = apps.get_model("core", "OutboundEmail")
    sent = OutboundEmail.objects.filter(status="sent")
    for email in sent.only("pk", "language", "body_text", "body_html"):
        notice = NOTICE.get(email.language, NOTICE["ja"])
        text = TOKEN_LINK.sub(notice, email.body_text)
        html = TOKEN_LINK.sub(notice, email.body_html)
        if (text, html) != (email.body_text, email.body_html):
            OutboundEmail.objects.filter(pk=email.pk).update(
                body_text=text, body_html=html
            )


class Migration(migrations.Migration):
    # After members moved the table here: on SQLite, members' own later AddField
    # (0005) rebuilds the table from its state and would drop a column added before it.
    dependencies = [
        ("core", "0002_print_job"),
        ("members", "0006_move_platform_models"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboundemail",
            name="sealed",
            field=models.TextField(
                blank=True, editable=False, verbose_name="sealed body"
            ),
        ),
        migrations.AlterField(
            model_name="outboundemail",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("sent", "Sent"),
                    ("failed", "Failed"),
                    ("expired", "Expired"),
                ],
                default="queued",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(redact_sent_links, migrations.RunPython.noop),
    ]
