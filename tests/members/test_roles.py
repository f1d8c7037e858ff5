import datetime

import pytest
from django.utils import timezone

from members.models import Role, Section
from members.roles import compute_snapshot, roles_of
from tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
    RoleAssignmentFactory,
)

pytestmark = pytest.mark.django_db


def test_role_is_held_only_within_its_term():
    """A role counts on the days its term covers, not before or after."""
    person = PersonFactory(with_account=True)
    today = timezone.localdate()
    RoleAssignmentFactory(
        person=person,
        role=Role.DIRECTOR,
        start=today - datetime.timedelta(days=400),
        end=today - datetime.timedelta(days=1),
    )
    RoleAssignmentFactory(
        person=person, role=Role.AUDITOR, start=today + datetime.timedelta(days=1)
    )
    assert not compute_snapshot(person.account).roles
    assert compute_snapshot(
        person.account, day=today - datetime.timedelta(days=10)
    ).is_director


def test_member_means_confirmed_affiliation_with_member_organization():
    """Only a confirmed affiliation with a 正会員/賛助会員 organization makes a member."""
    confirmed = AffiliationFactory(person=PersonFactory(with_account=True))
    unconfirmed = AffiliationFactory(
        person=PersonFactory(with_account=True), unconfirmed=True
    )
    outsider = AffiliationFactory(
        person=PersonFactory(with_account=True),
        organization=OrganizationFactory(non_member=True),
    )
    assert compute_snapshot(confirmed.person.account).is_member
    assert not compute_snapshot(unconfirmed.person.account).is_member
    assert not compute_snapshot(outsider.person.account).is_member


def test_individual_supporter_is_a_member():
    person = PersonFactory(with_account=True, is_individual_supporter=True)
    assert compute_snapshot(person.account).is_member


def test_representative_of_confirmed_affiliation_only():
    rep = AffiliationFactory(
        person=PersonFactory(with_account=True), representative=True
    )
    AffiliationFactory(
        person=rep.person, representative=True, unconfirmed=True
    )  # a second W.Co, not confirmed
    snapshot = compute_snapshot(rep.person.account)
    assert snapshot.represented_org_ids == {rep.organization_id}
    assert snapshot.requires_second_factor


def test_snapshot_is_computed_once_per_user_object(django_assert_num_queries):
    """Permission checks after the first cost no queries."""
    person = PersonFactory(with_account=True)
    RoleAssignmentFactory(
        person=person, role=Role.SECTION_MEMBER, scope=Section.SUPPORT
    )
    user = person.account
    with django_assert_num_queries(3):
        roles_of(user)
    with django_assert_num_queries(0):
        for _ in range(20):
            assert user.has_perm("secretariat.view_index")
            assert not user.has_perm("network.view_index")


def test_member_and_citizen_need_no_second_factor(demo):
    assert not roles_of(demo["member"]).requires_second_factor
    assert not roles_of(demo["citizen"]).requires_second_factor
    for name in ("secgen", "staff", "board", "auditor", "rep", "advisor"):
        assert roles_of(demo[name]).requires_second_factor, name


def test_superuser_gets_no_portal_permission_outside_the_rules(db):
    """The admin's superuser is not a back door to the portal's own permissions."""
    from members.models import User

    admin = User.objects.create_superuser(email="root@example.jp", password="x" * 12)
    assert not admin.has_perm("members.manage_roles")
    assert not admin.has_perm("members.view_registry")
    assert admin.has_perm(
        "members.view_organization"
    )  # the admin site's model permission
