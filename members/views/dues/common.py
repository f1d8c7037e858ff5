"""What the dues pages share: the fiscal year asked for, the calendar of the
documents, the payment states' names."""

from django.utils import timezone
from django.utils.translation import gettext_lazy

from wco_sse.core.japan import fiscal_year, format_fiscal_year
from wco_sse.core.validators import number_param

from ...models import DuesClass


def year_from(request, years=None):
    """The fiscal year asked for in ?year=, else this fiscal year."""
    year = number_param(request.GET.get("year"))
    current = fiscal_year(timezone.localdate())
    if year is not None and 2000 <= year <= 2100 and (years is None or year in years):
        return year
    return current


def year_choices(years):
    return [(year, format_fiscal_year(year)) for year in years]


def wareki(request):
    return request.GET.get("era") == "wareki"


# The lists' filter by payment state (members.dues.STATES), and one dues' state.
STATE_CHOICES = [
    ("", gettext_lazy("All")),
    ("outstanding", gettext_lazy("Unpaid or partly paid")),
    ("unpaid", gettext_lazy("Unpaid")),
    ("partial", gettext_lazy("Partly paid")),
    ("paid", gettext_lazy("Paid")),
]


def state_label(state):
    return dict(STATE_CHOICES)[state]


def dues_class_from(request):
    """The class asked for in ?class=, or "" for all."""
    dues_class = request.GET.get("class", "")
    return dues_class if dues_class in DuesClass.values else ""
