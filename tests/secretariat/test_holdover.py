"""権利義務理事・権利義務監事: a director or auditor whose term ends while the board would
fall below its minimum keeps their rights and duties until a successor takes office
(DESIGN, 一般社団法人法 75条)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members import services as member_services
from members.models import Person, Role, RoleAssignment
from members.models.roles import DIRECTOR_ROLES
from secretariat import services
from secretariat.membership import _holding_over, board_holdovers, body_seats
from secretariat.models import Attendance, Body, Notice
from secretariat.tally import item_tally
from tests.secretariat import helpers as h
from wco_sse.core.errors import ServiceError
from wco_sse.core.models import OutboundEmail

pytestmark = pytest.mark.django_db

D = datetime.date


def _yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


def _board_of_three_directors():
    """The demo board cut down to three directors (the legal minimum) and its two
    auditors; the others' terms ended long ago, while the board still had five."""
    keep = h.directors()[:3]
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    RoleAssignment.objects.filter(role__in=DIRECTOR_ROLES).exclude(
        person__in=keep
    ).update(start=long_ago - datetime.timedelta(days=400), end=long_ago)
    # The other directors left while five sat: nobody holds over for them.
    RoleAssignment.objects.create(
        person=Person.objects.create(family_name="後任", given_name="一郎"),
        role=Role.DIRECTOR,
        start=long_ago - datetime.timedelta(days=800),
        end=long_ago - datetime.timedelta(days=1),
    )
    return keep


def _end_term(person, role=None, end=None):
    RoleAssignment.objects.filter(
        person=person, role__in=[role] if role else DIRECTOR_ROLES, end__isnull=True
    ).update(end=end or _yesterday())


def test_a_director_whose_term_ended_holds_over_when_the_board_would_fall_below_three(
    demo,
):
    """The day after the term ends the director still sits, attends, votes and
    counts in the quorum, shown as 権利義務理事."""
    keep = _board_of_three_directors()
    leaving = keep[2]
    _end_term(leaving)
    meeting = h.meeting(demo, days=20)
    it = h.item(demo, status="placed", meeting=meeting)
    h.held_meeting_from(demo, meeting)

    seats = {s.person.pk: s for s in body_seats(h.board(), timezone.localdate())}
    assert seats[leaving.pk].holdover
    assert seats[leaving.pk].capacity == Attendance.Capacity.DIRECTOR
    # Recorded like any director, counted in the quorum.
    services.attendance_set(
        actor=demo["staff"], meeting=meeting, person=leaving, kind="present"
    )
    h.attend(demo, meeting, keep[:1])
    tally = item_tally(it, meeting)
    assert (tally.entitled_count, tally.present_count) == (3, 2)
    assert tally.quorum_met


def test_a_successor_ends_the_holdover(demo):
    keep = _board_of_three_directors()
    leaving = keep[2]
    _end_term(leaving, end=_yesterday() - datetime.timedelta(days=10))
    assert leaving.pk in board_holdovers(h.board(), timezone.localdate())
    successor = Person.objects.create(family_name="新任", given_name="花子")
    RoleAssignment.objects.create(
        person=successor, role=Role.DIRECTOR, start=_yesterday()
    )
    assert leaving.pk not in board_holdovers(h.board(), timezone.localdate())
    meeting = h.held_meeting(demo)
    with pytest.raises(ServiceError, match="構成員のみ"):
        services.attendance_set(
            actor=demo["staff"], meeting=meeting, person=leaving, kind="present"
        )
    # And the holdover does not come back when another director leaves later.
    _end_term(keep[0])
    assert set(board_holdovers(h.board(), timezone.localdate())) == {keep[0].pk}


def test_a_director_leaving_a_full_board_does_not_hold_over(demo):
    """Five directors, the articles' minimum three: one leaving leaves four."""
    leaving = h.directors()[-1]
    _end_term(leaving)
    meeting = h.held_meeting(demo)
    assert leaving.pk not in board_holdovers(h.board(), timezone.localdate())
    with pytest.raises(ServiceError):
        services.attendance_set(
            actor=demo["staff"], meeting=meeting, person=leaving, kind="present"
        )


def test_the_articles_number_counts_as_the_minimum(demo):
    """With the articles setting five, the fifth director leaving holds over."""
    board = h.board()
    services.body_update(actor=demo["staff"], body=board, directors_minimum=5)
    leaving = h.directors()[-1]
    _end_term(leaving)
    assert leaving.pk in board_holdovers(
        Body.objects.get(pk=board.pk), timezone.localdate()
    )


def test_an_auditor_below_the_minimum_holds_over_and_still_does_not_vote(demo):
    board = h.board()
    services.body_update(actor=demo["staff"], body=board, auditors_minimum=2)
    auditor = h.auditors()[0]
    _end_term(auditor, role=Role.AUDITOR)
    seat = next(
        s
        for s in body_seats(Body.objects.get(pk=board.pk), timezone.localdate())
        if s.person.pk == auditor.pk
    )
    assert seat.holdover and seat.capacity == Attendance.Capacity.AUDITOR
    assert not seat.votes


def test_the_law_keeps_the_minimums(demo):
    with pytest.raises(ServiceError) as error:
        services.body_update(actor=demo["staff"], body=h.board(), directors_minimum=2)
    assert error.value.field == "directors_minimum"


def test_simultaneous_leavers_all_hold_over_until_the_board_is_whole():
    """Three of five leave at the close of the assembly: all three hold over; one
    successor is not enough, two relieve them all."""
    terms = [
        (1, D(2024, 6, 1), None),
        (2, D(2024, 6, 1), None),
        (3, D(2024, 6, 1), D(2026, 6, 20)),
        (4, D(2024, 6, 1), D(2026, 6, 20)),
        (5, D(2024, 6, 1), D(2026, 6, 20)),
        (6, D(2026, 7, 1), None),
        (7, D(2026, 8, 1), None),
    ]
    assert _holding_over(terms, D(2026, 6, 21), 3) == {3, 4, 5}
    assert _holding_over(terms, D(2026, 7, 15), 4) == {3, 4, 5}
    assert _holding_over(terms, D(2026, 7, 15), 3) == set()
    assert _holding_over(terms, D(2026, 8, 1), 4) == set()


def test_the_secretariat_sees_that_a_successor_is_needed(client, demo):
    keep = _board_of_three_directors()
    _end_term(keep[2])
    client.force_login(demo["staff"])
    page = client.get(reverse("secretariat:body_detail", args=[h.board().pk]))
    text = page.content.decode()
    assert "権利義務理事" in text
    assert "後任" in text and "選任" in text
    meeting = h.meeting(demo)
    page = client.get(reverse("secretariat:meeting_detail", args=[meeting.pk]))
    assert "権利義務理事" in page.content.decode()
    # A director reading the board's page sees who holds over, not the warning.
    client.force_login(demo["board"])
    page = client.get(reverse("secretariat:body_detail", args=[h.board().pk]))
    assert "権利義務理事" in page.content.decode()
    assert "後任の選任が必要です" not in page.content.decode()


def test_a_director_holding_over_is_asked_to_consent_to_a_written_resolution(demo):
    """決議の省略 needs every director's consent: the one holding over included."""
    keep = _board_of_three_directors()
    leaving = keep[2]
    _end_term(leaving)
    resolution = services.written_resolution_propose(
        actor=demo["board"], title="事務所賃貸借契約の更新", text="更新する。"
    )
    services.written_resolution_circulate(
        actor=demo["staff"],
        resolution=resolution,
        deadline=timezone.now() + datetime.timedelta(days=7),
    )
    asked = set(
        resolution.responses.filter(capacity="director").values_list(
            "person_id", flat=True
        )
    )
    assert asked == {p.pk for p in keep}


def test_a_director_holding_over_keeps_the_boards_reach(client, demo):
    """They still read the board's meetings and papers, as any director."""
    keep = _board_of_three_directors()
    director = demo["board"].person
    assert director in keep
    meeting = h.meeting(demo)
    _end_term(director)
    client.force_login(demo["board"])
    page = client.get(reverse("secretariat:meeting_detail", args=[meeting.pk]))
    assert page.status_code == 200
    # A successor takes office: the reach ends with the holdover.
    RoleAssignment.objects.create(
        person=Person.objects.create(family_name="新任", given_name="花子"),
        role=Role.DIRECTOR,
        start=_yesterday(),
    )
    page = client.get(reverse("secretariat:meeting_detail", args=[meeting.pk]))
    assert page.status_code == 404


@pytest.mark.parametrize(
    ("reason", "holds"), [("resigned", True), ("dismissed", False)]
)
def test_who_resigns_holds_over_and_who_is_dismissed_does_not(demo, reason, holds):
    """一般社団法人法 75条: by the expiry of the term or resignation only."""
    keep = _board_of_three_directors()
    leaving = keep[2]
    assignment = RoleAssignment.objects.get(
        person=leaving, role__in=DIRECTOR_ROLES, end__isnull=True
    )
    member_services.role_end(
        actor=demo["secgen"], assignment=assignment, end=_yesterday(), reason=reason
    )
    assert (leaving.pk in board_holdovers(h.board(), timezone.localdate())) is holds


def test_the_secretary_general_says_why_a_term_ends(client, demo):
    director = h.directors()[-1]
    assignment = RoleAssignment.objects.get(
        person=director, role__in=DIRECTOR_ROLES, end__isnull=True
    )
    client.force_login(demo["secgen"])
    url = reverse("members:role_end", args=[assignment.pk])
    assert "解任" in client.get(url).content.decode()
    client.post(url, {"end": timezone.localdate().isoformat(), "reason": "dismissed"})
    assignment.refresh_from_db()
    assert (assignment.end, assignment.end_reason) == (
        timezone.localdate(),
        "dismissed",
    )


def test_a_representative_director_holding_over_is_still_reminded_to_report(demo):
    """The duty to report on the execution of duties goes on with the office."""
    keep = _board_of_three_directors()
    representative = demo["board"].person
    assert representative in keep
    _end_term(representative)
    assert services.activity_report_reminders_send() == 1
    assert list(
        OutboundEmail.objects.filter(
            template="secretariat/activity_report_reminder"
        ).values_list("to", flat=True)
    ) == [demo["board"].email]


def test_a_representative_director_holding_over_is_offered_where_directors_are_chosen(
    demo,
):
    """Holding over, they keep the duty to report (職務執行状況報告) and may chair the
    general assembly: the pickers offer them as they do directors in office."""
    from secretariat.membership import chair_candidates
    from secretariat.selectors import reporting_directors

    board = h.board()
    services.body_update(actor=demo["staff"], body=board, directors_minimum=5)
    leaving = (
        RoleAssignment.objects.current()
        .filter(role=Role.REPRESENTATIVE_DIRECTOR)
        .order_by("pk")
        .first()
        .person
    )
    _end_term(leaving)
    # Not a 正会員's representative, so only as a director could they chair.
    leaving.affiliations.all().delete()
    assert leaving.pk in board_holdovers(
        Body.objects.get(pk=board.pk), timezone.localdate()
    )
    assert leaving in reporting_directors()
    assert leaving in chair_candidates(h.assembly())


def test_a_director_holding_over_gets_the_notices_to_all_members(demo):
    """A notice to all members reaches a director holding over who belongs to no
    member organization, as it reaches the directors in office."""
    keep = _board_of_three_directors()
    leaving = keep[2]
    leaving.affiliations.all().delete()
    leaving.is_individual_supporter = False
    leaving.save()
    notice = Notice(audience=Notice.Audience.ALL_MEMBERS)
    assert leaving in services.notice_recipients(notice)
    _end_term(leaving)
    assert leaving in services.notice_recipients(notice)
