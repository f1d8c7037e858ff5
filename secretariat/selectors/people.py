"""The officers governance pages offer to choose from."""

from django.db.models import Q
from django.utils import timezone

from members.models import Person, Role, RoleAssignment

from ..membership import board_directors, board_officers
from ..models import BodyMember


def current_directors(day=None):
    """The directors on ``day`` (in office or holding over), in kana order."""
    return Person.objects.filter(
        pk__in=board_directors(day or timezone.localdate())
    ).order_by("family_name_kana", "given_name_kana", "pk")


def reporting_directors(day=None):
    """The directors who report on the execution of their duties (代表理事, 業務執行理事),
    in office or holding over (a director holding over keeps the duty to report)."""
    reporting = {Role.REPRESENTATIVE_DIRECTOR, Role.EXECUTIVE_DIRECTOR}
    officers = board_officers(day or timezone.localdate())
    return Person.objects.filter(
        pk__in=[pk for pk, roles in officers.items() if roles & reporting]
    ).order_by("family_name_kana", "pk")


def current_representative_directors(day=None):
    """The representative directors on ``day`` (in office or holding over)."""
    day = day or timezone.localdate()
    officers = board_officers(day)
    return list(
        Person.objects.filter(
            pk__in=[
                pk
                for pk, roles in officers.items()
                if Role.REPRESENTATIVE_DIRECTOR in roles
            ]
        ).order_by("family_name_kana", "given_name_kana", "pk")
    )


def action_item_owners(body, *, user, day=None, keep=None):
    """Who an action item of ``body`` may be given to, as ``user`` chooses: anyone in
    the registry for the secretariat (who keeps it); otherwise the body's members
    today and those who run it (its section's members and the secretariat), and
    ``keep`` (the present owner's key) so an item keeps its owner."""
    if user.has_perm("members.view_people"):
        return Person.objects.all()
    day = day or timezone.localdate()
    runners = Q(role__in=(Role.SECRETARY_GENERAL, Role.SECRETARIAT_STAFF))
    if body.section:
        runners |= Q(role=Role.SECTION_MEMBER, scope=body.section)
    condition = Q(
        pk__in=BodyMember.objects.current(day).filter(body=body).values("person_id")
    ) | Q(
        pk__in=RoleAssignment.objects.current(day).filter(runners).values("person_id")
    )
    if keep is not None:
        condition |= Q(pk=keep)
    return Person.objects.filter(condition)
