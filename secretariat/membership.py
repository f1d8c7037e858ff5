"""Who sits on a body on a given day: one source of truth (DESIGN).

The board's directors and auditors and the council's members follow from role
assignments; the assembly's members are the 正会員 organizations; ad-hoc bodies list
theirs. Each function costs a fixed number of queries.
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from members.models import Organization, Person, Role, RoleAssignment
from members.models.roles import DIRECTOR_ROLES
from members.selectors import current_representatives

from .models import Attendance, Body, BodyMember


@dataclass(frozen=True)
class Seat:
    capacity: str  # Attendance.Capacity
    person: Person | None = None
    organization: Organization | None = None
    roles: frozenset = field(default_factory=frozenset)

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


def _board_capacity(roles):
    if roles & set(DIRECTOR_ROLES):
        return Attendance.Capacity.DIRECTOR
    return Attendance.Capacity.AUDITOR


def body_seats(body: Body, day) -> list[Seat]:
    """The seats of ``body`` on ``day``: directors first, then auditors, for the board."""
    if body.kind == Body.Kind.BOARD:
        seats = _role_seats(day, (*DIRECTOR_ROLES, Role.AUDITOR), _board_capacity)
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
        .select_related("person")
        .order_by("person__family_name_kana", "pk")
    )
    return [Seat(Attendance.Capacity.MEMBER, person=m.person) for m in members]


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
        directors = RoleAssignment.objects.current(day).filter(role__in=DIRECTOR_ROLES)
        representatives = current_representatives(day).filter(
            organization__membership_class=Organization.MembershipClass.REGULAR,
            organization__status=Organization.Status.ACTIVE,
        )
        people = Person.objects.filter(
            models.Q(pk__in=directors.values("person_id"))
            | models.Q(pk__in=representatives.values("person_id"))
        ).order_by("family_name_kana", "given_name_kana", "pk")
        return list(people)
    return [seat.person for seat in body_seats(body, day) if seat.person and seat.votes]
