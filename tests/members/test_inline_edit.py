import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from members import services

pytestmark = pytest.mark.django_db


def _url(organization, field="phone"):
    return reverse("members:organization_field", args=[organization.pk, field])


def test_inline_edit_saves_one_field(client, demo):
    home = demo.ctx.data["home_wco"]
    client.force_login(demo["rep"])
    form = client.get(_url(home), {"edit": "1"}, HTTP_HX_REQUEST="true")
    assert 'name="version"' in form.content.decode()
    response = client.post(
        _url(home), {"phone": "０４５－７７７－８８８８", "version": home.version}
    )
    assert response.status_code == 200
    assert "045-777-8888" in response.content.decode()
    home.refresh_from_db()
    assert home.phone == "045-777-8888"


def test_inline_edit_refuses_a_stale_version_and_shows_the_other_change(client, demo):
    home = demo.ctx.data["home_wco"]
    stale = home.version
    services.organization_update(
        actor=demo["staff"], organization=home, data={"phone": "045-100-2000"},
        expected_version=stale,
    )  # fmt: skip
    client.force_login(demo["rep"])
    response = client.post(_url(home), {"phone": "045-999-9999", "version": stale})
    html = response.content.decode()
    assert "045-100-2000" in html
    assert "staff@example.org" in html
    home.refresh_from_db()
    assert home.phone == "045-100-2000"


def test_inline_edit_bad_value_keeps_the_input_with_a_message(client, demo):
    home = demo.ctx.data["home_wco"]
    client.force_login(demo["secgen"])
    response = client.post(
        _url(home, "email"), {"email": "nope@", "version": home.version}
    )
    html = response.content.decode()
    assert "nope@" in html
    assert "invalid-feedback" in html
    assert _("Enter a valid email address.") in html
    home.refresh_from_db()
    assert home.email != "nope@"


def test_only_contact_fields_are_edited_in_place(client, demo):
    home = demo.ctx.data["home_wco"]
    client.force_login(demo["secgen"])
    assert client.get(_url(home, "membership_class")).status_code == 404
