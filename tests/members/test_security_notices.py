"""A person is told by email when a second factor is added or removed, their password
changes, or their email address changes (issue 12, item 8): one email for each, in
Japanese, with no secret in it."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from tests.conftest import DEMO_PASSWORD
from tests.members.security_flows import (
    activate_totp,
    prove_mailbox,
    signed_in_with_password,
)
from wco_sse.core.models import OutboundEmail

pytestmark = pytest.mark.django_db

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(client, demo):
    user = demo["member"]
    signed_in_with_password(client, user)
    return user


def _notices(since=0):
    """The notices queued after the email with primary key ``since``."""
    return list(
        OutboundEmail.objects.filter(pk__gt=since)
        .exclude(template="mailbox_code")
        .order_by("pk")
    )


def _last_pk():
    last = OutboundEmail.objects.order_by("-pk").first()
    return last.pk if last else 0


def _assert_one_notice(since, template, to, secrets=()):
    notices = _notices(since)
    assert [(n.template, n.to) for n in notices] == [(template, to)]
    notice = notices[0]
    assert JAPANESE.search(notice.subject), notice.subject
    assert JAPANESE.search(notice.body_text)
    for secret in secrets:
        assert secret not in notice.body_text
        assert secret not in notice.subject
    return notice


def test_a_new_authenticator_app_is_told(
    client, member, django_capture_on_commit_callbacks
):
    prove_mailbox(client, django_capture_on_commit_callbacks)
    since = _last_pk()
    with django_capture_on_commit_callbacks(execute=True):
        response, secret = activate_totp(client)
    assert response.status_code == 302
    codes = Authenticator.objects.get(
        user=member, type=Authenticator.Type.RECOVERY_CODES
    ).wrap()
    notice = _assert_one_notice(
        since,
        "totp_activated",
        member.email,
        secrets=[secret, *codes.get_unused_codes()],
    )
    assert "認証アプリ" in notice.subject
    assert member.person.full_name in notice.body_text


def test_a_removed_authenticator_app_is_told(
    client, member, django_capture_on_commit_callbacks
):
    prove_mailbox(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        activate_totp(client)
    since = _last_pk()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=member).exists()
    _assert_one_notice(since, "totp_deactivated", member.email)


def test_a_changed_password_is_told(client, member, django_capture_on_commit_callbacks):
    since = _last_pk()
    new = "a-new-pass-for-2027!"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_change_password"),
            {"oldpassword": DEMO_PASSWORD, "password1": new, "password2": new},
        )
    assert response.status_code == 302
    _assert_one_notice(
        since, "password_changed", member.email, secrets=[new, DEMO_PASSWORD]
    )


def test_a_reset_password_is_told(client, demo, django_capture_on_commit_callbacks):
    user = demo["member"]
    user.set_password(DEMO_PASSWORD)
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(
        r"http://\S+/accounts/password/reset/key/\S+", mail.outbox[-1].body
    )
    response = client.get(link.group(0))
    assert response.status_code == 302
    since = _last_pk()
    new = "a-new-pass-for-2027!"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            response["Location"], {"password1": new, "password2": new}
        )
    assert response.status_code == 302
    notice = _assert_one_notice(since, "password_reset", user.email, secrets=[new])
    assert "/accounts/password/reset/key/" not in notice.body_text


def test_changes_of_email_address_are_told(
    client, member, django_capture_on_commit_callbacks
):
    url = reverse("account_email")
    old = member.email
    # Added: the new address is asked to confirm itself, the address in use is told.
    since = _last_pk()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "new-address@example.jp", "action_add": ""})
    added = [n for n in _notices(since) if n.to == old]
    assert [n.template for n in added] == ["email_added"]
    assert JAPANESE.search(added[0].subject)

    # Made the primary address: the old address is told.
    EmailAddress.objects.filter(email="new-address@example.jp").update(verified=True)
    since = _last_pk()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "new-address@example.jp", "action_primary": ""})
    _assert_one_notice(since, "email_changed", old)

    # The old one removed: the address in use is told.
    since = _last_pk()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": old, "action_remove": ""})
    notice = _assert_one_notice(since, "email_deleted", "new-address@example.jp")
    assert old in notice.body_text


@pytest.mark.parametrize(
    "template",
    [
        "account/email/password_set",
        "mfa/email/webauthn_added",
        "mfa/email/webauthn_removed",
        "mfa/email/recovery_codes_generated",
    ],
)
def test_the_other_notices_are_in_japanese(demo, rf, template):
    """Passkeys and passwords set where none was: the same notice, through the same
    adapter (a WebAuthn ceremony needs a browser)."""
    from allauth.account.adapter import get_adapter
    from allauth.core import context

    user = demo["member"]
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    request = rf.get("/")
    request.user = user
    with context.request_context(request):
        get_adapter(request).send_notification_mail(template, user)
    _assert_one_notice(0, template.rsplit("/", 1)[-1], user.email)


def test_a_changed_contact_address_is_told_at_the_old_one(demo):
    """The portal's own profile page (my page) keeps a contact address apart from the
    account's: its change is told too, at the address mail went to until now."""
    from members.services import person_update

    user = demo["member"]
    person = user.person
    old = person.contact_email
    since = _last_pk()
    person_update(
        actor=user,
        person=person,
        data={"email": "elsewhere@example.jp"},
        expected_version=person.version,
    )
    notice = _assert_one_notice(since, "contact_email_changed", old)
    assert "elsewhere@example.jp" in notice.body_text


def test_the_secretariats_reset_is_told_once(demo):
    from members.services import second_factor_reset

    user = demo["staff"]
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    since = _last_pk()
    second_factor_reset(actor=demo["secgen"], person=user.person, reason="紛失")
    _assert_one_notice(since, "second_factor_reset", user.email)
