"""Bodies (会議体) and the members of the ad-hoc ones: the secretariat keeps them."""

import datetime

from django.utils.translation import gettext as _

from members.models import Person
from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..models import Body, BodyMember
from .locks import lock_body


def _check_name(name):
    if not str(name).strip():
        raise ServiceError(_("Give the body a name."), field="name")


def body_create(*, actor, name: str, description: str = "", **rules) -> Body:
    """An ad-hoc body (industry meeting, council, committee) with its own members;
    ``rules`` are any of ``Body.RULE_FIELDS``."""
    require(actor, "secretariat.manage_meetings")
    _check_name(name)
    with service_transaction():
        body = Body(name=name.strip(), description=description, kind=Body.Kind.AD_HOC)
        for key, value in rules.items():
            if key in Body.RULE_FIELDS:
                setattr(body, key, value)
        body.save()
        audit_record(actor=actor, action="body.create", target=body)
    return body


# The least the law allows (一般社団法人法 65条3項; a board has an auditor, 61条).
LEGAL_MINIMUMS = {"directors_minimum": 3, "auditors_minimum": 1}


def _check_minimums(changes):
    for name, least in LEGAL_MINIMUMS.items():
        value = changes.get(name)
        if value is not None and value < least:
            raise ServiceError(
                _("The law requires at least %(count)s.") % {"count": least},
                field=name,
            )


def body_update(*, actor, body: Body, **changes) -> Body:
    """Change the body's rules (``changes`` among ``Body.RULE_FIELDS``)."""
    require(actor, "secretariat.manage_meetings")
    if "name" in changes:
        _check_name(changes["name"])
    _check_minimums(changes)
    with service_transaction():
        body = lock_body(body.pk)
        changed = {}
        before = {}
        for key, value in changes.items():
            if key in Body.RULE_FIELDS and getattr(body, key) != value:
                before[key] = getattr(body, key)
                changed[key] = str(value)
                setattr(body, key, value)
        if changed:
            body.save(update_fields=list(changed))
            audit_record(
                actor=actor,
                action="body.update",
                target=body,
                message=", ".join(sorted(changed)),
                data={
                    **changed,
                    "changes": {
                        key: [before[key], getattr(body, key)] for key in changed
                    },
                },
            )
    return body


def body_member_add(*, actor, body: Body, person: Person, start=None, note=""):
    require(actor, "secretariat.manage_meetings")
    if not body.is_ad_hoc:
        raise ServiceError(
            _(
                "The members of the board, the council and the assembly follow from roles and membership; they are not listed by hand."
            )
        )
    with service_transaction():
        member, created = BodyMember.objects.get_or_create(
            body=body, person=person, defaults={"start": start, "note": note}
        )
        if not created:
            raise ServiceError(
                _("%(person)s is already a member.") % {"person": person},
                field="person",
            )
        audit_record(
            actor=actor, action="body.member_add", target=body, message=str(person)
        )
    return member


def body_member_remove(*, actor, member: BodyMember, end: datetime.date):
    require(actor, "secretariat.manage_meetings")
    with service_transaction():
        member.end = end
        member.save(update_fields=["end"])
        audit_record(
            actor=actor,
            action="body.member_end",
            target=member.body,
            message=str(member.person),
        )
    return member
