import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

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
    client.force_login(user)
    assert client.get(reverse("members:mypage")).status_code == 200


def test_recovery_codes_alone_are_not_a_second_factor(client, demo, enforced):
    user = demo["staff"]
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.RECOVERY_CODES, data={}
    )
    client.force_login(user)
    assert client.get(reverse("members:mypage")).status_code == 302


def test_development_mode_does_not_enforce(client, demo, settings):
    settings.WCO_REQUIRE_SECOND_FACTOR = False
    client.force_login(demo["staff"])
    assert client.get(reverse("members:mypage")).status_code == 200


def _staff_with_totp(demo):
    user = demo["staff"]
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.RECOVERY_CODES, data={}
    )
    return user


@pytest.mark.parametrize(
    "remove",
    [
        pytest.param(
            lambda user: Authenticator.objects.filter(user=user).delete(),
            id="queryset",
        ),
        pytest.param(
            lambda user: Authenticator.objects.get(
                user=user, type=Authenticator.Type.TOTP
            ).delete(),
            id="instance",
        ),
    ],
)
def test_a_second_factor_removed_outside_the_portal_counts_at_once(
    client, demo, enforced, remove
):
    """Removed in the admin or a shell, not through the secretariat's reset: the next
    request is sent to set one up again, although the previous one passed."""
    user = _staff_with_totp(demo)
    client.force_login(user)
    assert client.get(reverse("members:mypage")).status_code == 200
    remove(user)
    response = client.get(reverse("members:mypage"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


def test_a_second_factor_added_by_a_bulk_insert_counts_at_once(client, demo, enforced):
    user = demo["staff"]
    client.force_login(user)
    assert client.get(reverse("members:mypage")).status_code == 302
    Authenticator.objects.bulk_create(
        [Authenticator(user=user, type=Authenticator.Type.TOTP, data={})]
    )
    assert client.get(reverse("members:mypage")).status_code == 200


def test_a_reload_of_the_data_forgets_every_second_factor(client, demo, enforced):
    """A restore may bring back fewer authenticators than the cache remembers."""
    from wco_sse.core.signals import data_reloaded

    user = _staff_with_totp(demo)
    client.force_login(user)
    assert client.get(reverse("members:mypage")).status_code == 200
    # Rows removed without Django's signals, as a restore does.
    Authenticator.objects.filter(user=user)._raw_delete(using="default")
    data_reloaded.send(sender=None)
    assert client.get(reverse("members:mypage")).status_code == 302
