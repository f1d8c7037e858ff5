"""The officers governance pages offer to choose from."""

from members.models import Person, Role, RoleAssignment
from members.models.roles import DIRECTOR_ROLES


def current_directors(day=None):
    """The directors in office on ``day``, in kana order."""
    return Person.objects.filter(
        pk__in=RoleAssignment.objects.current(day)
        .filter(role__in=DIRECTOR_ROLES)
        .values("person_id")
    ).order_by("family_name_kana", "given_name_kana", "pk")


def reporting_directors():
    """The directors who report on the execution of their duties (代表理事, 業務執行理事)."""
    return Person.objects.filter(
        pk__in=RoleAssignment.objects.current()
        .filter(role__in=(Role.REPRESENTATIVE_DIRECTOR, Role.EXECUTIVE_DIRECTOR))
        .values("person_id")
    ).order_by("family_name_kana", "pk")
