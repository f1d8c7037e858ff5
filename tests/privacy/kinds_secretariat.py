"""The secretariat's records of one person (see ``tests/privacy/world.py``).

The person sits on the board as a director for a term that has ended (a current
seat would block the erasure): at a board meeting they chaired, which they attended
and whose convocation they received, they dissented on one item, were kept out of
another for a special interest, gave their activity report, were given an action
item, wrote and signed the minutes; they proposed a resolution without a meeting and
consented to it, authored an item, commented on it, moved it along the pipeline, and
hold a current seat on a committee (ended by the erasure). Their name is written in
the minutes, a decision's discussion, an attendance note, a special interest's
reason and a notice, as the secretariat writes them.

Made through the services where the secretariat or the director would act; the
rows the person's own account writes (their comment and move) as the services
write them, by hand."""

import datetime

from django.utils import timezone

from members.models import Role, RoleAssignment, User
from members.models.roles import EndReason
from secretariat import services
from secretariat.models import (
    AgendaComment,
    AgendaItem,
    AgendaTransition,
    Attendance,
    Body,
    ConvocationDispatch,
    Minutes,
    MinutesSignatory,
    WrittenResponse,
)
from tests.factories import PersonFactory, UserFactory
from tests.secretariat import helpers as h
from wco_sse.core.audit import actor_label

# Demo accounts the secretariat's steps are taken by (the session's demo registry).
ACTORS = {"staff": "staff@example.org", "council": "council@example.org"}


def _actors():
    users = {}
    for key, email in ACTORS.items():
        user = User.objects.filter(email=email).first()
        if user is None:
            user = UserFactory(email=email)
            person = PersonFactory(account=user)
            role = Role.SECRETARIAT_STAFF if key == "staff" else Role.EXECUTIVE_DIRECTOR
            RoleAssignment.objects.create(
                person=person,
                role=role,
                start=timezone.localdate() - datetime.timedelta(days=400),
            )
        users[key] = user
    return users


def make(person):
    actors = _actors()
    staff = actors["staff"]
    today = timezone.localdate()
    name = person.full_name
    term = RoleAssignment.objects.create(
        person=person,
        role=Role.DIRECTOR,
        start=today - datetime.timedelta(days=400),
    )

    # A committee they sit on today: the erasure ends the seat.
    committee = services.body_create(
        actor=staff, name="広報委員会（個人情報）", description="広報の企画"
    )
    seat = services.body_member_add(
        actor=staff, body=committee, person=person, note=f"{name}（広報担当）"
    )

    board = h.board()
    board.minutes_signers = Body.MinutesSigners.OFFICERS
    board.save()
    meeting = h.meeting(actors, title="第9回理事会（個人情報）", chair=person)
    voted = h.item(
        actors,
        section="secretariat",
        status="placed",
        meeting=meeting,
        title="事務所移転の件",
    )
    interested = h.item(
        actors,
        section="secretariat",
        status="placed",
        meeting=meeting,
        title="業務委託契約の締結の件",
    )
    interest = services.special_interest_declare(
        actor=staff,
        item=interested,
        person=person,
        reason=f"{name}が代表を務める団体が契約の相手方のため",
    )
    report = services.agenda_item_create(
        actor=staff,
        source="secretariat",
        kind=AgendaItem.Kind.REPORT,
        title=f"{name}理事の職務執行状況報告",
        body="第3四半期の職務執行の状況",
        activity_report_of=person,
    )
    for step in ("submit", "accept"):
        report = services.agenda_item_transition(
            actor=staff if step == "submit" else actors["council"],
            item=report,
            action=step,
        )
    report = services.agenda_item_place(actor=staff, item=report, meeting=meeting)
    # The item the person authored (their section's draft, as their account).
    AgendaItem.objects.filter(pk=voted.pk).update(created_by=person.account)
    comment = AgendaComment.objects.create(
        item=voted,
        author=person.account,
        author_label=actor_label(person.account),
        text=f"移転先の賃料を確認しました。{name}",
    )
    move = AgendaTransition.objects.create(
        item=voted,
        from_status=AgendaItem.Status.ACCEPTED,
        to_status=AgendaItem.Status.PLACED,
        meeting=meeting,
        actor=person.account,
        actor_label=actor_label(person.account),
    )

    h.held_meeting_from(actors, meeting)
    others = [d for d in h.directors() if d.pk != person.pk]
    h.attend(actors, meeting, others)
    attendance = services.attendance_set(
        actor=staff,
        meeting=meeting,
        person=person,
        kind=Attendance.Kind.PRESENT,
        note=f"{name}は15時に退席",
    )
    present = len(others) + 1
    decision = services.decision_record(
        actor=staff,
        item=voted,
        result="vote",
        votes_for=present - 1,
        votes_against=1,
        abstentions=0,
        dissenters=[person],
        discussion=f"{name}理事から賃料についての反対意見があった。",
    )
    excluded = services.decision_record(
        actor=staff,
        item=interested,
        result="vote",
        votes_for=present - 1,
        votes_against=0,
        abstentions=0,
    )
    services.decision_record(actor=staff, item=report, result="report")
    action = services.action_item_create(
        actor=staff,
        meeting=meeting,
        text=f"{name}理事が移転先の見積を取る",
        owner=person,
        due_on=today + datetime.timedelta(days=14),
    )
    minutes = services.minutes_start(actor=staff, meeting=meeting)
    services.minutes_update(
        actor=staff,
        minutes=minutes,
        opening=f"定刻、議長 {name}が開会を宣した。",
        auditors_statements="",
        other_matters=f"次回の議長は{name}理事とする。",
        writer=person,
    )
    services.minutes_finalize(actor=staff, minutes=minutes)
    signature = MinutesSignatory.objects.get(minutes=minutes, person=person)
    signature = services.minutes_sign(
        actor=staff, signatory=signature, method="signature", signed_on=today
    )

    resolution = services.written_resolution_propose(
        actor=staff,
        proposer=person,
        title="規程改定の件",
        text="経理規程を改定する。",
    )
    services.written_resolution_circulate(
        actor=staff,
        resolution=resolution,
        deadline=timezone.now() + datetime.timedelta(days=7),
    )
    response = WrittenResponse.objects.get(resolution=resolution, person=person)
    services.written_response_answer(
        actor=staff,
        response=response,
        answer=WrittenResponse.Answer.CONSENT,
        via=WrittenResponse.Via.PAPER,
    )
    response.refresh_from_db()
    resolution.refresh_from_db()

    notice = services.notice_save(
        actor=staff,
        title="新任理事のお知らせ（個人情報）",
        text=f"{name}さんが理事に就任しました。",
        audience="all_members",
        send_email=False,
    )

    # Their term ended yesterday (dismissed: no holding over), so no current seat on
    # the board stops the erasure.
    RoleAssignment.objects.filter(pk=term.pk).update(
        end=today - datetime.timedelta(days=1), end_reason=EndReason.DISMISSED
    )
    meeting.refresh_from_db()
    return {
        "secretariat.BodyMember": [seat],
        "secretariat.Meeting": [meeting],
        "secretariat.Attendance": [attendance],
        "secretariat.ActionItem": [action],
        "secretariat.AgendaItem": [voted, report],
        "secretariat.AgendaTransition": [move],
        "secretariat.AgendaComment": [comment],
        "secretariat.ConvocationDispatch": list(
            ConvocationDispatch.objects.filter(meeting=meeting)
        ),
        "secretariat.SpecialInterest": [interest],
        "secretariat.Decision": [decision, excluded],
        "secretariat.WrittenResolution": [resolution],
        "secretariat.WrittenResponse": [response],
        "secretariat.Minutes": [Minutes.objects.get(pk=minutes.pk)],
        "secretariat.MinutesSignatory": [signature],
        "secretariat.Notice": [notice],
    }
