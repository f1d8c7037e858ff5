"""A stolen password is not enough to set up an account's first second factor: a code
sent to the account's mailbox must be typed in first (issue 12, item 9)."""

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from members.services.accounts import MAILBOX_CODE_ATTEMPTS
from tests.browser.totp import fresh_totp
from tests.members.security_flows import (
    activate_totp,
    mailbox_code,
    prove_mailbox,
    signed_in_with_password,
)
from wco_sse.core.models import OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth's rate limits and the codes' counters start empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(client, demo, settings):
    settings.WCO_REQUIRE_SECOND_FACTOR = True
    signed_in_with_password(client, demo["staff"])
    return demo["staff"]


def _factors(user):
    return Authenticator.objects.filter(user=user).exclude(
        type=Authenticator.Type.RECOVERY_CODES
    )


def test_a_totp_activation_without_the_mailbox_code_is_refused(client, staff):
    url = reverse("mfa_activate_totp")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("members:mailbox_confirm"))
    # A POST straight to allauth's page, with a valid TOTP for a secret of one's own.
    from allauth.mfa.totp.internal.auth import generate_totp_secret

    secret = generate_totp_secret()
    session = client.session
    session["mfa.totp.secret"] = secret
    session.save()
    response = client.post(url, {"code": fresh_totp(secret)})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("members:mailbox_confirm"))
    assert not _factors(staff).exists()
    # A passkey likewise.
    response = client.post(reverse("mfa_add_webauthn"), {"name": "x"})
    assert response["Location"].startswith(reverse("members:mailbox_confirm"))
    assert not _factors(staff).exists()


def test_with_the_mailbox_code_the_totp_is_set_up(
    client, staff, django_capture_on_commit_callbacks
):
    page = client.get(reverse("members:mailbox_confirm"))
    assert page.status_code == 200
    assert staff.email in page.content.decode()
    prove_mailbox(client, django_capture_on_commit_callbacks)
    response, _secret = activate_totp(client)
    assert response.status_code == 302
    assert _factors(staff).count() == 1


def test_the_code_goes_to_the_confirmed_address_and_only_its_hash_is_kept(
    client, staff, django_capture_on_commit_callbacks
):
    code = mailbox_code(client, django_capture_on_commit_callbacks)
    message = mail.outbox[-1]
    assert message.to == [staff.email]
    assert "確認コード" in message.subject
    kept = cache._cache if hasattr(cache, "_cache") else {}
    assert not any(code in str(value) for value in kept.values())


def test_wrong_codes_lock_the_code(client, staff, django_capture_on_commit_callbacks):
    code = mailbox_code(client, django_capture_on_commit_callbacks)
    wrong = "000000" if code != "000000" else "111111"
    url = reverse("members:mailbox_confirm")
    for _ in range(MAILBOX_CODE_ATTEMPTS):
        response = client.post(url, {"code": wrong})
        assert response.status_code == 200
    # Now even the right code is refused, and the activation stays closed.
    response = client.post(url, {"code": code})
    assert response.status_code == 200
    assert "新しいコード" in response.content.decode()
    assert client.get(reverse("mfa_activate_totp")).status_code == 302
    assert not _factors(staff).exists()
    # The person's history shows it.
    from wco_sse.core.models import AuditEntry

    assert AuditEntry.objects.filter(
        action="mfa.mailbox_locked", target_id=str(staff.person.pk)
    ).exists()


def test_a_new_code_waits_a_minute(client, staff, django_capture_on_commit_callbacks):
    mailbox_code(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:mailbox_confirm"), {"send": "1"})
    assert OutboundEmail.objects.filter(template="mailbox_code").count() == 1


def test_the_proof_is_not_asked_of_an_account_that_has_a_second_factor(client, staff):
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={})
    response = client.get(reverse("members:mailbox_confirm"))
    assert response["Location"] == reverse("mfa_index")


def test_role_holders_without_a_second_factor_reach_the_mailbox_page(client, staff):
    assert client.get(reverse("members:mailbox_confirm")).status_code == 200


def test_next_keeps_to_the_portal(client, staff, django_capture_on_commit_callbacks):
    from tests.hostile.test_redirects import OFF_SITE, assert_stays_on_site

    url = reverse("members:mailbox_confirm")
    for bad in OFF_SITE[:8]:
        cache.delete_many([f"mailbox-code:wait:{staff.pk}"])
        code = mailbox_code(client, django_capture_on_commit_callbacks)
        response = client.post(url, {"code": code, "next": bad})
        assert_stays_on_site(response, bad)
        assert response["Location"] == reverse("mfa_index"), bad
