"""Bodies (会議体) and the members of the ad-hoc ones: the secretariat keeps them."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import (
    Affiliation,
    Organization,
    Person,
    Role,
    RoleAssignment,
    Section,
)
from members.selectors import representatives_prefetch
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..models import Body, BodyMember
from .common import require_runs, site_url
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
        return _body_create(actor=actor, name=name, description=description, **rules)


def _body_create(*, actor, name, description, **rules) -> Body:
    body = Body(name=name.strip(), description=description, kind=Body.Kind.AD_HOC)
    for key, value in rules.items():
        if key in Body.RULE_FIELDS:
            setattr(body, key, value)
    body.save()
    audit_record(actor=actor, action="body.create", target=body)
    return body


def section_body_create_within(
    *, actor, section: str, category: str, name: str, description: str = "", **rules
) -> Body:
    """An ad-hoc body run by ``section`` (an industry meeting, a project team), made
    inside the caller's transaction by a section's service that links it to its own
    record: the secretariat, or a member of that section."""
    if section not in Section.values or category not in Body.Category.values:
        raise ServiceError(_("Choose the section and the kind of body."))
    probe = Body(kind=Body.Kind.AD_HOC, section=section, category=category)
    require(actor, "secretariat.run_body", probe)
    _check_name(name)
    return _body_create(
        actor=actor,
        name=name,
        description=description,
        section=section,
        category=category,
        **rules,
    )


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


def _check_section(body, changes):
    """Only an ad-hoc body is run by a section and has a category."""
    if body.is_ad_hoc:
        return
    for name in Body.AD_HOC_ONLY_FIELDS:
        if changes.get(name):
            raise ServiceError(
                _(
                    "The board, the council and the assembly are the secretariat's; they have no section or category."
                ),
                field=name,
            )


def body_update(*, actor, body: Body, **changes) -> Body:
    """Change the body's rules (``changes`` among ``Body.RULE_FIELDS``)."""
    require(actor, "secretariat.manage_meetings")
    if "name" in changes:
        _check_name(changes["name"])
    _check_minimums(changes)
    _check_section(body, changes)
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


def _check_confirmed(person, organization, day):
    confirmed = (
        Affiliation.objects.current(day)
        .filter(organization=organization, person=person, confirmed=True)
        .exists()
    )
    if not confirmed:
        raise ServiceError(
            _("%(person)s is not a confirmed person of %(organization)s.")
            % {"person": person, "organization": organization},
            field="person",
        )


def body_member_add(
    *,
    actor,
    body: Body,
    person: Person,
    organization: Organization | None = None,
    start=None,
    note="",
):
    """Seat ``person`` on an ad-hoc body; with ``organization``, as its delegate (one
    of its confirmed people; one open seat per organization)."""
    require_runs(actor, body)
    if not body.is_ad_hoc:
        raise ServiceError(
            _(
                "The members of the board, the council and the assembly follow from roles and membership; they are not listed by hand."
            )
        )
    with service_transaction():
        # The body's row serializes additions (and delegates' changes) to its seats.
        lock_body(body.pk)
        if organization is not None:
            _check_confirmed(person, organization, start or timezone.localdate())
            if BodyMember.objects.filter(
                body=body, organization=organization, end__isnull=True
            ).exists():
                raise ServiceError(
                    _(
                        "%(organization)s already has a seat; its representative names its delegate."
                    )
                    % {"organization": organization},
                    field="organization",
                )
        member, created = BodyMember.objects.filter(end__isnull=True).get_or_create(
            body=body,
            person=person,
            defaults={"start": start, "note": note, "organization": organization},
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
    require_runs(actor, member.body)
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


# --- Seats held by organizations and their delegates -----------------------------------------


def _section_recipients(body, day):
    """Who is told of a change of delegate: the members of the body's section; the
    secretariat for a body no section runs."""
    if body.section:
        roles = RoleAssignment.objects.current(day).filter(
            role=Role.SECTION_MEMBER, scope=body.section
        )
    else:
        roles = RoleAssignment.objects.current(day).filter(
            role__in=(Role.SECRETARY_GENERAL, Role.SECRETARIAT_STAFF)
        )
    people = {a.person_id: a.person for a in roles.select_related("person")}
    return sorted(people.values(), key=lambda p: (p.sort_key or "", p.pk))


def body_delegate_change(
    *, actor, seat: BodyMember, person: Person, day: datetime.date | None = None
) -> BodyMember:
    """Name ``person`` the delegate of the organization holding ``seat``: the old seat
    ends the day before and the new one starts on ``day`` (today), in one transaction
    under the body's row lock, so two changes at once end with one seat. The
    delegate is one of the organization's confirmed people; the section running the
    body is told by email."""
    require(actor, "secretariat.name_delegate", seat)
    organization = seat.organization
    if organization is None:
        raise ServiceError(_("This seat is not held by an organization."))
    day = day or timezone.localdate()
    _check_confirmed(person, organization, day)
    with service_transaction():
        body = lock_body(seat.body_id)
        current = (
            BodyMember.objects.filter(
                body=body, organization=organization, end__isnull=True
            )
            .select_related("person")
            .first()
        )
        if current is None or current.pk != seat.pk:
            raise ServiceError(
                _(
                    "The delegate of %(organization)s was changed meanwhile; the page now shows who sits for it."
                )
                % {"organization": organization}
            )
        if current.person_id == person.pk:
            raise ServiceError(
                _("%(person)s is already the delegate.") % {"person": person},
                field="person",
            )
        if BodyMember.objects.filter(
            body=body, person=person, end__isnull=True
        ).exists():
            raise ServiceError(
                _("%(person)s already sits on this body.") % {"person": person},
                field="person",
            )
        current.end = day - datetime.timedelta(days=1)
        current.save(update_fields=["end"])
        new = BodyMember.objects.create(
            body=body,
            person=person,
            organization=organization,
            start=day,
            note=current.note,
        )
        audit_record(
            actor=actor,
            action="body.delegate_change",
            target=body,
            message=f"{organization}: {current.person} → {person}",
            data={
                "organization": organization.pk,
                "from": current.person_id,
                "to": person.pk,
            },
        )
        url = site_url(reverse("secretariat:body_detail", args=[body.pk]))
        for recipient in _section_recipients(body, day):
            email_queue(
                key=f"delegate:{new.pk}:{recipient.pk}",
                template="secretariat/delegate_changed",
                to=recipient.contact_email,
                language=recipient.language,
                context={
                    "person": recipient,
                    "body": body,
                    "organization": organization,
                    "former": current.person,
                    "delegate": person,
                    "start": day,
                    "url": url,
                },
            )
    return new


# --- The liaison council (連携会議): a seat for each regular-member W.Co ------------------------


def regular_wcos_without_seat(body: Body, day=None):
    """The active 正会員 W.Cos holding no open seat on ``body``, in kana order, each
    with ``current_representatives`` (two queries when read)."""
    seated = BodyMember.objects.filter(
        body=body, organization__isnull=False, end__isnull=True
    ).values("organization_id")
    return (
        Organization.objects.filter(
            kind=Organization.Kind.WCO,
            membership_class=Organization.MembershipClass.REGULAR,
            status=Organization.Status.ACTIVE,
        )
        .exclude(pk__in=seated)
        .prefetch_related(representatives_prefetch(day=day))
        .order_by("sort_key", "pk")
    )


def body_seat_regular_members(
    *, actor, body: Body, organizations, day: datetime.date | None = None
) -> list[BodyMember]:
    """Seat each of ``organizations`` (正会員 W.Cos) on the liaison council ``body``
    with its representative as delegate, all or nothing, under the body's row lock:
    a W.Co seated meanwhile (a second run, another member of the section) is left as
    it is, and a W.Co without a confirmed representative refuses the whole call."""
    require_runs(actor, body)
    if body.category != Body.Category.LIAISON:
        raise ServiceError(_("Only a liaison council seats the regular members."))
    day = day or timezone.localdate()
    wanted = {organization.pk for organization in organizations}
    if not wanted:
        raise ServiceError(_("Choose at least one W.Co."), field="organizations")
    with service_transaction():
        lock_body(body.pk)
        candidates = {o.pk: o for o in regular_wcos_without_seat(body, day)}
        missing = sorted(
            (candidates[pk] for pk in wanted if pk in candidates
             and not candidates[pk].current_representatives),
            key=lambda o: (o.sort_key or "", o.pk),
        )  # fmt: skip
        if missing:
            raise ServiceError(
                _(
                    "%(names)s has no confirmed representative; register one in the registry first. Nothing was seated."
                )
                % {"names": "、".join(o.name for o in missing)},
                field="organizations",
            )
        chosen = [candidates[pk] for pk in wanted if pk in candidates]
        if not chosen:
            raise ServiceError(
                _("The chosen W.Cos already have seats; nothing was added."),
                field="organizations",
            )
        sitting = set(
            BodyMember.objects.filter(body=body, end__isnull=True).values_list(
                "person_id", flat=True
            )
        )
        seats = []
        for organization in sorted(chosen, key=lambda o: (o.sort_key or "", o.pk)):
            person = organization.current_representatives[0].person
            if person.pk in sitting:
                raise ServiceError(
                    _(
                        "%(person)s, the representative of %(organization)s, already sits on this body. Nothing was seated."
                    )
                    % {"person": person, "organization": organization},
                    field="organizations",
                )
            sitting.add(person.pk)
            seats.append(
                BodyMember.objects.create(
                    body=body, person=person, organization=organization, start=day
                )
            )
            audit_record(
                actor=actor,
                action="body.member_add",
                target=body,
                message=f"{organization}: {person}",
            )
    return seats
