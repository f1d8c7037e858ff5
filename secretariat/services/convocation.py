"""Who a convocation (招集通知) goes to, and how: by email, or by post where a 社員
has not agreed to notices by email."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Organization, Person
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..membership import body_seats
from ..models import AgendaItem, EmailNoticeConsent, Meeting
from .common import site_url


def convocation_recipients(meeting):
    """(person or organization, email, by_post) for every seat of the body; for the board
    that is every director and auditor (DESIGN)."""
    seats = body_seats(meeting.body, meeting.day)
    if meeting.body.is_assembly:
        consents = set(
            EmailNoticeConsent.objects.filter(
                organization__in=[s.organization for s in seats]
            ).values_list("organization_id", flat=True)
        )
        return [
            (
                seat.organization,
                seat.organization.email if seat.organization.pk in consents else "",
                not (seat.organization.pk in consents and seat.organization.email),
            )
            for seat in seats
        ]
    people = Person.objects.filter(pk__in=[s.person.pk for s in seats]).select_related(
        "account"
    )
    by_pk = {p.pk: p for p in people}
    result = []
    for seat in seats:
        person = by_pk[seat.person.pk]
        email = person.contact_email
        result.append((person, email, not email))
    return result


def convocation_send(meeting: Meeting) -> list[str]:
    """Queue the convocation, with the agenda, to every seat with an address; return
    the names of those it goes to by post. Runs in the convening service's transaction."""
    items = list(
        AgendaItem.objects.filter(
            meeting=meeting, status=AgendaItem.Status.PLACED
        ).order_by("order", "pk")
    )
    url = site_url(reverse("secretariat:meeting_detail", args=[meeting.pk]))
    by_post = []
    for recipient, email, post in convocation_recipients(meeting):
        if post:
            by_post.append(str(recipient))
            continue
        email_queue(
            key=f"convocation:{meeting.pk}:{recipient._meta.model_name}:{recipient.pk}",
            template="secretariat/convocation",
            to=email,
            language=getattr(recipient, "language", "ja"),
            context={
                "recipient": str(recipient),
                "meeting": meeting,
                "items": items,
                "url": url,
            },
        )
    return by_post


def email_notice_consent_set(
    *, actor, organization, agreed: bool, agreed_on: datetime.date | None = None
) -> EmailNoticeConsent | None:
    """Record or withdraw a 社員's consent to the assembly's notices by email. The
    secretariat records a consent given on paper; the W.Co's representative gives or
    withdraws it themselves. Without it, convocations go by post."""
    require(actor, "secretariat.record_email_consent", organization)
    if organization.membership_class != Organization.MembershipClass.REGULAR:
        raise ServiceError(
            _("Only 正会員 organizations are members of the general assembly.")
        )
    today = timezone.localdate()
    with service_transaction():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        consent = EmailNoticeConsent.objects.filter(organization=organization).first()
        if not agreed:
            if consent is not None:
                consent.delete()
                audit_record(
                    actor=actor,
                    action="assembly.email_consent.withdraw",
                    target=organization,
                )
            return None
        agreed_on = agreed_on or today
        if agreed_on > today:
            raise ServiceError(
                _("The date of consent can't be in the future."), field="agreed_on"
            )
        if not organization.email:
            raise ServiceError(
                _(
                    "The organization has no email address: enter it on its profile "
                    "first, since the notices go there."
                ),
                field="agreed",
            )
        if consent is None:
            consent = EmailNoticeConsent(organization=organization)
        consent.agreed_on = agreed_on
        consent.recorded_by = actor
        consent.save()
        audit_record(
            actor=actor,
            action="assembly.email_consent.give",
            target=organization,
            data={"agreed_on": agreed_on.isoformat()},
        )
    return consent
