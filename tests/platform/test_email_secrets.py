"""No usable token is kept at rest (issue 12, item 2): an email carrying a link that
lets its holder in (password reset, email confirmation, 決議の省略 consent, the signed
appointment calendar) keeps only a redacted copy in the outbox and the admin; the
email actually delivered works. What waits to be sent is sealed with a key no
database backup holds, and dropped once sent or after a short time."""

import datetime
import re
import uuid

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from secretariat import services as secretariat_services
from tests.factories import PersonFactory
from wco_sse.core.emails import email_deliver, email_queue, email_secrets_expire
from wco_sse.core.models import OutboundEmail

pytestmark = pytest.mark.django_db

NOTICE = "［セキュリティのため削除しました］"
LINK = re.compile(r"https?://[^\s\"'<>]+")


def _paths(text):
    """The portal paths of every link in ``text`` (the host is the test server's)."""
    return [re.sub(r"^https?://[^/]+", "", url) for url in LINK.findall(text)]


def _admin_page(client, demo, email):
    user = demo["staff"]
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(user)
    page = client.get(reverse("admin:core_outboundemail_change", args=[email.pk]))
    assert page.status_code == 200
    client.logout()
    return page.content.decode()


def _opens_reset_form(client, path):
    page = client.get(path, follow=True)
    return page.status_code == 200 and 'name="password1"' in page.content.decode()


def test_a_password_reset_link_works_from_the_mailbox_but_not_from_the_outbox(
    client, demo, django_capture_on_commit_callbacks
):
    account = demo["member"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": account.email})
    stored = OutboundEmail.objects.get(to=account.email)
    assert stored.status == OutboundEmail.Status.SENT
    delivered = mail.outbox[-1].body
    (reset_path,) = [p for p in _paths(delivered) if "/password/reset/key/" in p]

    assert "/password/reset/key/" not in stored.body_text + stored.body_html
    assert NOTICE in stored.body_text
    assert stored.sealed == ""  # sent: nothing of it is kept, sealed or not
    admin_page = _admin_page(client, demo, stored)
    assert reset_path not in admin_page and NOTICE in admin_page
    for path in _paths(stored.body_text) + _paths(admin_page):
        assert not _opens_reset_form(client, path)

    assert _opens_reset_form(client, reset_path)


def test_a_consent_link_works_from_the_mailbox_but_not_from_the_outbox(
    client, demo, django_capture_on_commit_callbacks
):
    resolution = secretariat_services.written_resolution_propose(
        actor=demo["board"], title="事務所賃貸借契約の更新", text="同条件で更新する。"
    )
    with django_capture_on_commit_callbacks(execute=True):
        secretariat_services.written_resolution_circulate(
            actor=demo["staff"],
            resolution=resolution,
            deadline=timezone.now() + datetime.timedelta(days=7),
        )
    address = demo["board"].email
    stored = OutboundEmail.objects.get(
        template__endswith="written_resolution", to=address
    )
    (delivered,) = [m for m in mail.outbox if m.to == [address]]
    (consent_path,) = [p for p in _paths(delivered.body) if "/consent/" in p]

    assert "/consent/" not in stored.body_text + stored.body_html + stored.sealed
    assert NOTICE in stored.body_text
    admin_page = _admin_page(client, demo, stored)
    assert consent_path not in admin_page
    for path in _paths(stored.body_text) + _paths(stored.body_html):
        assert "事務所賃貸借契約の更新" not in client.get(path).content.decode()

    page = client.get(consent_path)
    assert page.status_code == 200
    assert "事務所賃貸借契約の更新" in page.content.decode()


def test_a_signup_confirmation_link_is_not_kept(
    client, django_capture_on_commit_callbacks
):
    # A fresh address: allauth sends one confirmation per address per 3 minutes.
    address = f"hanako-{uuid.uuid4().hex[:8]}@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": address,
                "family_name": "山田",
                "given_name": "花子",
                "family_name_kana": "ヤマダ",
                "given_name_kana": "ハナコ",
                "password1": "a-Long-pass-2026!",
                "password2": "a-Long-pass-2026!",
                "privacy_consent": "on",
            },
        )
    stored = OutboundEmail.objects.get(to=address)
    assert "/confirm-email/" not in stored.body_text + stored.body_html
    assert "/confirm-email/" in mail.outbox[-1].body


def _queue_secret(key="reset:1", secrets=("url",)):
    return email_queue(
        key=key,
        template="secretariat/written_resolution",
        to="sato@example.jp",
        context={
            "person": PersonFactory(),
            "url": "https://portal.example.jp/secretariat/consent/s3cret-token/",
        },
        secrets=list(secrets),
    )


def test_an_unsent_email_holds_its_secret_sealed_until_delivery(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        email = _queue_secret()
    email.refresh_from_db()
    assert "s3cret-token" not in email.body_text + email.body_html + email.sealed
    assert email.sealed
    assert email_deliver(email_id=email.pk) is True
    assert "s3cret-token" in mail.outbox[0].body
    assert "s3cret-token" in mail.outbox[0].alternatives[0][0]
    email.refresh_from_db()
    assert email.sealed == ""


def test_an_email_not_sent_in_time_is_given_up_with_its_secret(
    settings, django_capture_on_commit_callbacks
):
    settings.WCO_EMAIL_SECRET_HOURS = 6
    with django_capture_on_commit_callbacks(execute=False):
        email = _queue_secret()
    assert email_secrets_expire() == 0
    later = timezone.now() + datetime.timedelta(hours=7)
    assert email_secrets_expire(now=later) == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.EXPIRED
    assert email.sealed == ""
    # A late task sends nothing: the redacted copy is no email to send.
    assert email_deliver(email_id=email.pk) is False
    assert not mail.outbox


def test_a_database_restored_under_another_key_sends_nothing(
    settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        email = _queue_secret()
    settings.SECRET_KEY = "another-machine-another-key-" + "x" * 40
    assert email_deliver(email_id=email.pk) is False
    assert not mail.outbox
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.EXPIRED and email.sealed == ""


def test_a_rotated_secret_key_still_opens_what_was_sealed(
    settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        email = _queue_secret()
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "the-new-key-" + "y" * 50
    assert email_deliver(email_id=email.pk) is True
    assert "s3cret-token" in mail.outbox[0].body


def test_an_email_without_secrets_is_stored_as_sent(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        email = _queue_secret(secrets=())
    email.refresh_from_db()
    assert email.sealed == ""
    assert "s3cret-token" in email.body_text
    assert mail.outbox[0].body == email.body_text


def test_production_warns_when_emails_would_be_written_to_the_log(settings):
    from wco_sse.core.checks import check_email_bodies_stay_out_of_logs

    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert [w.id for w in check_email_bodies_stay_out_of_logs()] == ["core.W001"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert check_email_bodies_stay_out_of_logs() == []


def test_emails_sent_before_the_upgrade_lose_their_token_links():
    """The migration redacts the links with a token that sent emails already held."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "wco_sse.core.migrations.0003_outbound_email_sealed_secrets"
    )
    reset = "https://portal.example.jp/accounts/password/reset/key/1a-abc123/"
    meeting = "https://portal.example.jp/secretariat/meetings/4/"
    sent = OutboundEmail.objects.create(
        key="old:1",
        template="password_reset_key",
        to="sato@example.jp",
        language="ja",
        subject="パスワード再設定のご案内",
        body_text=f"開いてください：{reset}」\n\n会議：{meeting}\n",
        body_html=f'<a href="{reset}">{reset}</a>',
        status=OutboundEmail.Status.SENT,
    )
    migration.redact_sent_links(apps, None)
    sent.refresh_from_db()
    assert "/password/reset/key/" not in sent.body_text + sent.body_html
    assert f"開いてください：{NOTICE}」" in sent.body_text
    assert meeting in sent.body_text  # a plain page of the portal stays


def test_the_admin_shows_neither_the_secret_nor_the_sealed_body(
    client, demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        email = _queue_secret()
    email.refresh_from_db()
    page = _admin_page(client, demo, email)
    assert "s3cret-token" not in page
    assert email.sealed[:40] not in page
    assert NOTICE in page
