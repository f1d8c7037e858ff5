"""A citizen signs up on their own, confirms their email and is signed in."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from members.models import Person, User
from tests.browser.conftest import csp_reports, path_of
from wco_sse.core.forms import KanaField
from wco_sse.core.models import OutboundEmail

pytestmark = pytest.mark.browser

EMAIL = "hanako.yamakawa@example.jp"
PASSWORD = "kanagawa-sse-2026"


def fill_signup(page, base_url, *, family_kana, given_kana, email=EMAIL):
    page.goto(f"{base_url}/accounts/signup/")
    page.locator("#id_email").fill(email)
    page.locator("#id_family_name").fill("山川")
    page.locator("#id_given_name").fill("花子")
    page.locator("#id_family_name_kana").fill(family_kana)
    page.locator("#id_given_name_kana").fill(given_kana)
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_privacy_consent").check()
    with page.expect_navigation():
        page.locator("main form[action$='/accounts/signup/'] [type=submit]").click()


def test_citizen_signs_up_confirms_email_and_is_signed_in(
    transactional_db, live_server, page, console
):
    """Signing up sends a confirmation email through our email service; following
    its link signs the citizen in, with a registry record whose kana is katakana."""
    fill_signup(page, live_server.url, family_kana="やまかわ", given_kana="はなこ")

    assert path_of(page) == "/accounts/confirm-email/"
    user = User.objects.get(email=EMAIL)
    queued = OutboundEmail.objects.get(to=EMAIL)
    assert queued.status == OutboundEmail.Status.SENT
    assert queued.language == "ja"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    # The outbox keeps the email without its link (issue 12).
    assert "/accounts/confirm-email/" not in queued.body_text
    # The organization's own polite Japanese (issue 11): addressed to the person
    # with 様, signed by the secretariat in the organization's name.
    assert message.subject == "メールアドレスのご確認のお願い"
    assert message.body.startswith(f"{user.person.full_name} 様")
    assert f"{settings.WCO_ORGANIZATION_NAME} 事務局" in message.body
    links = re.findall(r"https?://\S+/accounts/confirm-email/\S+/", message.body)
    assert len(links) == 1
    assert links[0].startswith(live_server.url)

    page.goto(links[0])
    with page.expect_navigation():
        page.locator(
            "main form[action*='/accounts/confirm-email/'] [type=submit]"
        ).click()

    assert path_of(page) == "/"
    assert page.locator("header .dropdown-toggle").inner_text() == EMAIL
    assert user.emailaddress_set.get(email=EMAIL).verified
    person = Person.objects.get(account=user)
    assert (person.family_name, person.given_name) == ("山川", "花子")
    assert (person.family_name_kana, person.given_name_kana) == ("ヤマカワ", "ハナコ")
    assert person.email == EMAIL
    # The home page greets the new person by name (their record is linked).
    assert "山川" in page.locator("main h1").inner_text()
    assert csp_reports(console) == []


def test_signup_refuses_latin_kana_with_a_field_error_in_japanese(
    transactional_db, live_server, page
):
    """Latin letters in a kana field keep the form open with the kana message at that
    field, in the Japanese page; Django's own messages there are Japanese."""
    fill_signup(page, live_server.url, family_kana="Yamakawa", given_kana="はなこ")

    assert path_of(page) == "/accounts/signup/"
    assert page.locator("html").get_attribute("lang") == "ja"
    field = page.locator("#id_family_name_kana")
    assert "is-invalid" in field.get_attribute("class")
    with translation.override("ja"):
        expected = str(KanaField.default_error_messages["invalid_kana"])
    error = page.locator("#div_id_family_name_kana .invalid-feedback")
    assert error.inner_text().strip() == expected
    # The hiragana given name was fine: no error there.
    assert page.locator("#div_id_given_name_kana .invalid-feedback").count() == 0
    assert not User.objects.filter(email=EMAIL).exists()
    assert len(mail.outbox) == 0
