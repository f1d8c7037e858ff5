"""What a user is, today: computed once per request and kept on the user object.

Every permission predicate reads this snapshot, so checking permissions for a list of
fifty rows costs no more queries than checking one.

Between requests the snapshot is kept in the shared cache under the user and the day,
stamped with a registry-wide roles version. Any save or delete of what a snapshot is
made of (a person's account, a role assignment, an affiliation, an organization's
membership class, a user's superuser flag) sets a new version, at once and again when
its transaction commits, so a change of role counts from the next request on.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import timezone

from wco_sse.core import fragments, versions

from .models import Affiliation, Organization, Person, Role, RoleAssignment
from .models.roles import DIRECTOR_ROLES

_CACHE_ATTR = "_wco_role_snapshot"
VERSION_NAME = "roles"  # a version of core.fragments: in every fragment's stamp
VERSION_KEY = fragments.version_key(VERSION_NAME)
_SNAPSHOT_SECONDS = 3600


@dataclass(frozen=True)
class RoleSnapshot:
    person_id: int | None = None
    roles: frozenset = field(default_factory=frozenset)  # {(role, scope)}
    represented_org_ids: frozenset = field(default_factory=frozenset)
    affiliated_org_ids: frozenset = field(default_factory=frozenset)
    is_member: bool = False
    is_superuser: bool = False

    def has(self, role, scope=None):
        if scope is None:
            return any(r == role for r, _ in self.roles)
        return (role, scope) in self.roles

    def scopes(self, role):
        return {s for r, s in self.roles if r == role}

    @property
    def holds_any_role(self):
        return bool(self.roles)

    @property
    def is_secretariat(self):
        return self.has(Role.SECRETARY_GENERAL) or self.has(Role.SECRETARIAT_STAFF)

    @property
    def is_director(self):
        return any(self.has(role) for role in DIRECTOR_ROLES)

    @property
    def is_representative(self):
        return bool(self.represented_org_ids)

    @property
    def requires_second_factor(self):
        """Everyone except plain members and citizens (DESIGN, issue 2)."""
        return self.holds_any_role or self.is_representative or self.is_superuser


ANONYMOUS = RoleSnapshot()


# Offices a person keeps past the end of their term where the law says so (a director
# or auditor holding over until a successor takes office, 権利義務理事). The app that
# knows the rule registers it: ``source(person_id, day)`` answers {(role, scope)}
# for the offices in ``roles``, and renews the roles version when its own rules
# change. It is asked only about someone whose term in one of them has ended.
# ``everyone(day)`` answers {person_id: {role}} of all who hold over on ``day``, in a
# fixed number of queries (for lists such as the 役員名簿).
_HOLDOVER_SOURCES = []


def register_holdover_source(roles, source, *, everyone):
    _HOLDOVER_SOURCES.append((frozenset(roles), source, everyone))


def _held_over(person_id, day, ended_roles):
    held = set()
    for roles, source, _everyone in _HOLDOVER_SOURCES:
        if roles & ended_roles:
            held |= set(source(person_id, day))
    return frozenset(held)


def holding_over(day) -> dict:
    """{person_id: {role}} of everyone keeping an office past the end of their term
    on ``day`` (権利義務理事・権利義務監事), by every registered source."""
    held = {}
    for roles, _source, everyone in _HOLDOVER_SOURCES:
        for person_id, person_roles in everyone(day).items():
            held.setdefault(person_id, set()).update(set(person_roles) & roles)
    return {pk: roles for pk, roles in held.items() if roles}


def compute_snapshot(user, day=None):
    day = day or timezone.localdate()
    person = (
        Person.objects.filter(account=user)
        .values_list("pk", "is_individual_supporter")
        .first()
    )
    if person is None:
        return RoleSnapshot(is_superuser=user.is_superuser)
    person_id, person_is_supporter = person
    terms = list(
        RoleAssignment.objects.filter(person_id=person_id, start__lte=day).values_list(
            "role", "scope", "end"
        )
    )
    roles = frozenset(
        (role, scope) for role, scope, end in terms if end is None or end >= day
    )
    ended = {role for role, _scope, end in terms if end is not None and end < day}
    roles |= _held_over(person_id, day, ended - {role for role, _ in roles})
    affiliations = list(
        Affiliation.objects.current(day)
        .filter(person_id=person_id, confirmed=True)
        .values_list("organization_id", "position", "organization__membership_class")
    )
    member_classes = {
        Organization.MembershipClass.REGULAR,
        Organization.MembershipClass.SUPPORTING,
    }
    return RoleSnapshot(
        person_id=person_id,
        roles=roles,
        represented_org_ids=frozenset(
            org_id
            for org_id, position, _ in affiliations
            if position == Affiliation.Position.REPRESENTATIVE
        ),
        affiliated_org_ids=frozenset(org_id for org_id, _, _ in affiliations),
        is_member=person_is_supporter
        or any(cls in member_classes for _, _, cls in affiliations),
        is_superuser=user.is_superuser,
    )


def _snapshot_key(user_id, day):
    return f"roles:{user_id}:{day.isoformat()}"


def cached_snapshot(user):
    """The snapshot from the shared cache if it is of today's roles version, else
    computed and stored. The version is read before the database: a snapshot computed
    from rows a concurrent commit then changes is stored under the old version and
    never served."""
    day = timezone.localdate()
    key = _snapshot_key(user.pk, day)
    versions.flush()
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or versions.read([VERSION_KEY]).get(VERSION_KEY)
    entry = found.get(key)
    if entry is not None and version is not None and entry[0] == version:
        return entry[1]
    snapshot = compute_snapshot(user, day)
    if version is not None:
        cache.set(key, (version, snapshot), _SNAPSHOT_SECONDS)
    return snapshot


def roles_changed():
    """Invalidate every cached snapshot, and every cached fragment with them (see
    core.versions for when)."""
    versions.renew(VERSION_KEY)


def roles_of(user):
    """The snapshot for ``user``, computed on first use and cached on the object."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    snapshot = getattr(user, _CACHE_ATTR, None)
    if snapshot is None:
        snapshot = cached_snapshot(user)
        setattr(user, _CACHE_ATTR, snapshot)
    return snapshot


def forget_roles(user):
    """Drop the cached snapshot (after a role or affiliation of this user changed)."""
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
