import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from members.middleware import forget_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def enforced(settings):
    settings.WCO_REQUIRE_SECOND_FACTOR = True


@pytest.mark.parametrize(
    "name", ["secgen", "staff", "board", "auditor", "rep", "advisor"]
)
def test_role_holders_without_a_second_factor_are_sent_to_set_one_up(
    client, demo, enforced, name
):
    client.force_login(demo[name])
    response = client.get(reverse("members:mypage"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    # …while the set-up pages themselves stay reachable.
    assert client.get(reverse("mfa_index")).status_code == 200


@pytest.mark.parametrize("name", ["member", "citizen"])
def test_members_and_citizens_are_not_asked_for_a_second_factor(
    client, demo, enforced, name
):
    client.force_login(demo[name])
    assert client.get(reverse("members:mypage")).status_code == 200


def test_a_role_holder_with_totp_passes(client, demo, enforced):
    user = demo["staff"]
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    forget_second_factor(user.pk)
    client.force_login(user)
    assert client.get(reverse("members:mypage")).status_code == 200


def test_recovery_codes_alone_are_not_a_second_factor(client, demo, enforced):
    user = demo["staff"]
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.RECOVERY_CODES, data={}
    )
    forget_second_factor(user.pk)
    client.force_login(user)
    assert client.get(reverse("members:mypage")).status_code == 302


def test_development_mode_does_not_enforce(client, demo, settings):
    settings.WCO_REQUIRE_SECOND_FACTOR = False
    client.force_login(demo["staff"])
    assert client.get(reverse("members:mypage")).status_code == 200
