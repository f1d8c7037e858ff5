"""What the support app's models hold of people, and their fate on export, erasure
and retention (issue 16; the registry is ``members.personal_data.registry``).

- Consultations are sensitive: a person's export holds their consultations and the
  case records written on them, and each case read for it is logged as a disclosure
  read (as ``support:consultation_disclosure`` does). On erasure a request nobody was
  ever assigned is deleted; any other case stays for the desk's counts with its text
  scrubbed, and the case records' bodies are emptied. An open case blocks.
- Course applications and attendance stay for the courses' counts, their notes
  scrubbed; at retention they point at the shared anonymous entry.
- A talent profile goes with its skills, qualifications, evidence files and the
  proposals made of it.
- Projects led, talent requests made, issues recorded: the record stays, the person
  row naming them becomes the pseudonym.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.personal_data.engine import to_anonymous_person
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
    Application,
    Appointment,
    AppointmentSlot,
    Attendance,
    Consultation,
    ConsultationRecord,
    ConsultationRecordRead,
    Course,
    CourseCategory,
    CourseSession,
    HeldQualification,
    IndustryMeeting,
    Milestone,
    Project,
    Qualification,
    SchoolCommittee,
    SharedIssue,
    TalentProfile,
    TalentProposal,
    TalentRequest,
    TalentSkill,
)

# --------------------------------------------------------------- helpers


def _day(cutoff):
    """The cutoff as a day (a retention run may pass a date or a moment)."""
    if isinstance(cutoff, datetime.datetime):
        return (
            timezone.localdate(cutoff) if timezone.is_aware(cutoff) else cutoff.date()
        )
    return cutoff


def _moment(cutoff):
    """The cutoff as an aware moment (the start of the day for a date)."""
    if isinstance(cutoff, datetime.datetime):
        return cutoff if timezone.is_aware(cutoff) else timezone.make_aware(cutoff)
    return timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))


def _now(row, alias):
    return timezone.now()


# --------------------------------------------------------------- consultations


def _never_assigned(person):
    """The person's requests nobody was ever assigned: deleted on erasure."""
    return Consultation.objects.filter(
        requester=person, advisor__isnull=True, assigned_at__isnull=True
    )


def _assigned(person):
    """The person's cases an advisor worked on: they stay, anonymized."""
    return Consultation.objects.filter(requester=person).exclude(
        advisor__isnull=True, assigned_at__isnull=True
    )


def _open_consultations(person):
    consultations = (
        Consultation.objects.filter(requester=person)
        .exclude(status=Consultation.Status.CLOSED)
        .order_by("pk")
    )
    for consultation in consultations:
        yield Blocker(
            record=str(consultation),
            reason=str(
                _(
                    "The person's consultation is still open (%(state)s): the desk is "
                    "working on it."
                )
                % {"state": consultation.get_status_display()}
            ),
            action=str(_("Close the consultation (recording its outcome) first.")),
            url=reverse("support:consultation_detail", args=[consultation.pk]),
        )


def _reader_label(actor):
    from .selectors.consultations import _reader_label as label

    return label(actor) if actor is not None else ""


def consultation_records_disclosed(*, person, actor, rows=None):
    """The export's side effect: each of the person's cases whose records it
    includes gets a disclosure read logged (who read, how many records), as
    ``support:consultation_disclosure`` does."""
    counts = {}
    if rows is not None and all(isinstance(r, ConsultationRecord) for r in rows):
        for record in rows:
            counts[record.consultation_id] = counts.get(record.consultation_id, 0) + 1
    else:
        for consultation_id in ConsultationRecord.objects.filter(
            consultation__requester=person
        ).values_list("consultation_id", flat=True):
            counts[consultation_id] = counts.get(consultation_id, 0) + 1
    label = _reader_label(actor)
    for consultation_id, count in sorted(counts.items()):
        ConsultationRecordRead.objects.create(
            consultation_id=consultation_id,
            reader=actor,
            reader_label=label,
            purpose=ConsultationRecordRead.Purpose.DISCLOSURE,
            record_count=count,
        )


def _scrub_case_records(row, alias):
    """A consultation at the end of its retention: its case records' bodies go
    with its description (the value answered is the description's)."""
    ConsultationRecord.objects.filter(consultation=row).exclude(body="").update(body="")
    return ""


def _consultations_due(cutoff):
    """Closed consultations closed before ``cutoff`` not yet anonymized."""
    return Consultation.objects.filter(
        status=Consultation.Status.CLOSED, closed_at__lt=_moment(cutoff)
    ).exclude(requester__is_placeholder=True)


CONSULTATION_SCRUB = {
    "description": EMPTY,
    "preferred_times": EMPTY,
    "referred_to": EMPTY,
}

declare(
    Declaration(
        model=Consultation,
        label=_("consultations"),
        links=(
            Link(
                query=_never_assigned,
                fate=Fate.DELETE,
                reason=_("A request no advisor was ever assigned: nothing to count."),
                role=_("as requester (never assigned)"),
            ),
            Link(
                lookup="requester",
                query=_assigned,
                fate=Fate.ANONYMIZE,
                scrub=CONSULTATION_SCRUB,
                reason=_(
                    "The desk's figures count cases: the case stays with its dates, "
                    "desk, topic and outcome; what it was about is scrubbed."
                ),
                role=_("as requester"),
            ),
            Link(
                lookup="advisor",
                fate=Fate.KEEP,
                reason=_(
                    "Someone else's case the person advised on: it stays, the "
                    "advisor shown by the pseudonym."
                ),
                role=_("as advisor"),
                exported=False,
            ),
        ),
        export=(
            "created_at",
            "desk",
            "topic",
            "channel",
            "organization",
            "description",
            "preferred_times",
            "consent_method",
            "consent_at",
            "status",
            "advisor",
            "assigned_at",
            "referred_to",
            "referral_consent_at",
            "outcome",
            "closed_at",
        ),
        mentions=("consent_recorded_by", "referral_consent_recorded_by", "created_by"),
        blockers=_open_consultations,
        retention=(
            Retention(
                code="support.consultation_records",
                label=_("Closed consultations' case records"),
                anchor="closed_at",
                due=_consultations_due,
                fate=Fate.ANONYMIZE,
                scrub={
                    "requester": to_anonymous_person,
                    "description": _scrub_case_records,
                    "preferred_times": EMPTY,
                    "referred_to": EMPTY,
                },
                default_years=5,
                default_reason=_(
                    "Case records are kept while a follow-up may need them; the "
                    "desk's figures keep the case's dates, desk and topic."
                ),
            ),
        ),
        order=60,
    )
)

declare(
    Declaration(
        model=ConsultationRecord,
        label=_("case records"),
        links=(
            Link(
                lookup="consultation__requester",
                fate=Fate.ANONYMIZE,
                scrub={"body": EMPTY},
                reason=_(
                    "The advisor's notes on the person's case: the text is emptied, "
                    "the record's date stays with the case."
                ),
                role=_("on the person's consultations"),
            ),
        ),
        export=("consultation", "created_at", "author", "body"),
        mentions=("author",),
        on_export=consultation_records_disclosed,
        order=40,
    )
)

declare(
    Declaration(
        model=ConsultationRecordRead,
        label=_("case record reads"),
        links=(
            Link(
                lookup="reader",
                fate=Fate.ANONYMIZE,
                scrub={"reader_label": PSEUDONYM},
                reason=_(
                    "The log of reads of confidential records stays; the reader's "
                    "name as recorded is replaced."
                ),
                role=_("as reader"),
            ),
        ),
        export=("consultation", "at", "purpose", "record_count", "reader_label"),
        order=40,
    )
)

declare(
    Declaration(
        model=Appointment,
        label=_("appointments"),
        links=(
            Link(
                lookup="consultation__requester",
                fate=Fate.ANONYMIZE,
                reason=_(
                    "An appointment holds only its time: it stays with the "
                    "anonymized case."
                ),
                role=_("as requester"),
            ),
        ),
        export=("consultation", "slot", "status", "booked_at", "cancelled_at"),
        mentions=("booked_by",),
        order=40,
    )
)

declare(
    Declaration(
        model=AppointmentSlot,
        label=_("appointment slots"),
        links=(
            Link(
                lookup="advisor",
                fate=Fate.KEEP,
                reason=_(
                    "The desk's schedule: a slot booked by a requester stays with "
                    "their appointment; the advisor is shown by the pseudonym."
                ),
                role=_("as advisor"),
            ),
        ),
        export=("starts_at", "ends_at", "place", "online", "online_url", "created_at"),
        order=70,
    )
)

# --------------------------------------------------------------- courses

COURSE_NOTES = {
    "note": EMPTY,
    "promotion_reason": EMPTY,
    "end_reason": EMPTY,
}


def _applications_due(cutoff):
    """Applications to courses finished whose last session ended before ``cutoff``,
    not yet pointed at the anonymous entry."""
    moment = _moment(cutoff)
    return (
        Application.objects.filter(
            course__status=Course.Status.FINISHED,
            course__application_closes__lt=moment,
            anonymized_at__isnull=True,
        )
        .exclude(course__sessions__ends_at__gte=moment)
        .exclude(person__is_placeholder=True)
    )


declare_none(
    CourseCategory,
    reason=_("A kind of course, data the committee keeps."),
    not_personal=("name",),
)
declare_none(
    Course,
    reason=_(
        "A course as published: its instructor is named on the public course page "
        "as its teacher, not as a person's record."
    ),
    not_personal=("title", "description", "instructor"),
    mentions=("created_by",),
)
declare_none(
    CourseSession,
    reason=_("A course's session: when and where."),
    not_personal=("venue", "online_url"),
)

declare(
    Declaration(
        model=Application,
        label=_("course applications"),
        links=(
            Link(
                lookup="person",
                fate=Fate.ANONYMIZE,
                scrub=COURSE_NOTES,
                reason=_(
                    "The courses' counts (applications, fees, waitlist) stay; the "
                    "notes about the person are scrubbed."
                ),
                role=_("as applicant"),
            ),
        ),
        export=(
            "course__title",
            "status",
            "waitlist_position",
            "channel",
            "organization",
            "note",
            "is_member_rate",
            "fee",
            "fee_paid",
            "created_at",
            "confirmed_at",
            "promoted_at",
            "promotion_reason",
            "ended_at",
            "end_reason",
        ),
        mentions=("applied_by",),
        retention=(
            Retention(
                code="support.course_records",
                label=_("Applications and attendance of finished courses"),
                anchor="course__sessions__ends_at",
                due=_applications_due,
                fate=Fate.ANONYMIZE,
                scrub={
                    "person": to_anonymous_person,
                    "applied_by": EMPTY,
                    "anonymized_at": _now,
                    **COURSE_NOTES,
                },
                default_years=5,
                default_reason=_(
                    "The W.Co School's counts stay (applications, attendance, fees); "
                    "who took the course is no longer needed."
                ),
            ),
        ),
        not_personal=(),
        order=70,
    )
)

declare(
    Declaration(
        model=Attendance,
        label=_("attendance"),
        links=(
            Link(
                lookup="application__person",
                fate=Fate.ANONYMIZE,
                reason=_(
                    "Attendance is counted per session: it stays with the "
                    "anonymized application (it holds nothing else)."
                ),
                role=_("as participant"),
            ),
        ),
        export=("session", "present", "recorded_at"),
        mentions=("recorded_by",),
        order=70,
    )
)

# --------------------------------------------------------------- industry meetings, projects

declare_none(
    IndustryMeeting,
    reason=_("The link between a body and an industry."),
)
declare_none(
    SchoolCommittee,
    reason=_("The W.Co School's committee: the body's name."),
)

declare(
    Declaration(
        model=SharedIssue,
        label=_("shared issues"),
        links=(
            Link(
                lookup="created_by",
                fate=Fate.ANONYMIZE,
                reason=_(
                    "A W.Co's issue shared at an industry meeting: it stays, the "
                    "person who recorded it shown by the pseudonym."
                ),
                role=_("as the person who recorded it"),
            ),
        ),
        export=("industry_meeting", "title", "text", "state", "outcome", "created_at"),
        order=80,
    )
)

declare(
    Declaration(
        model=Project,
        label=_("projects"),
        links=(
            Link(
                lookup="lead",
                fate=Fate.ANONYMIZE,
                reason=_(
                    "The section's project stays with its report; its lead is shown "
                    "by the pseudonym."
                ),
                role=_("as lead"),
            ),
        ),
        export=("title", "state", "start", "planned_end", "created_at"),
        not_personal=("question", "origin_note", "report"),
        mentions=("created_by",),
        order=80,
    )
)

declare_none(
    Milestone,
    reason=_("A project's step: its title, due date and note."),
    not_personal=("title", "note"),
)

# --------------------------------------------------------------- the talent bank

declare_none(
    Qualification,
    reason=_("The secretariat's list of qualifications."),
    not_personal=("name",),
)


def _accepted_proposals(person):
    proposals = (
        TalentProposal.objects.filter(
            profile__person=person,
            state__in=(TalentProposal.State.AGREED, TalentProposal.State.MEETING),
        )
        .select_related("request")
        .order_by("pk")
    )
    for proposal in proposals:
        yield Blocker(
            record=str(proposal),
            reason=str(
                _(
                    "The person agreed to a proposal still under way (%(state)s): "
                    "the requester has their profile."
                )
                % {"state": proposal.get_state_display()}
            ),
            action=str(_("Record the proposal's outcome first.")),
            url=reverse("support:talent_proposal_detail", args=[proposal.pk]),
        )


def _profiles_due(cutoff):
    """Profiles resting or withdrawn since before ``cutoff``."""
    day = _day(cutoff)
    return TalentProfile.objects.filter(
        state__in=(TalentProfile.State.DORMANT, TalentProfile.State.WITHDRAWN)
    ).filter(
        Q(state_changed_on__lt=day)
        | Q(state_changed_on__isnull=True, updated_at__lt=_moment(cutoff))
    )


declare(
    Declaration(
        model=TalentProfile,
        label=_("talent profiles"),
        links=(
            Link(
                lookup="person",
                fate=Fate.DELETE,
                reason=_(
                    "Kept only with the person's consent: deleted with its skills, "
                    "qualifications and evidence files."
                ),
                role=_("as candidate"),
            ),
        ),
        export=(
            "state",
            "consent_scope",
            "consent_method",
            "consent_at",
            "consent_expires",
            "areas",
            "hours_per_week",
            "preferred_industries",
            "introduction",
            "refresh_asked_on",
            "confirmed_on",
            "state_changed_on",
            "created_at",
        ),
        mentions=("consent_recorded_by",),
        blockers=_accepted_proposals,
        retention=(
            Retention(
                code="support.talent_dormant",
                label=_("Dormant or withdrawn talent profiles"),
                anchor="state_changed_on",
                due=_profiles_due,
                fate=Fate.DELETE,
                default_years=2,
                default_reason=_(
                    "A profile nobody keeps current is no longer proposed: it goes "
                    "with its evidence files."
                ),
            ),
        ),
        order=50,
    )
)

declare(
    Declaration(
        model=TalentSkill,
        label=_("skills"),
        links=(
            Link(
                lookup="profile__person",
                fate=Fate.DELETE,
                reason=_("Part of the talent profile."),
                role=_("as candidate"),
            ),
        ),
        export=("name", "years"),
        order=40,
    )
)

declare(
    Declaration(
        model=HeldQualification,
        label=_("held qualifications"),
        links=(
            Link(
                lookup="profile__person",
                fate=Fate.DELETE,
                reason=_("Part of the talent profile: its evidence file goes too."),
                role=_("as candidate"),
            ),
        ),
        export=(
            "qualification",
            "state",
            "number",
            "obtained_on",
            "expires_on",
            "verified_at",
        ),
        mentions=("verified_by",),
        order=40,
    )
)

declare(
    Declaration(
        model=TalentProposal,
        label=pgettext_lazy("talent", "proposals"),
        links=(
            Link(
                lookup="profile__person",
                fate=Fate.DELETE,
                reason=_(
                    "A proposal of the person as a candidate goes with their profile "
                    "(the request it answered stays)."
                ),
                role=_("as candidate"),
            ),
        ),
        export=(
            "request__title",
            "state",
            "proposed_at",
            "message",
            "answered_at",
            "meeting_kind",
            "meeting_on",
            "outcome_reason",
            "outcome_note",
            "outcome_at",
        ),
        mentions=("proposed_by",),
        order=30,
    )
)

declare(
    Declaration(
        model=TalentRequest,
        label=_("talent requests"),
        links=(
            Link(
                lookup="requested_by",
                fate=Fate.ANONYMIZE,
                reason=_(
                    "A request for people made for a W.Co or the organization: it "
                    "stays with its proposals; the requester is shown by the "
                    "pseudonym."
                ),
                role=_("as requester"),
            ),
            Link(
                lookup="coordinator",
                fate=Fate.ANONYMIZE,
                reason=_(
                    "Someone else's request the person coordinated: it stays, the "
                    "coordinator shown by the pseudonym."
                ),
                role=_("as coordinator"),
                exported=False,
            ),
        ),
        export=(
            "title",
            "organization",
            "description",
            "state",
            "start",
            "end",
            "headcount",
            "created_at",
        ),
        mentions=("created_by",),
        order=80,
    )
)


# --------------------------------------------------------------- evidence files


def _evidence_goes_with_qualification(sender, instance, **kwargs):
    """A held qualification deleted (by the person, an erasure, a retention run or
    with its profile) takes its evidence files with it: the rows now, the bytes once
    the transaction commits."""
    from wco_sse.core.models import StoredFile

    stored = list(
        StoredFile.objects.filter(
            attached_type=ContentType.objects.get_for_model(HeldQualification),
            attached_id=str(instance.pk),
        )
    )
    if not stored:
        return
    StoredFile.objects.filter(pk__in=[s.pk for s in stored]).delete()
    for item in stored:
        transaction.on_commit(lambda item=item: item.file.delete(save=False))


post_delete.connect(
    _evidence_goes_with_qualification,
    sender=HeldQualification,
    dispatch_uid="support-evidence-with-qualification",
)
