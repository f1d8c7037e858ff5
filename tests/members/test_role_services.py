import datetime

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members.models import Role, RoleAssignment, Section
from members.roles import roles_of
from members.services import role_assign, role_end, second_factor_reset
from tests.factories import PersonFactory
from wco_sse.core.errors import PermissionDenied, ServiceError
from wco_sse.core.models import AuditEntry, OutboundEmail

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 1)


def test_secretary_general_assigns_a_section_role(demo):
    person = PersonFactory(with_account=True)
    assignment = role_assign(
        actor=demo["secgen"],
        person=person,
        role=Role.SECTION_MEMBER,
        scope=Section.NETWORK,
        start=timezone.localdate(),
    )
    assert assignment.created_by == demo["secgen"]
    assert roles_of(person.account).has(Role.SECTION_MEMBER, Section.NETWORK)
    assert AuditEntry.objects.filter(
        action="role.assign", target_id=str(person.pk)
    ).exists()


@pytest.mark.parametrize("name", ["staff", "board", "member"])
def test_only_the_secretary_general_assigns_roles(demo, name):
    with pytest.raises(PermissionDenied):
        role_assign(
            actor=demo[name], person=PersonFactory(), role=Role.DIRECTOR, start=TODAY
        )
    assert not RoleAssignment.objects.filter(role=Role.DIRECTOR, start=TODAY).exists()


@pytest.mark.parametrize(
    ("role", "scope", "field"),
    [
        (Role.SECTION_MEMBER, "", "scope"),
        (Role.ADVISOR, Section.SUPPORT, "scope"),
        (Role.DIRECTOR, Section.SUPPORT, "scope"),
    ],
)
def test_scope_must_fit_the_role(demo, role, scope, field):
    with pytest.raises(ServiceError) as error:
        role_assign(
            actor=demo["secgen"],
            person=PersonFactory(),
            role=role,
            scope=scope,
            start=TODAY,
        )
    assert error.value.field == field


def test_overlapping_terms_of_one_role_are_refused(demo):
    person = PersonFactory()
    role_assign(actor=demo["secgen"], person=person, role=Role.DIRECTOR, start=TODAY)
    with pytest.raises(ServiceError) as error:
        role_assign(
            actor=demo["secgen"],
            person=person,
            role=Role.DIRECTOR,
            start=TODAY + datetime.timedelta(days=100),
        )
    assert error.value.field == "role"
    assert RoleAssignment.objects.filter(person=person).count() == 1


def test_end_before_start_is_refused(demo):
    with pytest.raises(ServiceError) as error:
        role_assign(
            actor=demo["secgen"],
            person=PersonFactory(),
            role=Role.DIRECTOR,
            start=TODAY,
            end=TODAY - datetime.timedelta(days=1),
        )
    assert error.value.field == "end"


def test_ending_a_role_takes_it_away_after_the_last_day(demo):
    person = PersonFactory(with_account=True)
    assignment = role_assign(
        actor=demo["secgen"], person=person, role=Role.AUDITOR, start=TODAY
    )
    role_end(
        actor=demo["secgen"],
        assignment=assignment,
        end=TODAY + datetime.timedelta(days=5),
    )
    assignment.refresh_from_db()
    assert assignment.is_current(TODAY + datetime.timedelta(days=5))
    assert not assignment.is_current(TODAY + datetime.timedelta(days=6))


def test_role_assign_view_shows_errors_next_to_the_field(client, demo):
    client.force_login(demo["secgen"])
    person = PersonFactory()
    response = client.post(
        reverse("members:role_assign"),
        {
            "person": person.pk,
            "role": Role.SECTION_MEMBER,
            "scope": "",
            "start": "2026-11-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["scope"]
    assert not RoleAssignment.objects.filter(person=person).exists()


def test_role_assign_and_end_in_the_browser_forms(client, demo):
    client.force_login(demo["secgen"])
    person = PersonFactory()
    response = client.post(
        reverse("members:role_assign"),
        {
            "person": person.pk,
            "role": Role.FUND_COMMITTEE,
            "scope": "",
            "start": "2026-04-01",
        },
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(person=person)
    response = client.post(
        reverse("members:role_end", args=[assignment.pk]), {"end": "2026-10-31"}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.end == datetime.date(2026, 10, 31)


def test_second_factor_reset_is_logged_and_notified(
    demo, django_capture_on_commit_callbacks
):
    board = demo["board"]
    Authenticator.objects.create(
        user=board, type=Authenticator.Type.TOTP, data={"secret": "x"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        removed = second_factor_reset(
            actor=demo["secgen"],
            person=board.person,
            reason="スマートフォン紛失（電話で本人確認）",
        )
    assert removed == 1
    assert not Authenticator.objects.filter(user=board).exists()
    entry = AuditEntry.objects.get(action="mfa.reset")
    assert entry.actor == demo["secgen"]
    assert "スマートフォン紛失" in entry.message
    assert OutboundEmail.objects.get(to=board.email).status == OutboundEmail.Status.SENT
    assert mail.outbox[-1].to == [board.email]


def test_second_factor_reset_needs_a_reason_and_the_secretary_general(demo):
    with pytest.raises(ServiceError) as error:
        second_factor_reset(
            actor=demo["secgen"], person=demo["board"].person, reason=" "
        )
    assert error.value.field == "reason"
    with pytest.raises(PermissionDenied):
        second_factor_reset(
            actor=demo["staff"], person=demo["board"].person, reason="x"
        )
    assert not AuditEntry.objects.filter(action="mfa.reset").exists()
