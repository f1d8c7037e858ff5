"""The officers governance pages offer to choose from."""

from django.utils import timezone

from members.models import Person, Role

from ..membership import board_directors, board_officers


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
