"""Industry meetings (業種別会議): making one, seating its W.Cos, and the issues they
share there (課題共有).

The meeting body, its meetings, minutes, action items and delegates' changes are the
secretariat's; these services make the body and link it, seat W.Cos, and keep the
shared issues. Lock order: the body's row (secretariat) before a shared issue's.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import Industry, Organization, Person, Section
from secretariat.models import AgendaItem, Body, BodyMember, Meeting, Source
from secretariat.services.bodies import body_member_add, section_body_create_within
from secretariat.services.items import agenda_item_create_within, draftable_sources
from secretariat.services.locks import lock_body
from wco_sse.core.audit import audit_record
from wco_sse.core.errors import ServiceError, require
from wco_sse.core.text import DESCRIPTION_MAX_LENGTH, NOTE_MAX_LENGTH
from wco_sse.core.transactions import service_transaction

from ..models import IndustryMeeting, SharedIssue
from ..selectors.industry import industry_invite_candidates, raisable_organizations

TITLE_MAX_LENGTH = 120


def industry_meeting_name(industry: Industry) -> str:
    return _("%(industry)s industry meeting") % {"industry": industry.name}


def industry_meeting_create(*, actor, industry: Industry) -> IndustryMeeting:
    """The industry's meeting: a support-section body (category 業種別会議) and its
    link, in one transaction; one per industry."""
    require(actor, "support.manage_industry_meetings")
    if industry is None:
        raise ServiceError(_("Choose an industry."), field="industry")
    with service_transaction():
        # The industry's row serializes two coordinators making the same meeting.
        industry = Industry.objects.select_for_update().get(pk=industry.pk)
        if IndustryMeeting.objects.filter(industry=industry).exists():
            raise ServiceError(
                _("%(industry)s already has an industry meeting.")
                % {"industry": industry},
                field="industry",
            )
        body = section_body_create_within(
            actor=actor,
            section=Section.SUPPORT,
            category=Body.Category.INDUSTRY,
            name=industry_meeting_name(industry),
            description=_(
                "The W.Cos of %(industry)s share their problems, learn together and cooperate."
            )
            % {"industry": industry},
        )
        industry_meeting = IndustryMeeting.objects.create(body=body, industry=industry)
        audit_record(
            actor=actor,
            action="industry_meeting.create",
            target=industry_meeting,
            message=str(industry),
        )
    return industry_meeting


def industry_invite(
    *,
    actor,
    industry_meeting: IndustryMeeting,
    organizations,
    day: datetime.date | None = None,
) -> list[BodyMember]:
    """Seat each chosen W.Co of the meeting's industry (active 正会員 or 賛助会員, no
    open seat) with its representative as delegate: all or nothing, under the body's
    row lock. A W.Co without a confirmed representative refuses the whole call; one
    seated meanwhile is left as it is."""
    require(actor, "support.run_industry_meeting", industry_meeting)
    day = day or timezone.localdate()
    wanted = {organization.pk for organization in organizations}
    if not wanted:
        raise ServiceError(_("Choose at least one W.Co."), field="organizations")
    with service_transaction():
        body = lock_body(industry_meeting.body_id)
        if not body.is_active:
            raise ServiceError(_("This industry meeting is no longer active."))
        candidates = {
            o.pk: o
            for o in industry_invite_candidates(
                industry_meeting=industry_meeting, day=day
            )
        }
        chosen = sorted(
            (candidates[pk] for pk in wanted if pk in candidates),
            key=lambda o: (o.sort_key or "", o.pk),
        )
        missing = [o for o in chosen if not o.current_representatives]
        if missing:
            raise ServiceError(
                _(
                    "%(names)s has no confirmed representative; register one in the registry first. Nothing was seated."
                )
                % {"names": "、".join(o.name for o in missing)},
                field="organizations",
            )
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
        for organization in chosen:
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
                action="industry_meeting.invite",
                target=industry_meeting,
                message=f"{organization}: {person}",
            )
    return seats


def industry_seat_add(
    *,
    actor,
    industry_meeting: IndustryMeeting,
    organization: Organization,
    person: Person,
    start: datetime.date | None = None,
) -> BodyMember:
    """Seat any W.Co by hand (one with several lines of work) with one of its
    confirmed people as delegate: the secretariat's ``body_member_add`` (its own
    transaction, under the body's lock, one open seat per W.Co)."""
    require(actor, "support.run_industry_meeting", industry_meeting)
    if organization is None:
        raise ServiceError(_("Choose the W.Co."), field="organization")
    if person is None:
        raise ServiceError(_("Choose the delegate."), field="person")
    if organization.kind != Organization.Kind.WCO or (
        organization.status != Organization.Status.ACTIVE
    ):
        raise ServiceError(_("Only an active W.Co takes a seat."), field="organization")
    return body_member_add(
        actor=actor,
        body=industry_meeting.body,
        person=person,
        organization=organization,
        start=start or timezone.localdate(),
    )


# --- Shared issues (課題共有) ---------------------------------------------------------------


def _check_text(title, text):
    title = (title or "").strip()
    text = (text or "").strip()
    if not title:
        raise ServiceError(_("Give the issue a title."), field="title")
    if len(title) > TITLE_MAX_LENGTH:
        raise ServiceError(
            _("The title is too long (%(count)s characters at most).")
            % {"count": TITLE_MAX_LENGTH},
            field="title",
        )
    if not text:
        raise ServiceError(_("Describe the issue."), field="text")
    if len(text) > DESCRIPTION_MAX_LENGTH:
        raise ServiceError(
            _("The text is too long (%(count)s characters at most).")
            % {"count": DESCRIPTION_MAX_LENGTH},
            field="text",
        )
    return title, text


def issue_raise(
    *,
    actor,
    industry_meeting: IndustryMeeting,
    meeting: Meeting,
    raised_by: Organization,
    title: str,
    text: str,
) -> SharedIssue:
    """An issue a seated W.Co raised at one of the body's meetings. A representative
    (or a delegate) raises it for their own seated W.Co; a coordinator for any."""
    require(actor, "support.raise_issue", industry_meeting)
    title, text = _check_text(title, text)
    if meeting is None or meeting.body_id != industry_meeting.body_id:
        raise ServiceError(
            _("Choose one of this industry meeting's meetings."), field="meeting"
        )
    if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.POSTPONED):
        raise ServiceError(
            _("That meeting was cancelled or postponed."), field="meeting"
        )
    allowed = raisable_organizations(user=actor, industry_meeting=industry_meeting)
    if raised_by is None or not allowed.filter(pk=raised_by.pk).exists():
        raise ServiceError(
            _("Choose a W.Co holding a seat on this industry meeting."),
            field="raised_by",
        )
    with service_transaction():
        issue = SharedIssue.objects.create(
            industry_meeting=industry_meeting,
            meeting=meeting,
            raised_by=raised_by,
            title=title,
            text=text,
            created_by=actor,
        )
        audit_record(
            actor=actor, action="shared_issue.raise", target=issue, message=title
        )
    return issue


def _lock_issue(pk) -> SharedIssue:
    return SharedIssue.objects.select_for_update(of=("self",)).get(pk=pk)


def issue_update(*, actor, issue: SharedIssue, title: str, text: str) -> SharedIssue:
    """Change an open issue's title and text."""
    require(actor, "support.edit_issue", issue)
    title, text = _check_text(title, text)
    with service_transaction():
        issue = _lock_issue(issue.pk)
        if not issue.is_open:
            raise ServiceError(
                _("Only an open issue is changed; this one is %(state)s.")
                % {"state": issue.get_state_display()}
            )
        changed = [
            name
            for name, value in (("title", title), ("text", text))
            if getattr(issue, name) != value
        ]
        if changed:
            issue.title, issue.text = title, text
            issue.save(update_fields=[*changed, "updated_at"])
            audit_record(
                actor=actor,
                action="shared_issue.update",
                target=issue,
                message=", ".join(changed),
            )
    return issue


# A move that ends the issue says how it ended.
NEEDS_OUTCOME = (SharedIssue.State.RESOLVED, SharedIssue.State.CLOSED)


def issue_move(
    *, actor, issue: SharedIssue, state: str, outcome: str = ""
) -> SharedIssue:
    """Move the issue by hand (``SharedIssue.TRANSITIONS``) with an outcome note;
    resolving or closing it needs one."""
    require(actor, "support.move_issue", issue)
    outcome = (outcome or "").strip()
    if len(outcome) > NOTE_MAX_LENGTH:
        raise ServiceError(
            _("The note is too long (%(count)s characters at most).")
            % {"count": NOTE_MAX_LENGTH},
            field="outcome",
        )
    if state not in SharedIssue.State.values:
        raise ServiceError(_("Choose the new state."), field="state")
    if state in NEEDS_OUTCOME and not outcome:
        raise ServiceError(_("Say how the issue ended."), field="outcome")
    with service_transaction():
        issue = _lock_issue(issue.pk)
        if state not in issue.next_states():
            raise ServiceError(
                _("An issue that is %(state)s cannot become %(new)s.")
                % {
                    "state": issue.get_state_display(),
                    "new": SharedIssue.State(state).label,
                },
                field="state",
            )
        before = issue.state
        issue.state = state
        fields = ["state", "updated_at"]
        if outcome:
            issue.outcome = outcome
            fields.append("outcome")
        issue.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="shared_issue.move",
            target=issue,
            message=f"{before} → {state}",
            data={"from": before, "to": state},
        )
    return issue


def issue_item_body(issue: SharedIssue) -> str:
    return _(
        "Raised by %(organization)s at %(meeting)s (%(industry_meeting)s).\n\n%(text)s"
    ) % {
        "organization": issue.raised_by.name,
        "meeting": issue.meeting.title,
        "industry_meeting": issue.industry_meeting.body.name,
        "text": issue.text,
    }


def issue_draft_agenda_item(*, actor, issue: SharedIssue) -> AgendaItem:
    """Draft a support-section agenda item from an open issue (title and text
    pre-filled, the issue its subject), link it and mark the issue 議案化, in one
    transaction."""
    require(actor, "support.move_issue", issue)
    require(actor, "secretariat.draft_item")
    sources = draftable_sources(actor)
    source = Source.SUPPORT if Source.SUPPORT in sources else Source.SECRETARIAT
    with service_transaction():
        locked = _lock_issue(issue.pk)
        if locked.agenda_item_id is not None or not locked.is_open:
            raise ServiceError(
                _("Only an open issue becomes an agenda item; this one is %(state)s.")
                % {"state": locked.get_state_display()}
            )
        item = agenda_item_create_within(
            actor=actor,
            source=source,
            kind=AgendaItem.Kind.DELIBERATION,
            title=issue.title,
            body=issue_item_body(issue),
            subject=locked,
        )
        locked.state = SharedIssue.State.AGENDA
        locked.agenda_item = item
        locked.save(update_fields=["state", "agenda_item", "updated_at"])
        audit_record(
            actor=actor,
            action="shared_issue.agenda_item",
            target=locked,
            message=item.title,
            data={"item": item.pk},
        )
    return item
