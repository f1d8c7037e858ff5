"""The account emails (verification, password reset) read as the organization's own
polite Japanese: addressed to the person with 様, signed by the secretariat, with no
bare host name standing in for the organization."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from wco_sse.core.models import OutboundEmail

pytestmark = pytest.mark.django_db

PASSWORD = "a-Long-pass-2026!"


def _lines_outside_links(text):
    return [line for line in text.splitlines() if "://" not in line]


def _assert_reads_as_ours(email):
    text = email.body_text
    assert "こんにちは" not in text
    assert "ご利用いただきありがとうございます!" not in text
    assert f"{settings.WCO_ORGANIZATION_NAME} 事務局" in text
    # The host appears only inside the links to follow, never as a name.
    assert not any("testserver" in line for line in _lines_outside_links(text))
    assert re.search(r"[ぁ-んァ-ン一-龥]", email.subject)


def test_signup_verification_is_addressed_to_the_person(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "hanako@example.org",
            "family_name": "山田",
            "given_name": "花子",
            "family_name_kana": "ヤマダ",
            "given_name_kana": "ハナコ",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "privacy_consent": "on",
        },
    )
    email = OutboundEmail.objects.get(to="hanako@example.org")
    assert email.body_text.startswith("山田 花子 様")
    assert email.subject == "メールアドレスのご確認のお願い"
    # The link itself is not kept once sent (tests/platform/test_email_secrets.py).
    assert "［セキュリティのため削除しました］" in email.body_text
    _assert_reads_as_ours(email)


def test_password_reset_is_addressed_to_the_person(client, demo):
    account = demo["member"]
    person = account.person
    client.post(reverse("account_reset_password"), {"email": account.email})
    email = OutboundEmail.objects.get(to=account.email)
    assert email.body_text.startswith(f"{person.full_name} 様")
    assert email.subject == "パスワード再設定のご案内"
    assert "［セキュリティのため削除しました］" in email.body_text
    _assert_reads_as_ours(email)


def test_reset_for_an_unknown_address_is_polite_too(client):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    email = OutboundEmail.objects.get(to="nobody@example.org")
    assert email.body_text.startswith("ご利用者様")
    _assert_reads_as_ours(email)
