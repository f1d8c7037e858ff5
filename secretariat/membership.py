"""Who sits on a body on a given day: one source of truth (DESIGN).

The board's directors and auditors and the council's members follow from role
assignments; the assembly's members are the 正会員 organizations; ad-hoc bodies list
theirs. Each function costs a fixed number of queries.

A director or auditor whose term has ended keeps the office's rights and duties until
a successor takes office where their leaving brought the board below the legal
minimum or the number the articles set (権利義務理事・権利義務監事, 一般社団法人法
75条): they keep their seat, marked ``holdover``.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from members.models import Organization, Person, Role, RoleAssignment
from members.models.roles import DIRECTOR_ROLES, HOLDOVER_END_REASONS
from members.selectors import current_representatives

from .models import Attendance, Body, BodyMember


@dataclass(frozen=True)
class Seat:
    capacity: str  # Attendance.Capacity
    person: Person | None = None
    organization: Organization | None = None
    roles: frozenset = field(default_factory=frozenset)
    # A director or auditor past their term, in office until a successor takes it.
    holdover: bool = False
    # The organization a member of an ad-hoc body sits for (its delegate); shown
    # beside the name, while the seat stays the person's (``key``).
    sits_for: Organization | None = None

    @property
    def votes(self):
        """Auditors attend the board but neither count nor vote."""
        return self.capacity != Attendance.Capacity.AUDITOR

    @property
    def key(self):
        return (
            ("o", self.organization.pk) if self.organization else ("p", self.person.pk)
        )

    @property
    def name(self):
        return str(self.organization or self.person)

    @property
    def is_representative_director(self):
        return Role.REPRESENTATIVE_DIRECTOR in self.roles


def _role_seats(day, roles, capacity_of):
    assignments = (
        RoleAssignment.objects.current(day)
        .filter(role__in=roles)
        .select_related("person")
        .order_by("person__family_name_kana", "person__given_name_kana", "person_id")
    )
    people, held = {}, {}
    for assignment in assignments:
        people[assignment.person_id] = assignment.person
        held.setdefault(assignment.person_id, set()).add(assignment.role)
    return [
        Seat(capacity_of(held[pk]), person=person, roles=frozenset(held[pk]))
        for pk, person in people.items()
    ]


def _holding_over(terms, day, minimum):
    """The people of one office (directors, or auditors) who hold over on ``day``.

    ``terms`` are (person_id, start, end[, may hold over]) of every term begun by
    ``day``; a term ended by dismissal or death may not. Walking the days on which
    the office changed: whoever leaves while those in office and those already
    holding over number fewer than ``minimum`` holds over (all who leave that day
    alike, since none of them can be told apart); all are relieved once those in
    office reach ``minimum`` again, and anyone reappointed is simply in office.
    """
    terms = [(*t, True) if len(t) == 3 else t for t in terms]

    def in_office(on):
        return {
            pk
            for pk, start, end, _may in terms
            if start <= on and (end is None or end >= on)
        }

    changes = sorted(
        {t[1] for t in terms}
        | {t[2] + datetime.timedelta(days=1) for t in terms if t[2]}
    )
    holding = set()
    for on in (d for d in changes if d <= day):
        seated = in_office(on)
        holding -= seated
        if len(seated) >= minimum:
            holding = set()
            continue
        if len(seated) + len(holding) < minimum:
            left = {
                pk
                for pk, _start, end, may in terms
                if may and end is not None and end + datetime.timedelta(days=1) == on
            }
            holding |= left - seated
    return holding


def _board_terms(day):
    return list(
        RoleAssignment.objects.filter(
            role__in=(*DIRECTOR_ROLES, Role.AUDITOR), start__lte=day
        )
        .select_related("person")
        .order_by("person__family_name_kana", "person__given_name_kana", "person_id")
    )


def _holdovers_in(terms, body, day) -> dict:
    """{person_id: roles they hold over in} among ``terms`` (the board's, begun by
    ``day``)."""
    result = {}
    offices = (
        (set(DIRECTOR_ROLES), body.directors_minimum),
        ({Role.AUDITOR}, body.auditors_minimum),
    )
    for roles, minimum in offices:
        office = [
            (t.person_id, t.start, t.end, t.end_reason in HOLDOVER_END_REASONS)
            for t in terms
            if t.role in roles
        ]
        for pk in _holding_over(office, day, minimum):
            last = max(e for p, _s, e, _h in office if p == pk)
            result.setdefault(pk, set()).update(
                t.role
                for t in terms
                if t.person_id == pk and t.role in roles and t.end == last
            )
    return result


def board_holdovers(body: Body, day) -> dict:
    """{person_id: roles they hold over in} on ``day``: the board's directors and
    auditors whose term has ended and whose successor has not taken office. One
    query."""
    return _holdovers_in(_board_terms(day), body, day)


def board_officers(day, body: Body | None = None) -> dict:
    """{person_id: roles} of the board's directors and auditors on ``day``: those in
    office and those holding over alike. One query (two without ``body``)."""
    body = body or Body.objects.statutory(Body.Kind.BOARD)
    return {seat.person.pk: set(seat.roles) for seat in _board_seats(body, day)}


def board_directors(day, body: Body | None = None) -> set:
    """The person ids of the directors on ``day``, holding over or in office."""
    return {
        pk
        for pk, roles in board_officers(day, body).items()
        if roles & set(DIRECTOR_ROLES)
    }


def _board_seats(body, day):
    """The board's seats: one query for every term begun by ``day``, from which both
    the officers in office and those holding over follow."""
    terms = _board_terms(day)
    people, held = {}, {}
    for term in terms:
        if term.end is None or term.end >= day:
            people[term.person_id] = term.person
            held.setdefault(term.person_id, set()).add(term.role)
    seats = [
        Seat(_board_capacity(held[pk]), person=person, roles=frozenset(held[pk]))
        for pk, person in people.items()
    ]
    holding = _holdovers_in(terms, body, day)
    persons = {t.person_id: t.person for t in terms}
    seats += [
        Seat(
            _board_capacity(roles),
            person=persons[pk],
            roles=frozenset(roles),
            holdover=True,
        )
        for pk, roles in sorted(
            holding.items(), key=lambda kv: persons[kv[0]].sort_key or ""
        )
        if pk not in people
    ]
    return seats


def _board_capacity(roles):
    if roles & set(DIRECTOR_ROLES):
        return Attendance.Capacity.DIRECTOR
    return Attendance.Capacity.AUDITOR


def body_seats(body: Body, day) -> list[Seat]:
    """The seats of ``body`` on ``day``: directors first, then auditors, for the board."""
    if body.kind == Body.Kind.BOARD:
        seats = _board_seats(body, day)
        rank = {Role.REPRESENTATIVE_DIRECTOR: 0, Role.EXECUTIVE_DIRECTOR: 1}
        return sorted(
            seats,
            key=lambda s: (
                s.capacity == Attendance.Capacity.AUDITOR,
                min((rank.get(r, 2) for r in s.roles), default=2),
            ),
        )
    if body.kind == Body.Kind.COUNCIL:
        return _role_seats(
            day, (Role.COUNCIL_MEMBER,), lambda roles: Attendance.Capacity.MEMBER
        )
    if body.kind == Body.Kind.ASSEMBLY:
        organizations = Organization.objects.filter(
            membership_class=Organization.MembershipClass.REGULAR,
            status=Organization.Status.ACTIVE,
        ).order_by("name_kana", "name", "pk")
        return [
            Seat(Attendance.Capacity.ORGANIZATION, organization=organization)
            for organization in organizations
        ]
    members = (
        BodyMember.objects.current(day)
        .filter(body=body)
        .select_related("person", "organization")
        .order_by("person__family_name_kana", "pk")
    )
    return [
        Seat(Attendance.Capacity.MEMBER, person=m.person, sits_for=m.organization)
        for m in members
    ]


def person_body_ids(person_id, snapshot, day=None) -> set:
    """The bodies ``person_id`` sits on today (two queries at most)."""
    if person_id is None:
        return set()
    kinds = set()
    if snapshot.is_director or snapshot.has(Role.AUDITOR):
        kinds.add(Body.Kind.BOARD)
    if snapshot.has(Role.COUNCIL_MEMBER):
        kinds.add(Body.Kind.COUNCIL)
    if (
        snapshot.represented_org_ids
        and Organization.objects.filter(
            pk__in=snapshot.represented_org_ids,
            membership_class=Organization.MembershipClass.REGULAR,
        ).exists()
    ):
        kinds.add(Body.Kind.ASSEMBLY)
    ids = set(Body.objects.filter(kind__in=kinds).values_list("pk", flat=True))
    ids |= set(
        BodyMember.objects.current(day)
        .filter(person_id=person_id, body__is_active=True)
        .values_list("body_id", flat=True)
    )
    return ids


def chair_candidates(body: Body, day=None) -> list[Person]:
    """Who may chair a meeting of ``body`` (議長): its voting members (the board's
    directors, not its auditors); at the assembly, the directors and the 正会員's
    representatives. A fixed number of queries."""
    day = day or timezone.localdate()
    if body.kind == Body.Kind.ASSEMBLY:
        # The directors in office or holding over.
        directors = board_directors(day)
        representatives = current_representatives(day).filter(
            organization__membership_class=Organization.MembershipClass.REGULAR,
            organization__status=Organization.Status.ACTIVE,
        )
        people = Person.objects.filter(
            models.Q(pk__in=directors)
            | models.Q(pk__in=representatives.values("person_id"))
        ).order_by("family_name_kana", "given_name_kana", "pk")
        return list(people)
    return [seat.person for seat in body_seats(body, day) if seat.person and seat.votes]
