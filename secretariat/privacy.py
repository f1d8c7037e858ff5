"""What the secretariat app's models hold of people, and their fate on export, erasure
and retention (issue 16; the registry is ``members.personal_data.registry``).

The records of governance meetings stay: attendance, minutes and their signatories,
decisions (with their dissenters and the directors excluded for a special
interest), resolutions without a meeting and their consent forms, special
interests, the agenda items and what happened to them. On erasure they are
anonymized: each row keeps pointing at the person's registry entry, which the
members declaration turns into a pseudonym (削除済み #n), so a decision's tally,
a quorum and a meeting's attendance count stay exactly as they were; the copies of
the person's name or contact written into text (``actor_label``, ``author_label``,
an organization's ``acting_name``, the minutes' text, a convocation's list of
recipients) are rewritten to the pseudonym.

Free text the person wrote: comments on an agenda item are kept, under the
pseudonym, because they are part of the item's deliberation as the secretariat and
the board read it (a return, an answer, a change of the papers refer to them) and
they speak about the proposal, not about the person; an action item's text is the
meeting's record of what was decided, written by those who run the body. In both the
person's own name is replaced by the pseudonym.

Seats: a current seat on a statutory body (the board's directors and auditors, in
office or holding over; the operations council; a 正会員's representative at the
general assembly) stops an erasure until it is ended; the person's other seats
(committees, project teams, industry meetings) end on the day of the erasure.
"""

from __future__ import annotations

import secrets

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.personal_data.engine import to_anonymous_person
from members.personal_data.names import (
    mentioning,
    name_replaced,
)
from members.personal_data.registry import (
    EMPTY,
    PSEUDONYM,
    Blocker,
    Declaration,
    Fate,
    Link,
    Retention,
    declare,
    declare_none,
)

from .models import (
    ActionItem,
    AgendaComment,
    AgendaItem,
    AgendaPaper,
    AgendaTransition,
    Attendance,
    Body,
    BodyDocument,
    BodyDocumentVersion,
    BodyMember,
    ConvocationDispatch,
    Decision,
    EmailNoticeConsent,
    Meeting,
    Minutes,
    MinutesSignatory,
    Notice,
    SpecialInterest,
    WrittenResolution,
    WrittenResponse,
)

GOVERNANCE = _(
    "A record of a governance meeting (一般社団法人法: minutes and resolutions are "
    "kept ten years): it stays, naming the pseudonym, so counts and outcomes stay."
)
NAME_WRITTEN = _(
    "The person's name or contact written into the record's text: replaced by the "
    "pseudonym; the record stays."
)

# ---------------------------------------------------------------- names in text


def _name_link(model, fields, json_fields=()):
    every = (*fields, *json_fields)
    return Link(
        query=mentioning(model, fields, json_fields),
        fate=Fate.ANONYMIZE,
        reason=NAME_WRITTEN,
        scrub={name: name_replaced(name) for name in every},
        role=_("where the name is written"),
        exported=False,
    )


# ---------------------------------------------------------------- seats


def _statutory_seats(person):
    """(body, what the seat is) for each statutory body the person sits on today."""
    from members.models import Organization
    from members.selectors import current_representatives

    from .membership import body_seats

    today = timezone.localdate()
    bodies = {b.kind: b for b in Body.objects.exclude(kind=Body.Kind.AD_HOC)}
    seats = []
    board = bodies.get(Body.Kind.BOARD)
    if board is not None:
        for seat in body_seats(board, today):
            if seat.person is not None and seat.person.pk == person.pk:
                what = (
                    gettext("a director")
                    if seat.capacity == Attendance.Capacity.DIRECTOR
                    else gettext("an auditor")
                )
                if seat.holdover:
                    what = gettext("%(seat)s holding over") % {"seat": what}
                seats.append((board, what))
    council = bodies.get(Body.Kind.COUNCIL)
    if council is not None and any(
        seat.person is not None and seat.person.pk == person.pk
        for seat in body_seats(council, today)
    ):
        seats.append((council, gettext("a member")))
    assembly = bodies.get(Body.Kind.ASSEMBLY)
    if assembly is not None:
        represented = current_representatives(today).filter(
            person=person,
            organization__membership_class=Organization.MembershipClass.REGULAR,
            organization__status=Organization.Status.ACTIVE,
        )
        for affiliation in represented.select_related("organization"):
            seats.append(
                (
                    assembly,
                    gettext("the representative of %(organization)s")
                    % {"organization": affiliation.organization},
                )
            )
    # A statutory body lists no members of its own; should one still be there.
    for member in (
        BodyMember.objects.current(today)
        .filter(person=person)
        .exclude(body__kind=Body.Kind.AD_HOC)
        .select_related("body")
    ):
        seats.append((member.body, gettext("a member")))
    return seats


def seat_blockers(person):
    blockers = []
    for body, what in _statutory_seats(person):
        blockers.append(
            Blocker(
                record=gettext("Seat on %(body)s") % {"body": body},
                reason=gettext(
                    "%(name)s sits on %(body)s as %(seat)s: a statutory body's "
                    "seat is not ended by an erasure."
                )
                % {"name": person, "body": body, "seat": what},
                action=gettext(
                    "End the seat first: on the body's page (%(body)s), end the "
                    "office or name the successor."
                )
                % {"body": body},
                url=reverse("secretariat:body_detail", args=[body.pk]),
            )
        )
    return blockers


def end_other_seats(*, person, actor=None):
    """The person's seats on the other bodies (committees, project teams, industry
    meetings) end today; one not begun yet ends before it begins."""
    today = timezone.localdate()
    seats = BodyMember.objects.filter(
        person=person, body__kind=Body.Kind.AD_HOC
    ).filter(Q(end__isnull=True) | Q(end__gt=today))
    for seat in seats.select_for_update(of=("self",)).order_by("pk"):
        seat.end = today
        seat.save(update_fields=["end"])


# ---------------------------------------------------------------- scrubs


def _fresh_token(row, alias):
    """A consent form's link stops working: a new hash of a secret nobody holds."""
    return secrets.token_hex(32)


def _recipients_scrubbed(row, alias, person=None):
    """A convocation's recipients with the person's own entry rewritten: the
    pseudonym, no contact, on paper (nothing goes to an erased person)."""
    if person is None:
        return row.recipients
    key = f"p:{person.pk}"
    result = []
    for entry in row.recipients:
        if entry.get("key") == key:
            entry = {
                **entry,
                "name": alias,
                "channel": "post",
                "email": "",
                "fax": "",
                "postal_code": "",
                "address": "",
            }
        result.append(entry)
    return result


def _dispatches_to(person):
    text = Cast("recipients", TextField())
    return ConvocationDispatch.objects.filter(
        pk__in=ConvocationDispatch.objects.annotate(_recipients_text=text)
        .filter(_recipients_text__contains=f'"p:{person.pk}"')
        .values("pk")
    )


def written_responses_due(cutoff):
    """Consent forms of resolutions closed before ``cutoff``, not yet anonymized."""
    return WrittenResponse.objects.filter(
        resolution__closed_at__lt=cutoff, anonymized=False
    )


# ---------------------------------------------------------------- declarations

declare_none(
    Body,
    reason=_("A body's name, description and rules."),
    not_personal=("name", "description"),
)
declare_none(
    EmailNoticeConsent,
    reason=_("An organization's consent to notices by email."),
    mentions=("recorded_by",),
)
declare_none(
    BodyDocument,
    reason=_("A document a body keeps (its vision, plans, rules)."),
    not_personal=("title",),
)
declare_none(
    BodyDocumentVersion,
    reason=_(
        "A version of a body's document: the body's file, not about a person "
        "(who uploaded it is a mention)."
    ),
    not_personal=("file", "note"),
    mentions=("uploaded_by",),
)
declare_none(
    AgendaPaper,
    reason=_("A paper of an agenda item: the proposal's attachment."),
    not_personal=("file",),
)

declare(
    Declaration(
        model=BodyMember,
        label=_("seats on bodies"),
        links=(
            Link(
                lookup="person",
                fate=Fate.ANONYMIZE,
                reason=_(
                    "Who sat on a body is part of its meetings' record: the seat "
                    "stays under the pseudonym (ended on the day of the erasure)."
                ),
                scrub={"note": EMPTY},
                role=_("as member"),
            ),
        ),
        export=("body", "organization", "start", "end", "note"),
        blockers=seat_blockers,
        on_erase=end_other_seats,
    )
)

declare(
    Declaration(
        model=Meeting,
        label=_("meetings"),
        links=(
            Link(
                lookup="chair",
                fate=Fate.ANONYMIZE,
                reason=GOVERNANCE,
                role=_("as chair"),
                exported=False,
            ),
            _name_link(Meeting, ("title", "place", "online_method", "status_reason")),
        ),
        not_personal=("online_url",),
        mentions=("created_by",),
    )
)

declare(
    Declaration(
        model=Attendance,
        label=_("attendance at meetings"),
        links=(
            Link(
                lookup="person",
                fate=Fate.ANONYMIZE,
                reason=GOVERNANCE,
                role=_("as attendee"),
            ),
            _name_link(Attendance, ("acting_name", "note")),
        ),
        export=(
            "meeting",
            "meeting__starts_at",
            "capacity",
            "kind",
            "organization",
            "acting_name",
            "note",
        ),
        mentions=("recorded_by",),
    )
)

declare(
    Declaration(
        model=ActionItem,
        label=_("action items"),
        links=(
            Link(
                lookup="owner",
                fate=Fate.ANONYMIZE,
                reason=_(
                    "What a meeting gave someone to do is part of its record: the "
                    "item stays under the pseudonym."
                ),
                role=_("as owner"),
            ),
            _name_link(ActionItem, ("text", "state_note")),
        ),
        export=(
            "meeting",
            "text",
            "organization",
            "due_on",
            "state",
            "state_note",
            "closed_at",
        ),
        mentions=("created_by", "closed_by"),
    )
)

declare(
    Declaration(
        model=AgendaItem,
        label=_("agenda items"),
        links=(
            Link(
                lookup="created_by",
                fate=Fate.ANONYMIZE,
                reason=_(
                    "An agenda item is the body's record of what it decided: it "
                    "stays, its author the pseudonymous account."
                ),
                role=_("as author"),
            ),
            Link(
                lookup="activity_report_of",
                fate=Fate.ANONYMIZE,
                reason=GOVERNANCE,
                role=_("as the director reporting"),
            ),
            _name_link(AgendaItem, ("title", "body")),
        ),
        export=(
            "title",
            "kind",
            "source",
            "status",
            "body",
            "meeting",
            "submitted_at",
            "created_at",
        ),
    )
)

declare(
    Declaration(
        model=AgendaTransition,
        label=_("agenda item transitions"),
        links=(
            Link(
                lookup="actor",
                fate=Fate.ANONYMIZE,
                reason=_(
                    "An item's history (append-only) stays; who moved it is "
                    "recorded as the pseudonym."
                ),
                scrub={"actor_label": PSEUDONYM},
                role=_("as the one who moved the item"),
                exported=False,
            ),
        ),
        # The reasons and the changes of papers speak about the proposal (and the
        # history is append-only).
        not_personal=("reason", "detail"),
    )
)

declare(
    Declaration(
        model=AgendaComment,
        label=_("comments on agenda items"),
        links=(
            Link(
                lookup="author",
                fate=Fate.ANONYMIZE,
                reason=_(
                    "A comment is part of the item's deliberation as the secretariat "
                    "and the board read it: it stays under the pseudonym."
                ),
                scrub={"author_label": PSEUDONYM, "text": name_replaced("text")},
                role=_("as author"),
            ),
            _name_link(AgendaComment, ("text",)),
        ),
        export=("item", "text", "at"),
    )
)

declare(
    Declaration(
        model=ConvocationDispatch,
        label=_("convocations sent"),
        links=(
            Link(
                query=_dispatches_to,
                fate=Fate.ANONYMIZE,
                reason=_(
                    "The convocation stays as sent (proof of notice); the person's "
                    "entry among its recipients names the pseudonym, without contact."
                ),
                scrub={"recipients": _recipients_scrubbed},
                role=_("as recipient"),
                exported=False,
            ),
            _name_link(ConvocationDispatch, (), ("agenda", "schedule", "changes")),
        ),
        mentions=("sent_by",),
    )
)

declare(
    Declaration(
        model=SpecialInterest,
        label=_("special interests"),
        links=(
            Link(
                lookup="person",
                fate=Fate.ANONYMIZE,
                reason=GOVERNANCE,
                role=_("as director"),
            ),
            _name_link(SpecialInterest, ("reason",)),
        ),
        export=("item", "reason", "self_declared", "at"),
        mentions=("declared_by",),
    )
)

declare(
    Declaration(
        model=Decision,
        label=_("decisions"),
        links=(
            Link(
                lookup="dissenters",
                fate=Fate.ANONYMIZE,
                reason=GOVERNANCE,
                role=_("as dissenting"),
            ),
            Link(
                lookup="excluded",
                fate=Fate.ANONYMIZE,
                reason=GOVERNANCE,
                role=_("as a director with a special interest"),
            ),
            _name_link(Decision, ("amendment", "discussion")),
        ),
        export=("item", "meeting", "decided_on", "outcome"),
        mentions=("recorded_by",),
    )
)

declare(
    Declaration(
        model=WrittenResolution,
        label=_("resolutions without a meeting"),
        links=(
            Link(
                lookup="proposer",
                fate=Fate.ANONYMIZE,
                reason=GOVERNANCE,
                role=_("as proposer"),
            ),
        ),
        export=("item", "status", "proposed_at", "adopted_on", "closed_at"),
        mentions=("created_by",),
    )
)

declare(
    Declaration(
        model=WrittenResponse,
        label=_("consent forms"),
        links=(
            Link(
                lookup="person",
                fate=Fate.ANONYMIZE,
                reason=GOVERNANCE,
                scrub={"token_hash": _fresh_token},
                role=_("as director or auditor"),
            ),
        ),
        export=(
            "resolution",
            "resolution__closed_at",
            "capacity",
            "answer",
            "answered_at",
            "via",
        ),
        retention=(
            Retention(
                code="secretariat.written_responses",
                label=_("Consents to resolutions without a meeting"),
                anchor=_("the resolution closed"),
                due=written_responses_due,
                fate=Fate.ANONYMIZE,
                scrub={
                    "person": to_anonymous_person,
                    "anonymized": True,
                    "token_hash": _fresh_token,
                },
                default_years=10,
                default_reason=_(
                    "The consent forms are kept with the minutes of the resolution "
                    "for ten years (一般社団法人法 97条); then who answered is "
                    "anonymized, the count of answers and the outcome stay."
                ),
            ),
        ),
    )
)

declare(
    Declaration(
        model=Minutes,
        label=_("minutes"),
        links=(
            Link(
                lookup="writer",
                fate=Fate.ANONYMIZE,
                reason=GOVERNANCE,
                role=_("as writer"),
                exported=False,
            ),
            _name_link(Minutes, ("opening", "auditors_statements", "other_matters")),
        ),
        mentions=("created_by",),
    )
)

declare(
    Declaration(
        model=MinutesSignatory,
        label=_("minutes signatures"),
        links=(
            Link(
                lookup="person",
                fate=Fate.ANONYMIZE,
                reason=GOVERNANCE,
                role=_("as signatory"),
            ),
        ),
        export=("minutes", "capacity", "method", "signed_on"),
        mentions=("recorded_by",),
    )
)

declare(
    Declaration(
        model=Notice,
        label=_("notices"),
        links=(_name_link(Notice, ("title", "text")),),
        mentions=("created_by",),
    )
)
