"""Governance demo data: a board with a year of meetings, items in every state,
minutes, resolutions without a meeting, the general assembly and notices.

Built through the services (as the secretariat would), with dates set back afterwards
so the year reads naturally. Emails the services queue are recorded as sent, never
delivered. A second run adds nothing. seed_demo runs each app's seed in a
transaction, the services composing inside it (``core.transactions.composing``).
"""

from django.utils import timezone

from members.models import Role, RoleAssignment
from wco_sse.core.models import OutboundEmail

from ..models import AgendaItem
from .assembly import general_assembly
from .board import MARKER, board_year
from .builder import Builder
from .notices import notices
from .pipeline import items_in_the_pipeline, upcoming_meetings
from .scale import SCALE_ITEMS_PER_MEETING, SCALE_MEETINGS, SCALE_PREFIX, seed_scale
from .written import written_resolutions

__all__ = [
    "MARKER",
    "SCALE_ITEMS_PER_MEETING",
    "SCALE_MEETINGS",
    "SCALE_PREFIX",
    "seed",
    "seed_scale",
]


def seed(ctx):
    if not AgendaItem.objects.filter(title=MARKER).exists():
        seed_governance(ctx)
    if ctx.scale:
        seed_scale(ctx)


def seed_governance(ctx):
    first_email = (
        OutboundEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    )
    b = Builder(ctx)
    referred = board_year(b)
    general_assembly(b, referred)
    after = upcoming_meetings(b)
    items_in_the_pipeline(b, after)
    written_resolutions(b)
    notices(b)
    # Demo emails are recorded as sent: nobody receives them, and their sealed
    # secrets (consent links) go as a sent email's do.
    OutboundEmail.objects.filter(pk__gt=first_email).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), sealed=""
    )
    ctx.log(
        "Governance: a year of board meetings, items in every state, minutes and resolutions."
    )
    assert RoleAssignment.objects.filter(role=Role.AUDITOR).exists()
