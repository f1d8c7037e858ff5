"""Helpers for tests that go through allauth's account and second-factor pages."""

import re

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.core import mail
from django.urls import reverse

from tests.browser.totp import fresh_totp
from tests.conftest import DEMO_PASSWORD


def signed_in_with_password(client, user):
    """Signed in with the password alone, recently enough for allauth to let the
    account's email addresses and second factors be changed."""
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    client.force_login(user)
    response = client.post(
        reverse("account_reauthenticate"), {"password": DEMO_PASSWORD}
    )
    assert response.status_code == 302, response.content[:500]


def mailbox_code(client, capture):
    """Ask for the code on the portal's page and read it from the email sent."""
    before = len(mail.outbox)
    with capture(execute=True):
        response = client.post(reverse("members:mailbox_confirm"), {"send": "1"})
    assert response.status_code == 302
    sent = mail.outbox[before:]
    assert len(sent) == 1
    return re.search(r"^\s*(\d{6})\s*$", sent[0].body, re.MULTILINE).group(1)


def prove_mailbox(client, capture):
    code = mailbox_code(client, capture)
    response = client.post(reverse("members:mailbox_confirm"), {"code": code})
    assert response.status_code == 302, response.content[:500]


def activate_totp(client):
    url = reverse("mfa_activate_totp")
    assert client.get(url).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    return client.post(url, {"code": fresh_totp(secret)}), secret
