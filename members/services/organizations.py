"""Organizations: registered and changed (versioned, see ``records``), their legal-form
history and their documents. Never changed in views."""

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.dates import format_day
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.files import file_attach
from wco_sse.core.search import normalize
from wco_sse.core.transactions import service_transaction

from ..fields import ORGANIZATION_PROFILE_FIELDS, ORGANIZATION_REGISTRY_FIELDS
from ..models import LegalForm, LegalFormChange, Organization
from .records import apply_fields, record_update


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
) -> Organization:
    """Register an organization; its legal form is recorded as held since
    ``legal_form_since`` (else since its founding)."""
    with service_transaction():
        return organization_create_within(
            actor=actor,
            data=data,
            legal_form=legal_form,
            legal_form_since=legal_form_since,
        )


def organization_create_within(
    *, actor, data, legal_form=LegalForm.VOLUNTARY, legal_form_since=None
) -> Organization:
    """``organization_create`` inside the caller's transaction (an import's commit)."""
    require(actor, "members.change_registry")
    organization = Organization()
    apply_fields(organization, data, ORGANIZATION_REGISTRY_FIELDS)
    organization.legal_form = legal_form
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


def organization_update(*, actor, organization, data, expected_version) -> Organization:
    """Save changes to an organization; the representative only to its profile fields."""
    with service_transaction():
        return organization_update_within(
            actor=actor,
            organization=organization,
            data=data,
            expected_version=expected_version,
        )


def organization_update_within(
    *, actor, organization, data, expected_version
) -> Organization:
    """``organization_update`` inside the caller's transaction (an import's commit)."""
    require(actor, "members.edit_organization", organization)
    if actor.has_perm("members.change_registry"):
        allowed = ORGANIZATION_REGISTRY_FIELDS
    else:
        allowed = ORGANIZATION_PROFILE_FIELDS
    locked, _changes = record_update(
        actor=actor,
        record=organization,
        data=data,
        allowed=allowed,
        expected_version=expected_version,
        action="organization.update",
        check=_check_duplicates,
    )
    return locked


def legal_form_change_record(
    *, actor, organization, legal_form, since, note=""
) -> Organization:
    """Record that ``organization`` took ``legal_form`` on ``since``.

    The organization's current legal form is the one with the latest date.
    """
    with service_transaction():
        return legal_form_change_record_within(
            actor=actor,
            organization=organization,
            legal_form=legal_form,
            since=since,
            note=note,
        )


def legal_form_change_record_within(
    *, actor, organization, legal_form, since, note=""
) -> Organization:
    """``legal_form_change_record`` inside the caller's transaction (an import's
    commit)."""
    require(actor, "members.change_registry")
    if legal_form not in LegalForm.values:
        raise ServiceError(_("Choose a legal form."), field="legal_form")
    if since is None:
        raise ServiceError(_("Enter the date the legal form changed."), field="since")
    if since > timezone.localdate():
        raise ServiceError(_("The date is in the future."), field="since")
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
        % {"form": LegalForm(legal_form).label, "since": format_day(since)},
        data={"version": locked.version, "changes": changes},
    )
    return locked


def organization_file_attach(*, actor, organization, uploaded, description=""):
    """Keep a document (articles, a registry extract) on the organization's page."""
    require(actor, "members.edit_organization", organization)
    with service_transaction():
        return file_attach(
            actor=actor,
            target=organization,
            uploaded=uploaded,
            description=description,
        )
