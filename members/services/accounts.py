"""Writes with business meaning in the registry: each checks permission, runs in a
transaction and leaves an audit entry."""

import datetime

from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.files import file_attach

from ..middleware import forget_second_factor
from ..models import Person, Role, RoleAssignment
from ..roles import forget_roles

# --- Roles ----------------------------------------------------------------------------------


def role_assign(
    *,
    actor,
    person: Person,
    role: str,
    scope: str = "",
    start: datetime.date,
    end: datetime.date | None = None,
    note: str = "",
) -> RoleAssignment:
    require(actor, "members.manage_roles")
    scopes = dict(Role.scope_choices(role))
    if scopes and scope not in scopes:
        raise ServiceError(_("Choose the scope this role is held in."), field="scope")
    if not scopes and scope:
        raise ServiceError(_("This role is not held within a scope."), field="scope")
    if end is not None and end < start:
        raise ServiceError(_("The end of the term is before its start."), field="end")
    with transaction.atomic():
        # Lock the person so two assignments of the same role cannot overlap by racing.
        Person.objects.select_for_update().get(pk=person.pk)
        overlapping = RoleAssignment.objects.filter(
            person=person, role=role, scope=scope
        )
        overlapping = overlapping.exclude(end__lt=start)
        if end is not None:
            overlapping = overlapping.exclude(start__gt=end)
        if overlapping.exists():
            raise ServiceError(
                _("%(person)s already holds this role during that term.")
                % {"person": person},
                field="role",
            )
        assignment = RoleAssignment.objects.create(
            person=person,
            role=role,
            scope=scope,
            start=start,
            end=end,
            note=note,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="role.assign",
            target=person,
            message=_("Assigned %(role)s from %(start)s")
            % {"role": assignment.label, "start": start},
            data={"assignment": assignment.pk, "role": role, "scope": scope},
        )
    forget_roles(person.account)
    return assignment


def role_end(
    *, actor, assignment: RoleAssignment, end: datetime.date
) -> RoleAssignment:
    require(actor, "members.manage_roles")
    with transaction.atomic():
        assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
        if end < assignment.start:
            raise ServiceError(
                _("The end of the term is before its start."), field="end"
            )
        if assignment.end is not None and assignment.end < timezone.localdate():
            raise ServiceError(_("This role has already ended."))
        assignment.end = end
        assignment.save(update_fields=["end"])
        audit_record(
            actor=actor,
            action="role.end",
            target=assignment.person,
            message=_("Ended %(role)s on %(end)s")
            % {"role": assignment.label, "end": end},
            data={"assignment": assignment.pk},
        )
    return assignment


# --- Second factor ----------------------------------------------------------------------------


def second_factor_reset(*, actor, person: Person, reason: str) -> int:
    """Remove every authenticator of ``person``'s account; logged and notified."""
    require(actor, "members.reset_second_factor")
    if not reason.strip():
        raise ServiceError(
            _("Please state why the second factor is reset."), field="reason"
        )
    if person.account_id is None:
        raise ServiceError(_("This person has no account."))
    with transaction.atomic():
        removed, _details = Authenticator.objects.filter(
            user_id=person.account_id
        ).delete()
        audit_record(
            actor=actor,
            action="mfa.reset",
            target=person,
            message=reason.strip(),
            data={"authenticators_removed": removed},
        )
        transaction.on_commit(lambda: forget_second_factor(person.account_id))
        email_queue(
            key=None,
            template="second_factor_reset",
            to=person.account.email,
            language=person.language,
            context={"person": person},
        )
    return removed


# --- Files ------------------------------------------------------------------------------------


def organization_file_attach(*, actor, organization, uploaded, description=""):
    require(actor, "members.edit_organization", organization)
    return file_attach(
        actor=actor, target=organization, uploaded=uploaded, description=description
    )


# --- People -----------------------------------------------------------------------------------


def person_create_for_signup(
    *,
    account,
    family_name,
    given_name,
    family_name_kana,
    given_name_kana,
    language="ja",
) -> Person:
    """A self-signed-up person gets a registry record of their own.

    It is linked to an existing record (and so to W.Cos) only when the secretariat or
    the W.Co's representative confirms it, never by matching the email address.
    """
    with transaction.atomic():
        person = Person.objects.create(
            family_name=family_name,
            given_name=given_name,
            family_name_kana=family_name_kana,
            given_name_kana=given_name_kana,
            email=account.email,
            language=language if language in {"ja", "en"} else "ja",
            account=account,
        )
        audit_record(actor=account, action="person.signup", target=person)
    return person
