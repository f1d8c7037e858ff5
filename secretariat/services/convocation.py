"""Who a convocation (招集通知) goes to, and how: by email, or on paper (post or FAX)
by the person's preferred contact, or by post where a 社員 has not agreed to notices
by email; and the follow-up notice (追加送付) after the agenda changed."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from members.models import ContactMethod, Organization, Person
from wco_sse.core.audit import audit_record
from wco_sse.core.emails import email_queue
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.transactions import service_transaction

from ..membership import body_seats
from ..models import (
    AgendaItem,
    Body,
    ConvocationDispatch,
    EmailNoticeConsent,
    Meeting,
)
from ..selectors.people import current_representative_directors
from .common import require_runs, site_url
from .locks import lock_meeting


class Channel:
    EMAIL, POST, FAX = "email", "post", "fax"


@dataclass(frozen=True)
class Addressee:
    """One recipient of a convocation and how it reaches them."""

    key: str  # "p:<pk>" or "o:<pk>"
    recipient: object  # the Person, or at the assembly the Organization
    channel: str  # Channel
    email: str = ""
    fax: str = ""
    postal_code: str = ""
    address: str = ""
    language: str = "ja"
    holdover: bool = False

    @property
    def name(self):
        return str(self.recipient)

    @property
    def channel_label(self):
        return CHANNEL_LABELS[self.channel]

    @property
    def missing(self):
        """What the channel needs and the registry lacks: a postal address."""
        return self.channel == Channel.POST and not self.address

    def as_sent(self):
        return {
            "key": self.key,
            "name": self.name,
            "channel": self.channel,
            "email": self.email,
            "fax": self.fax,
            "postal_code": self.postal_code,
            "address": self.address,
            "language": self.language,
        }


CHANNEL_LABELS = {
    Channel.EMAIL: pgettext_lazy("contact method", "Email"),
    Channel.POST: pgettext_lazy("contact method", "Post"),
    Channel.FAX: pgettext_lazy("contact method", "Fax"),
}


def _person_channel(person):
    """By the preferred contact on the registry: post or FAX where the person asks
    for it (and the registry has the number), else email where there is an
    address, else post."""
    email = person.contact_email
    if person.preferred_contact == ContactMethod.FAX and person.fax:
        return Channel.FAX
    if person.preferred_contact == ContactMethod.POST or not email:
        return Channel.POST
    return Channel.EMAIL


def convocation_addressees(meeting) -> list[Addressee]:
    """Every seat of the body with the channel its convocation goes by; for the
    board that is every director and auditor, holding over or in office (DESIGN). At
    the assembly a 社員 gets it by email only where it agreed to notices by email."""
    seats = body_seats(meeting.body, meeting.day)
    if meeting.body.is_assembly:
        consents = set(
            EmailNoticeConsent.objects.filter(
                organization__in=[s.organization for s in seats]
            ).values_list("organization_id", flat=True)
        )
        organizations = Organization.objects.select_related("municipality").in_bulk(
            [s.organization.pk for s in seats]
        )
        result = []
        for seat in seats:
            organization = organizations[seat.organization.pk]
            by_email = organization.pk in consents and organization.email
            result.append(
                Addressee(
                    key=f"o:{organization.pk}",
                    recipient=organization,
                    channel=Channel.EMAIL if by_email else Channel.POST,
                    email=organization.email if by_email else "",
                    postal_code=organization.postal_code,
                    address=organization.full_address,
                )
            )
        return result
    people = Person.objects.select_related("account", "municipality").in_bulk(
        [s.person.pk for s in seats]
    )
    result = []
    for seat in seats:
        person = people[seat.person.pk]
        channel = _person_channel(person)
        result.append(
            Addressee(
                key=f"p:{person.pk}",
                recipient=person,
                channel=channel,
                email=person.contact_email if channel == Channel.EMAIL else "",
                fax=person.fax if channel == Channel.FAX else "",
                postal_code=person.postal_code,
                address=person.full_address,
                language=person.language,
                holdover=seat.holdover,
            )
        )
    return result


def convocation_recipients(meeting):
    """(person or organization, email, on paper) for every seat of the body."""
    return [
        (a.recipient, a.email, a.channel != Channel.EMAIL)
        for a in convocation_addressees(meeting)
    ]


def convener_name(meeting):
    """Who convenes: the representative director for the board and the assembly
    (as the model articles say), the chair for the other bodies, else the
    organization."""
    if meeting.body.kind in (Body.Kind.BOARD, Body.Kind.ASSEMBLY):
        people = current_representative_directors(meeting.day)
        if people:
            return _("Representative director %(name)s") % {
                "name": "、".join(p.full_name for p in people)
            }
    if meeting.chair_id:
        return meeting.chair.full_name
    return settings.WCO_ORGANIZATION_NAME


def placed_agenda(meeting):
    return list(
        AgendaItem.objects.filter(
            meeting=meeting, status=AgendaItem.Status.PLACED
        ).order_by("order", "pk")
    )


def agenda_as_sent(items):
    return [{"pk": i.pk, "title": i.title, "kind": i.kind} for i in items]


def schedule_as_sent(meeting):
    return {
        "when": meeting.when_display,
        "place": meeting.place,
        "online_url": meeting.online_url,
    }


def convocation_context(
    meeting, *, recipient_name, items=None, changes=None, to_organization=None
):
    """What the convocation's (or a follow-up's) text says. An organization (a 社員
    at the assembly) is addressed 御中, a person 様."""
    if to_organization is None:
        to_organization = meeting.body.is_assembly
    return {
        "recipient": recipient_name,
        "to_organization": to_organization,
        "meeting": meeting,
        "when": meeting.when_display,
        "convener": convener_name(meeting),
        "items": placed_agenda(meeting) if items is None else items,
        "url": site_url(reverse("secretariat:meeting_detail", args=[meeting.pk])),
        "changes": changes,
    }


def convocation_send(meeting: Meeting, *, actor, late: bool) -> ConvocationDispatch:
    """Queue the convocation, with the agenda, to every seat by email, and record
    who gets it on paper (post or FAX): the secretariat prints their list and labels.
    Runs in the convening service's transaction."""
    items = placed_agenda(meeting)
    addressees = convocation_addressees(meeting)
    dispatch = ConvocationDispatch.objects.create(
        meeting=meeting,
        kind=ConvocationDispatch.Kind.CONVOCATION,
        late=late,
        agenda=agenda_as_sent(items),
        schedule=schedule_as_sent(meeting),
        recipients=[a.as_sent() for a in addressees],
        sent_by=actor,
    )
    for addressee in addressees:
        if addressee.channel != Channel.EMAIL:
            continue
        email_queue(
            key=f"convocation:{meeting.pk}:{addressee.recipient._meta.model_name}:"
            f"{addressee.recipient.pk}",
            template="secretariat/convocation",
            to=addressee.email,
            language=addressee.language,
            context=convocation_context(
                meeting,
                recipient_name=addressee.name,
                items=items,
                to_organization=addressee.key.startswith("o:"),
            ),
        )
    return dispatch


# --- The follow-up notice (追加送付) ---------------------------------------------


def agenda_changes(meeting, last: ConvocationDispatch) -> dict:
    """What changed in the agenda (and the date and place) since ``last`` was sent;
    an empty dict when nothing did."""
    items = placed_agenda(meeting)
    before = {i["pk"]: i for i in last.agenda}
    now = {i.pk: i for i in items}
    changes = {
        "added": [i.title for i in items if i.pk not in before],
        "removed": [i["title"] for pk, i in before.items() if pk not in now],
        "renamed": [
            [before[pk]["title"], item.title]
            for pk, item in now.items()
            if pk in before and before[pk]["title"] != item.title
        ],
    }
    kept_before = [i["pk"] for i in last.agenda if i["pk"] in now]
    kept_now = [i.pk for i in items if i.pk in before]
    changes["reordered"] = kept_before != kept_now
    schedule = schedule_as_sent(meeting)
    labels = {
        "when": _("Date and time"),
        "place": _("Place"),
        "online_url": _("Online meeting link"),
    }
    changes["schedule"] = [
        [str(labels[key]), last.schedule.get(key, ""), schedule[key]]
        for key in labels
        if last.schedule.get(key, "") != schedule[key]
    ]
    if not any(changes.values()):
        return {}
    return changes


def meeting_follow_up(*, actor, meeting: Meeting) -> ConvocationDispatch:
    """Send a follow-up notice (追加送付) to the convocation's recipients, saying what
    changed in the agenda since the last notice, with the agenda as it now stands."""
    require_runs(actor, meeting.body)
    with service_transaction():
        meeting = lock_meeting(meeting.pk)
        if meeting.status != Meeting.Status.CONVENED:
            raise ServiceError(
                _(
                    "A follow-up notice goes out after the convocation, before the meeting."
                )
            )
        sent = list(meeting.dispatches.order_by("sent_at", "pk"))
        if not sent:
            raise ServiceError(_("The convocation was sent without the portal."))
        changes = agenda_changes(meeting, sent[-1])
        if not changes:
            raise ServiceError(
                _("Nothing has changed in the agenda since the last notice.")
            )
        items = placed_agenda(meeting)
        recipients = sent[0].recipients
        dispatch = ConvocationDispatch.objects.create(
            meeting=meeting,
            kind=ConvocationDispatch.Kind.FOLLOW_UP,
            late=False,
            agenda=agenda_as_sent(items),
            schedule=schedule_as_sent(meeting),
            recipients=recipients,
            changes=changes,
            sent_by=actor,
        )
        for recipient in recipients:
            if recipient["channel"] != Channel.EMAIL:
                continue
            email_queue(
                key=f"convocation-follow-up:{dispatch.pk}:{recipient['key']}",
                template="secretariat/convocation_follow_up",
                to=recipient["email"],
                language=recipient.get("language", "ja"),
                context=convocation_context(
                    meeting,
                    recipient_name=recipient["name"],
                    to_organization=recipient["key"].startswith("o:"),
                    items=items,
                    changes=changes,
                ),
            )
        audit_record(
            actor=actor,
            action="meeting.follow_up",
            target=meeting,
            data={
                "dispatch": dispatch.pk,
                "by_post": [
                    r["name"] for r in recipients if r["channel"] != Channel.EMAIL
                ],
            },
        )
    return dispatch


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
