"""Reminders (お支払いのお願い): once per dues and day."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.japan import format_fiscal_year
from wco_sse.core.transactions import service_transaction

from ..models import (
    Dues,
)
from ..selectors import representatives_prefetch
from .common import (
    yen,
)
from .selectors import dues_contact, dues_unpaid

# --- Reminders ----------------------------------------------------------------------------------


def reminder_key(dues, day):
    """One reminder per dues and day: a double click, a retry or a second "remind all"
    the same day sends nothing more."""
    return f"dues_reminder:{dues.pk}:{day.isoformat()}"


def _portal_path(dues):
    if dues.organization_id:
        return reverse("members:organization_detail", args=[dues.organization_id])
    return reverse("members:mypage")


def _remind(actor, dues, day):
    """Queue the reminder of ``dues`` (inside the caller's transaction); None when
    one went out today already."""
    contact = dues_contact(dues)
    if contact is None:
        raise ServiceError(
            _(
                "%(payer)s has no email address. Send the invoice by post or fax "
                "instead."
            )
            % {"payer": dues.payer},
            code="no_address",
        )
    email_address, language, addressee = contact
    with transaction.atomic():  # this reminder alone, when "remind all" goes on
        email = email_queue(
            key=reminder_key(dues, day),
            template="dues_reminder",
            to=email_address,
            language=language,
            context={
                "dues": dues,
                "addressee": addressee,
                "is_organization": bool(dues.organization_id),
                "fiscal_year": format_fiscal_year(dues.fiscal_year),
                "amount": yen(dues.amount),
                "paid": yen(dues.paid_total),
                "outstanding": yen(dues.outstanding),
                "portal_url": settings.WCO_SITE_URL + _portal_path(dues),
            },
        )
        if email is None:
            return None
        Dues.objects.filter(pk=dues.pk).update(last_reminded_on=day)
        dues.last_reminded_on = day
        audit_record(
            actor=actor,
            action="dues.remind",
            target=dues,
            message=_("Reminder sent to %(email)s") % {"email": email_address},
            data={"to": email_address, "day": day},
        )
    return email


def dues_remind(*, actor, dues: Dues, day: datetime.date | None = None):
    """Send one member a reminder (お支払いのお願い). Returns the queued email, or None
    when they were reminded today already."""
    require(actor, "members.manage_dues")
    day = day or timezone.localdate()
    dues = (
        Dues.objects.select_related("organization", "person__account")
        .prefetch_related(representatives_prefetch("organization__affiliations"))
        .get(pk=dues.pk)
    )
    if dues.state == "paid":
        raise ServiceError(
            _("These dues are paid in full; there is nothing to remind of.")
        )
    with service_transaction():
        return _remind(actor, dues, day)


def dues_remind_all(*, actor, fiscal_year: int, day: datetime.date | None = None):
    """Remind every member with dues outstanding for ``fiscal_year``.

    Returns {"sent": [...], "already": [...], "no_address": [...]} of dues.
    """
    require(actor, "members.manage_dues")
    day = day or timezone.localdate()
    result = {"sent": [], "already": [], "no_address": []}
    with service_transaction():
        for dues in dues_unpaid(fiscal_year=fiscal_year):
            try:
                email = _remind(actor, dues, day)
            except ServiceError:
                result["no_address"].append(dues)
                continue
            result["sent" if email else "already"].append(dues)
    return result
