"""The admin grants no role and changes no person behind the portal's back: what
permissions rest on is read-only there, and what stays editable (accounts, email
addresses) leaves an entry in the portal's audit log."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from members.models import Affiliation, Organization, Person, Role, RoleAssignment
from secretariat.models import Body, EmailNoticeConsent, Meeting
from tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
    RoleAssignmentFactory,
    UserFactory,
)
from tests.support.factories import staff_user
from wco_sse.core.models import AuditEntry

pytestmark = pytest.mark.django_db

# Everything a permission or a person's record rests on: shown in the admin, changed
# only on the portal's pages (services that check who may and write the audit log).
PORTAL_MANAGED = (
    Person,
    Organization,
    Affiliation,
    RoleAssignment,
    EmailNoticeConsent,
    Body,
    Meeting,
    Authenticator,
    Group,
)


@pytest.fixture
def superuser(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    PersonFactory(account=user, family_name="管理", given_name="太郎")
    client.force_login(user)
    return user


def _admin_url(model, action, *args):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{action}", args=args)


def test_a_superuser_cannot_make_themselves_secretary_general_in_the_admin(
    client, superuser
):
    """The two POSTs of the report: adding the role, then changing a held one."""
    today = datetime.date.today()
    response = client.post(
        _admin_url(RoleAssignment, "add"),
        {
            "person": superuser.person.pk,
            "role": Role.SECRETARY_GENERAL,
            "scope": "",
            "start": today.isoformat(),
        },
    )
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(person=superuser.person).exists()

    held = RoleAssignmentFactory(person=superuser.person, role=Role.DIRECTOR)
    response = client.post(
        _admin_url(RoleAssignment, "change", held.pk),
        {
            "person": superuser.person.pk,
            "role": Role.SECRETARY_GENERAL,
            "scope": "",
            "start": today.isoformat(),
        },
    )
    assert response.status_code == 403
    held.refresh_from_db()
    assert held.role == Role.DIRECTOR
    response = client.post(
        _admin_url(RoleAssignment, "delete", held.pk), {"post": "yes"}
    )
    assert response.status_code == 403
    assert RoleAssignment.objects.filter(pk=held.pk).exists()


def test_people_and_affiliations_cannot_be_changed_in_the_admin(client, superuser):
    """Linking one's account to an officer's record would hand over their roles."""
    officer = PersonFactory(with_account=True)
    RoleAssignmentFactory(person=officer, role=Role.SECRETARY_GENERAL)
    response = client.post(
        _admin_url(Person, "change", officer.pk),
        {"family_name": "乗取", "given_name": "花子", "account": superuser.pk},
    )
    assert response.status_code == 403
    officer.refresh_from_db()
    assert officer.account_id != superuser.pk
    organization = OrganizationFactory()
    response = client.post(
        _admin_url(Affiliation, "add"),
        {
            "person": superuser.person.pk,
            "organization": organization.pk,
            "position": Affiliation.Position.REPRESENTATIVE,
            "confirmed": "on",
        },
    )
    assert response.status_code == 403
    assert not Affiliation.objects.filter(person=superuser.person).exists()


def test_every_portal_managed_model_is_read_only_in_the_admin(rf, superuser):
    request = rf.get("/admin/")
    request.user = superuser
    for model in PORTAL_MANAGED:
        model_admin = admin.site._registry[model]
        assert model_admin.has_view_permission(request), model
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model


def test_the_admin_points_to_the_portal_page_where_changes_are_made(client, superuser):
    for model in PORTAL_MANAGED:
        response = client.get(_admin_url(model, "changelist"))
        assert response.status_code == 200, model
        assert "ポータルの画面を開く" in response.content.decode(), model
    person = PersonFactory()
    affiliation = AffiliationFactory()
    assignment = RoleAssignmentFactory()
    page = client.get(_admin_url(Person, "change", person.pk)).content.decode()
    assert reverse("members:person_detail", args=[person.pk]) in page
    assert "ポータル" in page
    page = client.get(_admin_url(Affiliation, "change", affiliation.pk))
    assert (
        reverse("members:organization_detail", args=[affiliation.organization_id])
        in page.content.decode()
    )
    page = client.get(_admin_url(RoleAssignment, "changelist")).content.decode()
    assert reverse("members:role_list") in page
    page = client.get(_admin_url(RoleAssignment, "change", assignment.pk))
    assert reverse("members:role_list") in page.content.decode()


def test_making_someone_a_superuser_in_the_admin_is_in_the_audit_log(client, superuser):
    """Their person's history says who made them superuser, in words."""
    account = UserFactory()
    person = PersonFactory(account=account)
    response = client.post(
        _admin_url(type(account), "change", account.pk),
        {
            "email": account.email,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-05",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    account.refresh_from_db()
    assert account.is_superuser and account.is_staff
    entry = AuditEntry.objects.get(action="account.admin_change")
    assert entry.actor == superuser
    assert entry.target_id == str(person.pk)
    assert entry.data["changes"] == {
        "is_staff": [False, True],
        "is_superuser": [False, True],
    }
    client.force_login(staff_user(Role.SECRETARY_GENERAL))
    history = client.get(reverse("members:person_detail", args=[person.pk]))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", history.content.decode()))
    assert f"{superuser.person.full_name}：管理画面でアカウントを変更しました" in text
    assert "スーパーユーザー権限：いいえ → はい" in text
    assert "account.admin_change" not in text


def test_a_password_set_in_the_admin_is_in_the_audit_log(client, superuser):
    account = UserFactory()
    PersonFactory(account=account)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[account.pk]),
        {
            "password1": "a-new-Passw0rd-for-them",
            "password2": "a-new-Passw0rd-for-them",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="account.admin_password")
    assert entry.actor == superuser
    assert entry.target_id == str(account.person.pk)
    assert not AuditEntry.objects.filter(action="account.admin_change").exists()


def test_accounts_created_and_deleted_in_the_admin_are_in_the_audit_log(
    client, superuser
):
    response = client.post(
        _admin_url(type(superuser), "add"),
        {
            "email": "new-admin@example.jp",
            "password1": "a-new-Passw0rd-for-them",
            "password2": "a-new-Passw0rd-for-them",
        },
    )
    assert response.status_code == 302
    created = type(superuser).objects.get(email="new-admin@example.jp")
    entry = AuditEntry.objects.get(action="account.admin_add")
    assert (entry.actor, entry.target_id) == (superuser, str(created.pk))
    response = client.post(
        _admin_url(type(superuser), "delete", created.pk), {"post": "yes"}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="account.admin_delete").count() == 1


def test_a_staff_member_who_is_not_superuser_cannot_grant_superuser(client):
    from django.contrib.auth.models import Permission

    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "change_user"])
    )
    client.force_login(staff)
    response = client.post(
        _admin_url(type(staff), "change", staff.pk),
        {
            "email": staff.email,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2026-01-05",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert not staff.is_superuser


def test_email_addresses_changed_or_verified_in_the_admin_are_in_the_audit_log(
    client, superuser
):
    account = UserFactory(verified=False)
    person = PersonFactory(account=account)
    address = EmailAddress.objects.create(
        user=account, email=account.email, primary=True, verified=False
    )
    response = client.post(
        _admin_url(EmailAddress, "changelist"),
        {"action": "make_verified", "_selected_action": [address.pk]},
    )
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.verified
    entry = AuditEntry.objects.get(action="email_address.admin_verify")
    assert (entry.actor, entry.target_id) == (superuser, str(person.pk))
    response = client.post(
        _admin_url(EmailAddress, "change", address.pk),
        {
            "user": account.pk,
            "email": "someone-else@example.jp",
            "primary": "on",
            "verified": "on",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="email_address.admin_change")
    assert entry.data["changes"] == {
        "email": [account.email, "someone-else@example.jp"]
    }
