import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_are_japanese_by_default_and_english_on_request(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="ja">' in response.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()


def test_content_security_policy_forbids_inline_code(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(
        part.strip().split(" ", 1) for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy


def test_no_inline_scripts_or_styles_in_our_pages(client, demo):
    """Our templates carry no inline <script>, style="" or hx-on (CSP would block them)."""
    client.force_login(demo["secgen"])
    for url in [
        "/",
        reverse("members:index"),
        reverse("members:role_list"),
        "/privacy/",
    ]:
        html = client.get(url).content.decode()
        for bad in (" style=", "hx-on", "onclick=", "javascript:"):
            assert bad not in html, (url, bad)
        for chunk in html.split("<script")[1:]:
            assert (
                chunk.lstrip().startswith("src=")
                or 'type="application/json"' in chunk.split(">")[0]
            ), url


def test_own_error_pages_in_japanese(client, demo):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ページが見つかりません" in response.content.decode()
    client.force_login(demo["citizen"])
    response = client.get(reverse("members:role_list"))
    assert response.status_code == 403
    assert "権限がありません" in response.content.decode()


def test_missing_csrf_token_gets_our_page(demo):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(demo["secgen"])
    response = client.post(reverse("members:role_assign"), {})
    assert response.status_code == 403
    assert "フォーム" in response.content.decode()


def test_privacy_notice_linked_from_signup(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert reverse("privacy") in html
    assert "利用目的" in client.get(reverse("privacy")).content.decode()


def test_sign_in_is_rate_limited_per_account(client, demo, settings):
    """After five wrong passwords for one account, even the right one is refused."""
    from django.core.cache import cache

    from tests.conftest import DEMO_PASSWORD

    cache.clear()
    url = reverse("account_login")
    for _ in range(5):
        client.post(url, {"login": "member@example.org", "password": "wrong-password"})
    response = client.post(
        url, {"login": "member@example.org", "password": DEMO_PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    cache.clear()
