"""What waits for the secretariat on the home page, from the registry: membership
requests to confirm and this fiscal year's unpaid dues."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wco_sse.core.dashboard import Waiting, register_waiting
from wco_sse.core.japan import fiscal_year

from .dues.selectors import dues_list
from .models import Affiliation


def _pending_affiliations(user):
    return Affiliation.objects.current().filter(confirmed=False).count()


def _unpaid_dues(user):
    year = fiscal_year(timezone.localdate())
    return dues_list(fiscal_year=year, state="outstanding").count()


register_waiting(
    Waiting(
        "members-affiliations",
        _("Membership requests to confirm"),
        _pending_affiliations,
        lambda: reverse("members:organization_list") + "?pending=yes",
        permission="members.change_registry",
        depends_on=("members.affiliation",),
        order=10,
    )
)
register_waiting(
    Waiting(
        "members-unpaid-dues",
        _("Unpaid dues this fiscal year"),
        _unpaid_dues,
        lambda: reverse("members:dues_unpaid"),
        permission="members.manage_dues",
        depends_on=("members.dues", "members.duespayment"),
        order=50,
    )
)
