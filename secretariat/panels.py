"""The secretariat's panels on "my page" and on a W.Co's page (fixed query counts)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members import panels
from members.models import Organization, Role
from members.roles import roles_of

from . import selectors
from .membership import person_body_ids
from .models import AgendaItem, EmailNoticeConsent, Meeting
from .selectors.actions import my_open_action_items


def _my_meetings(person, user):
    snapshot = roles_of(user)
    body_ids = person_body_ids(snapshot.person_id, snapshot)
    answers = selectors.pending_answers_for(snapshot.person_id)
    if not body_ids and not answers:
        return None
    meetings = list(
        Meeting.objects.filter(
            body_id__in=body_ids,
            status__in=(*Meeting.OPEN, Meeting.Status.HELD),
            starts_at__gte=timezone.now() - datetime.timedelta(days=30),
        )
        .select_related("body")
        .order_by("starts_at", "pk")[:8]
    )
    return {"meetings": meetings, "answers": answers}


def _my_section_items(person, user):
    snapshot = roles_of(user)
    sections = snapshot.scopes(Role.SECTION_MEMBER)
    if not sections:
        return None
    items = list(
        AgendaItem.objects.filter(source__in=sections)
        .exclude(status=AgendaItem.Status.WITHDRAWN)
        .select_related("meeting")
        .order_by("-updated_at", "-pk")[:10]
    )
    return {"items": items}


def _my_notices(person, user):
    notices = list(selectors.notices_for(user=user).filter(status="published")[:5])
    return {"notices": notices} if notices else None


def _my_action_items(person, user):
    """The viewer's open action items, with a done button each (two queries)."""
    items = my_open_action_items(roles_of(user).person_id)
    return {"items": items} if items else None


def _organization_assembly(organization, user):
    if organization.membership_class != Organization.MembershipClass.REGULAR:
        return None
    consent = EmailNoticeConsent.objects.filter(organization=organization).first()
    return {
        "organization": organization,
        "meetings": selectors.organization_assembly_attendance(organization),
        "email_consent": consent,
        "can_change_consent": user.has_perm(
            "secretariat.record_email_consent", organization
        ),
    }


def _organization_seats(organization, user):
    """The W.Co's seats on bodies and its delegates, for its representative and the
    secretariat (one query; hidden where it holds none)."""
    if not user.has_perm("secretariat.view_organization_seats", organization):
        return None
    seats = selectors.organization_seats(organization)
    if not seats:
        return None
    return {
        "seats": [
            (seat, user.has_perm("secretariat.name_delegate", seat)) for seat in seats
        ]
    }


def _organization_notices(organization, user):
    return _my_notices(None, user)


# (page, key, title, template, context, order)
PANELS = (
    (
        panels.MY_PAGE,
        "secretariat-meetings",
        _("My meetings"),
        "secretariat/panels/my_meetings.html",
        _my_meetings,
        40,
    ),
    (
        panels.MY_PAGE,
        "secretariat-section-items",
        _("My section's agenda items"),
        "secretariat/panels/section_items.html",
        _my_section_items,
        45,
    ),
    (
        panels.MY_PAGE,
        "secretariat-action-items",
        _("My action items"),
        "secretariat/panels/my_action_items.html",
        _my_action_items,
        38,
    ),
    (
        panels.MY_PAGE,
        "secretariat-notices",
        _("Notices"),
        "secretariat/panels/notices.html",
        _my_notices,
        35,
    ),
    (
        panels.ORGANIZATION_PAGE,
        "secretariat-assembly",
        _("General assembly"),
        "secretariat/panels/organization_assembly.html",
        _organization_assembly,
        60,
    ),
    (
        panels.ORGANIZATION_PAGE,
        "secretariat-seats",
        _("Seats and delegates"),
        "secretariat/panels/organization_seats.html",
        _organization_seats,
        62,
    ),
    (
        panels.ORGANIZATION_PAGE,
        "secretariat-notices",
        _("Notices"),
        "secretariat/panels/notices.html",
        _organization_notices,
        65,
    ),
)


def register():
    for page, key, title, template, context, order in PANELS:
        panels.register_panel(
            page,
            panels.Panel(
                key,
                title,
                template,
                context,
                order=order,
                depends_on=("secretariat", "members"),
            ),
        )
