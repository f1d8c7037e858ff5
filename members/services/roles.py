"""Roles: offices and functions held for a term (DESIGN: people, accounts and
authority). The secretary-general alone assigns and ends them."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.dates import format_day
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..models import Person, Role, RoleAssignment
from ..models.roles import EndReason
from ..roles import forget_roles
from .people import person_lock_unerased


def _check_term(role, scope, start, end):
    scopes = dict(Role.scope_choices(role))
    if scopes and scope not in scopes:
        raise ServiceError(_("Choose the scope this role is held in."), field="scope")
    if not scopes and scope:
        raise ServiceError(_("This role is not held within a scope."), field="scope")
    if end is not None and end < start:
        raise ServiceError(_("The end of the term is before its start."), field="end")


def _check_no_overlap(person, role, scope, start, end):
    overlapping = RoleAssignment.objects.filter(
        person=person, role=role, scope=scope
    ).exclude(end__lt=start)
    if end is not None:
        overlapping = overlapping.exclude(start__gt=end)
    if overlapping.exists():
        raise ServiceError(
            _("%(person)s already holds this role during that term.")
            % {"person": person},
            field="role",
        )


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
    _check_term(role, scope, start, end)
    with service_transaction():
        # Lock the person so two assignments of the same role cannot overlap by racing.
        person_lock_unerased(person, field="person")
        _check_no_overlap(person, role, scope, start, end)
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
            % {"role": assignment.label, "start": format_day(start)},
            data={"assignment": assignment.pk, "role": role, "scope": scope},
        )
    forget_roles(person.account)
    return assignment


def role_end(
    *, actor, assignment: RoleAssignment, end: datetime.date, reason: str = ""
) -> RoleAssignment:
    """End a term on ``end``; ``reason`` (EndReason) says whether a director or
    auditor may hold over (権利義務理事) while the board is short."""
    require(actor, "members.manage_roles")
    if reason and reason not in EndReason.values:
        raise ServiceError(_("Choose why the term ends."), field="reason")
    with service_transaction():
        assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
        if end < assignment.start:
            raise ServiceError(
                _("The end of the term is before its start."), field="end"
            )
        if assignment.end is not None and assignment.end < timezone.localdate():
            raise ServiceError(_("This role has already ended."))
        assignment.end = end
        assignment.end_reason = reason
        assignment.save(update_fields=["end", "end_reason"])
        audit_record(
            actor=actor,
            action="role.end",
            target=assignment.person,
            message=_("Ended %(role)s on %(end)s")
            % {"role": assignment.label, "end": format_day(end)},
            data={"assignment": assignment.pk},
        )
    return assignment
