"""Organizations, people and affiliations: created and changed here, never in views.

Every change bumps the record's ``version`` and leaves an audit entry with the fields
that changed (old and new). A save based on an older version is refused with what
changed in between (ConflictError), so two staff editing one record never overwrite
each other silently.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.errors import PermissionDenied, ServiceError, require
from wco_sse.core.models import AuditEntry
from wco_sse.core.search import normalize

from ..models import Affiliation, LegalForm, LegalFormChange, Organization, Person
from ..roles import forget_roles

# What a W.Co's representative may change on their W.Co; the rest is the registry's.
ORGANIZATION_PROFILE_FIELDS = (
    "email", "phone", "fax", "website", "preferred_contact", "postal_code",
    "prefecture", "municipality", "city_outside", "address", "building", "workers_count",
)  # fmt: skip
ORGANIZATION_REGISTRY_FIELDS = (
    "name", "name_kana", "kind", "corporate_number", "industry", "membership_class",
    "status", "founded_on", "joined_on", "left_on", "notes", *ORGANIZATION_PROFILE_FIELDS,
)  # fmt: skip
# What a person may change about themself on "my page".
PERSON_SELF_FIELDS = (
    "family_name", "given_name", "family_name_kana", "given_name_kana", "email", "phone",
    "mobile", "fax", "preferred_contact", "language", "postal_code", "prefecture",
    "municipality", "city_outside", "address", "building",
)  # fmt: skip
PERSON_REGISTRY_FIELDS = (
    *PERSON_SELF_FIELDS,
    "is_individual_supporter",
    "supporter_since",
    "notes",
)


class ConflictError(ServiceError):
    """Someone saved the record after the version the user started from."""

    def __init__(self, message, *, changes):
        super().__init__(message, code="conflict")
        self.changes = changes  # [{"field", "label", "old", "new", "by", "at"}]


def _plain(value):
    """A field value as the audit log keeps it (JSON, readable)."""
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _apply(instance, data, allowed):
    """Set the allowed fields from ``data``; return {field: [old, new]} of real changes."""
    changes = {}
    for field in allowed:
        if field not in data:
            continue
        old, new = getattr(instance, field), data[field]
        if field == "corporate_number":
            new = new or None
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
            setattr(instance, field, new)
    return changes


def _conflict(instance, expected_version):
    """The ConflictError for a save based on ``expected_version``."""
    # The version comes from the page and may be anything (an altered page): no save
    # is newer than the record itself, and none older than the first.
    since = max(0, min(expected_version or 0, instance.version))
    entries = AuditEntry.objects.filter(
        target_type__app_label="members",
        target_type__model=instance._meta.model_name,
        target_id=str(instance.pk),
        data__version__gt=since,
    ).order_by("at", "pk")
    changes = []
    for entry in entries:
        for field, (old, new) in (entry.data.get("changes") or {}).items():
            try:
                label = instance._meta.get_field(field).verbose_name
            except Exception:
                label = field
            changes.append(
                {"field": field, "label": str(label), "old": old, "new": new,
                 "by": entry.actor_label, "at": entry.at}
            )  # fmt: skip
    return ConflictError(
        _(
            "Someone else saved this record while you were editing it. Your changes "
            "were not saved. Please look at what changed and enter your changes again."
        ),
        changes=changes,
    )


def _check_duplicates(organization):
    if organization.corporate_number:
        other = (
            Organization.objects.filter(corporate_number=organization.corporate_number)
            .exclude(pk=organization.pk)
            .first()
        )
        if other:
            raise ServiceError(
                _("%(name)s is already registered with this corporate number.")
                % {"name": other.name},
                field="corporate_number",
            )
    same_name = Organization.objects.filter(
        municipality=organization.municipality,
        city_outside=organization.city_outside,
    ).exclude(pk=organization.pk)
    key = normalize(organization.name)
    for other in same_name.only("pk", "name"):
        if normalize(other.name) == key:
            raise ServiceError(
                _("%(name)s is already registered in this municipality.")
                % {"name": other.name},
                field="name",
            )


def organization_create(
    *, actor, data, legal_form=LegalForm.VOLUNTARY, legal_form_since=None
):
    require(actor, "members.change_registry")
    organization = Organization()
    _apply(organization, data, ORGANIZATION_REGISTRY_FIELDS)
    organization.legal_form = legal_form
    with transaction.atomic():
        _check_duplicates(organization)
        try:
            organization.save()
        except IntegrityError as error:
            raise ServiceError(
                _("This organization could not be saved: it is already registered.")
            ) from error
        LegalFormChange.objects.create(
            organization=organization,
            legal_form=legal_form,
            since=legal_form_since or organization.founded_on,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="organization.create",
            target=organization,
            data={"version": organization.version},
        )
    return organization


def organization_update(*, actor, organization, data, expected_version):
    """Save changes to an organization; the representative only to its profile fields."""
    if actor.has_perm("members.change_registry"):
        allowed = ORGANIZATION_REGISTRY_FIELDS
    elif actor.has_perm("members.edit_organization", organization):
        allowed = ORGANIZATION_PROFILE_FIELDS
    else:
        raise PermissionDenied(_("You do not have permission to do this."))
    with transaction.atomic():
        locked = Organization.objects.select_for_update().get(pk=organization.pk)
        if locked.version != expected_version:
            raise _conflict(locked, expected_version)
        changes = _apply(locked, data, allowed)
        if not changes:
            return locked
        _check_duplicates(locked)
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor,
            action="organization.update",
            target=locked,
            message=", ".join(
                str(Organization._meta.get_field(f).verbose_name) for f in changes
            ),
            data={"version": locked.version, "changes": changes},
        )
    return locked


def legal_form_change_record(*, actor, organization, legal_form, since, note=""):
    """Record that ``organization`` took ``legal_form`` on ``since``.

    The organization's current legal form is the one with the latest date.
    """
    require(actor, "members.change_registry")
    if legal_form not in LegalForm.values:
        raise ServiceError(_("Choose a legal form."), field="legal_form")
    if since is None:
        raise ServiceError(_("Enter the date the legal form changed."), field="since")
    if since > timezone.localdate():
        raise ServiceError(_("The date is in the future."), field="since")
    with transaction.atomic():
        locked = Organization.objects.select_for_update().get(pk=organization.pk)
        history = list(locked.legal_form_changes.all())
        if any(change.since == since for change in history):
            raise ServiceError(
                _("A legal form is already recorded for this date."), field="since"
            )
        LegalFormChange.objects.create(
            organization=locked, legal_form=legal_form, since=since, note=note,
            recorded_by=actor,
        )  # fmt: skip
        dated = [c for c in history if c.since] + [
            LegalFormChange(legal_form=legal_form, since=since)
        ]
        current = max(dated, key=lambda change: change.since).legal_form
        changes = {}
        if current != locked.legal_form:
            changes["legal_form"] = [locked.legal_form, current]
            locked.legal_form = current
        locked.version += 1
        locked.save(update_fields=["legal_form", "version", "updated_at"])
        audit_record(
            actor=actor,
            action="organization.legal_form",
            target=locked,
            message=_("%(form)s from %(since)s")
            % {"form": LegalForm(legal_form).label, "since": since},
            data={"version": locked.version, "changes": changes},
        )
    return locked


def person_create(*, actor, data):
    require(actor, "members.change_registry")
    person = Person()
    _apply(person, data, PERSON_REGISTRY_FIELDS)
    with transaction.atomic():
        person.save()
        audit_record(
            actor=actor, action="person.create", target=person, data={"version": 1}
        )
    return person


def person_update(*, actor, person, data, expected_version):
    """Save changes to a person's record: the secretariat, or the person themself."""
    if actor.has_perm("members.change_registry"):
        allowed = PERSON_REGISTRY_FIELDS
    elif actor.has_perm("members.view_person_record", person):
        allowed = PERSON_SELF_FIELDS  # only the person themself gets this far
    else:
        raise PermissionDenied(_("You do not have permission to do this."))
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.version != expected_version:
            raise _conflict(locked, expected_version)
        changes = _apply(locked, data, allowed)
        if not changes:
            return locked
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor,
            action="person.update",
            target=locked,
            message=", ".join(
                str(Person._meta.get_field(f).verbose_name) for f in changes
            ),
            data={"version": locked.version, "changes": changes},
        )
    if "is_individual_supporter" in changes:
        forget_roles(locked.account)
    return locked


# --- Affiliations -------------------------------------------------------------------------


def affiliation_request(*, actor, person, organization):
    """A signed-up person asks to be recorded as a member of a W.Co.

    The affiliation stays unconfirmed (and grants nothing) until the W.Co's
    representative or the secretariat confirms it.
    """
    if person.account_id != actor.pk:
        raise PermissionDenied(_("You do not have permission to do this."))
    if not organization.is_member_organization:
        raise ServiceError(
            _("Only member organizations can be chosen."), field="organization"
        )
    with transaction.atomic():
        if (
            Affiliation.objects.current()
            .filter(person=person, organization=organization)
            .exists()
        ):
            raise ServiceError(
                _("You are already registered with this organization."),
                field="organization",
            )
        affiliation = Affiliation.objects.create(
            person=person,
            organization=organization,
            position=Affiliation.Position.MEMBER,
            confirmed=False,
        )
        audit_record(
            actor=actor,
            action="affiliation.request",
            target=organization,
            message=str(person),
            data={"affiliation": affiliation.pk},
        )
    return affiliation


def affiliation_add(
    *, actor, person, organization, position, start=None, confirmed=True
):
    require(actor, "members.manage_affiliations", organization)
    if position not in Affiliation.Position.values:
        raise ServiceError(_("Choose a position."), field="position")
    with transaction.atomic():
        if (
            Affiliation.objects.current()
            .filter(person=person, organization=organization, position=position)
            .exists()
        ):
            raise ServiceError(
                _("%(person)s already holds this position here.") % {"person": person},
                field="person",
            )
        affiliation = Affiliation.objects.create(
            person=person,
            organization=organization,
            position=position,
            start=start,
            confirmed=confirmed,
            confirmed_by=actor if confirmed else None,
            confirmed_at=timezone.now() if confirmed else None,
        )
        audit_record(
            actor=actor,
            action="affiliation.add",
            target=organization,
            message=f"{person} ({affiliation.get_position_display()})",
            data={"affiliation": affiliation.pk},
        )
    forget_roles(person.account)
    return affiliation


def organization_member_add(
    *, actor, organization, position, person=None, person_data=None, start=None
):
    """Add a person to a W.Co's member list, creating their record if they are new.

    The W.Co's representative may add new people to their own W.Co; choosing someone
    already in the registry is for the secretariat (it reveals who is registered).
    """
    require(actor, "members.manage_affiliations", organization)
    if person is not None and not actor.has_perm("members.change_registry"):
        raise PermissionDenied(_("You do not have permission to do this."))
    with transaction.atomic():
        if person is None:
            person = Person()
            _apply(
                person,
                person_data or {},
                (
                    "family_name",
                    "given_name",
                    "family_name_kana",
                    "given_name_kana",
                    "email",
                ),
            )
            person.save()
            audit_record(
                actor=actor,
                action="person.create",
                target=person,
                message=str(organization),
                data={"version": 1},
            )
        return affiliation_add(
            actor=actor,
            person=person,
            organization=organization,
            position=position,
            start=start,
        )


def affiliation_confirm(*, actor, affiliation):
    require(actor, "members.manage_affiliations", affiliation.organization)
    with transaction.atomic():
        locked = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
        if locked.confirmed:
            return locked
        if locked.end is not None and locked.end < timezone.localdate():
            raise ServiceError(_("This affiliation has ended."))
        locked.confirmed = True
        locked.confirmed_by = actor
        locked.confirmed_at = timezone.now()
        locked.start = locked.start or timezone.localdate()
        locked.save(
            update_fields=["confirmed", "confirmed_by", "confirmed_at", "start"]
        )
        audit_record(
            actor=actor,
            action="affiliation.confirm",
            target=locked.organization,
            message=str(locked.person),
            data={"affiliation": locked.pk},
        )
    forget_roles(locked.person.account)
    return locked


def affiliation_end(*, actor, affiliation, end=None):
    """End an affiliation (a person leaving the W.Co), or refuse a pending request."""
    require(actor, "members.manage_affiliations", affiliation.organization)
    end = end or timezone.localdate()
    with transaction.atomic():
        locked = Affiliation.objects.select_for_update().get(pk=affiliation.pk)
        if locked.start and end < locked.start:
            raise ServiceError(_("The end is before the start."), field="end")
        if (
            locked.position == Affiliation.Position.REPRESENTATIVE
            and locked.person.account_id == actor.pk
            and not actor.has_perm("members.change_registry")
        ):
            raise ServiceError(
                _(
                    "You cannot end your own place as representative. Please ask the "
                    "secretariat, who will record your successor."
                )
            )
        locked.end = end
        locked.save(update_fields=["end"])
        audit_record(
            actor=actor,
            action="affiliation.end",
            target=locked.organization,
            message=f"{locked.person} ({locked.get_position_display()})",
            data={"affiliation": locked.pk, "end": end.isoformat()},
        )
    forget_roles(locked.person.account)
    return locked
