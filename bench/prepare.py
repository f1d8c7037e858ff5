"""Prepare a benchmark run against the seeded database: signed-in sessions written
straight into the session store, the pages to measure, the courses for the
apply/cancel loop and the registration rush, and the accounts that sign in with
their password under the realistic load (a few at a time: the rate limit and the
password hashing are part of what is measured).

Run by bench/run.py with the bench server's environment; prints one JSON document.
"""

import datetime
import json
import os
import secrets
import string
import sys
import time
from importlib import import_module
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wco_sse.settings")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from members import selectors as member_selectors  # noqa: E402
from members.demo import SCALE_EMAIL_DOMAIN  # noqa: E402
from members.filters import OrganizationFilter  # noqa: E402
from members.middleware import SESSION_SEEN, SESSION_STARTED  # noqa: E402
from members.models import Organization, User  # noqa: E402
from members.roles import roles_of  # noqa: E402
from network import selectors as network_selectors  # noqa: E402
from network.demo_councils import LIAISON  # noqa: E402
from network.demo_initiatives import WORKERS_COOP_INITIATIVE  # noqa: E402
from network.fund.demo_scale import scale_rounds  # noqa: E402
from network.models import FundApplication, FundRound, Initiative  # noqa: E402
from secretariat.demo import SCALE_PREFIX as MEETING_PREFIX  # noqa: E402
from secretariat.models import Body, Meeting  # noqa: E402
from secretariat.selectors import section_bodies_for  # noqa: E402
from support import selectors as course_selectors  # noqa: E402
from support.demo import SCALE_PREFIX as COURSE_PREFIX  # noqa: E402
from support.demo.scale import (  # noqa: E402
    SCALE_PROJECT_PREFIX,
    SCALE_REQUEST_PREFIX,
)
from support.models import (  # noqa: E402
    Application,
    Course,
    CourseCategory,
    CourseSession,
    IndustryMeeting,
    TalentProfile,
    TalentRequest,
)
from support.selectors.matching import candidates_for  # noqa: E402
from support.selectors.projects import project_list  # noqa: E402

APPLY_COURSE = "負荷試験 申込・取消の計測講座"
RUSH_PREFIX = "負荷試験 申込ラッシュ"
RUSH_SEATS, RUSH_APPLICANTS = 30, 200
LOOP_MEMBERS = int(os.environ.get("BENCH_LOOP_MEMBERS", "60"))
# The realistic load reads each page as one of several people of its role, each with a
# session of their own (the secretariat has six staff, the board about ten members).
# The network section's few members read its pages, and the fund committee's its
# review list; anyone reads an open round's public page without signing in.
POOL_SIZES = {
    "staff": 6,
    "board": 10,
    "member": 40,
    "network": 4,
    "fund": 4,
    "support": 4,
    "secgen": 2,
    "business": 2,
}
SIGN_IN_ACCOUNTS = 40
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore


def csrf_secret():
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


def second_factor(user):
    """A TOTP authenticator, as a staff member who set one up has."""
    found = (
        Authenticator.objects.filter(user=user)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .first()
    )
    return found or TOTP.activate(user, generate_totp_secret()).instance


def signed_in(user):
    """A session as allauth leaves it after a sign-in (password, then the second
    factor where the person's roles require one)."""
    now = time.time()
    methods = [{"method": "password", "at": now, "email": user.email}]
    if roles_of(user).requires_second_factor or user.is_staff:
        authenticator = second_factor(user)
        methods.append(
            {"method": "mfa", "at": now, "id": authenticator.pk, "type": "totp"}
        )
    session = SessionStore()
    session.update(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: user.get_session_auth_hash(),
            "account_authentication_methods": methods,
            "account_authentication_methods_user": str(user.pk),
            SESSION_STARTED: int(now),
            SESSION_SEEN: int(now),
        }
    )
    session.create()
    return {"session": session.session_key, "csrf": csrf_secret(), "user": user.email}


def open_course(title, *, capacity):
    now = timezone.now()
    start = now + datetime.timedelta(days=60)
    course = Course.objects.create(
        title=title,
        category=CourseCategory.objects.order_by("sort_order", "pk").first(),
        description="負荷試験のための講座です。",
        capacity=capacity,
        audience=Course.Audience.PUBLIC,
        fee_member=1000,
        fee_general=2000,
        application_opens=now - datetime.timedelta(days=1),
        application_closes=start - datetime.timedelta(days=2),
        cancellation_deadline=start - datetime.timedelta(days=3),
        status=Course.Status.PUBLISHED,
        first_session_at=start,
    )
    CourseSession.objects.create(
        course=course,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        venue="かながわ県民センター 会議室",
    )
    return course


def anonymous():
    """No session at all: the public pages as a visitor who never signed in."""
    return {"session": "", "csrf": csrf_secret(), "user": ""}


def fund_pages():
    """The fund's pages on the --scale rounds: an open round's public page, the
    review list of a round under review (as a committee member), the application of
    that round with the most reviews (as the secretariat) and the ledger's balances."""
    open_round = (
        scale_rounds()
        .filter(status=FundRound.Status.PUBLISHED, closes_at__gt=timezone.now())
        .annotate(count=Count("applications"))
        .order_by("-count", "pk")
        .first()
    )
    review_round = (
        scale_rounds()
        .filter(status=FundRound.Status.REVIEW)
        .annotate(count=Count("applications"))
        .order_by("-count", "pk")
        .first()
    )
    if not (open_round and review_round):
        sys.exit("The fund's scale rounds are missing: run seed_demo --scale first.")
    application = (
        FundApplication.objects.filter(round=review_round)
        .annotate(count=Count("reviews"))
        .order_by("-count", "pk")
        .first()
    )
    return {
        # (path, role, marker), as the other pages.
        "fund_public_round": (
            reverse("network:fund_public_round", args=[open_round.pk]),
            "anonymous",
            open_round.title,
        ),
        "fund_round_reviews": (
            reverse("network:fund_round_reviews", args=[review_round.pk]),
            "fund",
            review_round.title,
        ),
        "fund_application": (
            reverse("network:fund_application", args=[application.pk]),
            "staff",
            application.project_title,
        ),
        "fund_ledger": (reverse("network:fund_ledger"), "staff", "普通預金"),
    }


def support_pages():
    """The support section's pages of issue 15 on the --scale data: the 配食 industry
    meeting's page, the project list (200 projects), a scale request for people with
    its ranked candidates among 5,000 profiles, and a scale person's profile, all as
    the section's coordinator (support@)."""
    meeting = (
        IndustryMeeting.objects.select_related("body")
        .filter(industry__name="配食")
        .first()
    )
    request = (
        TalentRequest.objects.filter(title__startswith=SCALE_REQUEST_PREFIX)
        .order_by("pk")
        .first()
    )
    profile = (
        TalentProfile.objects.filter(
            person__email__endswith="@" + SCALE_EMAIL_DOMAIN,
            state=TalentProfile.State.ACTIVE,
        )
        .select_related("person")
        .order_by("pk")
        .first()
    )
    first_project = (
        project_list().filter(title__startswith=SCALE_PROJECT_PREFIX).first()
    )
    if not (meeting and request and profile and first_project):
        sys.exit("The support section's scale data is missing: run seed_demo --scale.")
    top = candidates_for(request)
    if not top:
        sys.exit(f"The scale request {request.pk} finds no candidates.")
    return {
        "industry_meeting": (
            reverse("support:industry_detail", args=[meeting.pk]),
            "support",
            meeting.body.name,
        ),
        "project_list": (
            reverse("support:project_list"),
            "support",
            first_project.title,
        ),
        "talent_request": (
            reverse("support:talent_request_detail", args=[request.pk]),
            "support",
            reverse("support:talent_profile_detail", args=[top[-1].profile.pk]),
        ),
        "talent_profile": (
            reverse("support:talent_profile_detail", args=[profile.pk]),
            "support",
            profile.introduction,
        ),
    }


def business_pages():
    """The business section's pages of issue 17 as the section reads them: the
    places programme's page (its --scale sites listed), a scale site's page with its
    monthly table and chart over a year of weekly sessions, the phone session entry
    of that site (the last session's values offered), and the 横浜市 programme's
    latest period report."""
    from business.models import PeriodReport, Programme, Site

    places = Programme.objects.annotate(n=Count("sites")).order_by("-n", "pk").first()
    site = Site.objects.annotate(n=Count("sessions")).order_by("-n", "-pk").first()
    report = (
        PeriodReport.objects.filter(contract__isnull=False)
        .annotate(n=Count("values"))
        .filter(n__gt=0)
        .order_by("-period_start", "-revision")
        .first()
    )
    if not (places and site and report):
        sys.exit("The business section's demo data is missing: run seed_demo --scale.")
    return {
        "programme_page": (
            reverse("business:programme_detail", args=[places.pk]),
            "business",
            places.title,
        ),
        "site_months": (
            reverse("business:site_detail", args=[site.pk]),
            "business",
            site.name,
        ),
        "session_entry": (
            reverse("business:session_create", args=[site.pk]),
            "business",
            'name="adults"',
        ),
        "period_report": (
            reverse("business:report_detail", args=[report.pk]),
            "business",
            report.version.indicators.order_by("position").first().name,
        ),
    }


def privacy_person():
    """The person whose data the secretary-general discloses and whose erasure they
    check: of the demo's accounts, the one holding the most records the privacy
    declarations find (at --scale, a member with courses, consultations, a talent
    profile, dues, governance records...)."""
    from members.models import Person
    from members.personal_data.engine import found_for

    candidates = Person.objects.filter(
        account__email__in=[
            "member@example.org",
            "rep@example.org",
            "citizen@example.org",
            "support@example.org",
        ]
    )
    best, best_total = None, -1
    for person in candidates:
        total = sum(1 for item in found_for(person) if item.rows.exists())
        if total > best_total:
            best, best_total = person, total
    return best


def privacy_pages():
    """The personal-data pages of issue 16 as the secretary-general reads them: a
    person's export (what it will hold, per record kind) and the erasure's dry run
    (every record, its fate and why, and what blocks it), on open requests made here
    once and kept."""
    from members.models import PrivacyRequest

    person = privacy_person()
    if person is None:
        sys.exit("No demo account's person for the privacy pages: run seed_demo.")
    requests = {}
    for kind in (PrivacyRequest.Kind.EXPORT, PrivacyRequest.Kind.ERASURE):
        requests[kind] = PrivacyRequest.objects.filter(
            person=person, kind=kind, state__in=PrivacyRequest.OPEN_STATES
        ).first() or PrivacyRequest.objects.create(
            person=person,
            kind=kind,
            channel=PrivacyRequest.Channel.MY_PAGE,
            details="benchmark",
        )
    return {
        "privacy_export": (
            reverse(
                "members:privacy_export",
                args=[requests[PrivacyRequest.Kind.EXPORT].pk],
            ),
            "secgen",
            'id="export-preview"',
        ),
        "privacy_erasure": (
            reverse(
                "members:privacy_erasure",
                args=[requests[PrivacyRequest.Kind.ERASURE].pk],
            ),
            "secgen",
            'id="erasure-plan"',
        ),
    }


def members(offset, count):
    emails = [
        f"person{i:06d}@{SCALE_EMAIL_DOMAIN}" for i in range(offset, offset + count)
    ]
    users = list(User.objects.filter(email__in=emails).order_by("email"))
    if len(users) != count:
        sys.exit(
            f"Only {len(users)} of {count} scale accounts found: run seed_demo --scale first."
        )
    return users


def main():
    staff = User.objects.get(email="staff@example.org")
    board = User.objects.get(email="board@example.org")
    member = User.objects.get(email="member@example.org")
    network = User.objects.get(email="network@example.org")
    fund = User.objects.get(email="fund@example.org")
    support = User.objects.get(email="support@example.org")
    secgen = User.objects.get(email="secgen@example.org")
    business = User.objects.get(email="business@example.org")

    home = Organization.objects.filter(
        affiliations__person__account=User.objects.get(email="rep@example.org")
    ).first()
    course = (
        Course.objects.filter(
            title__startswith=COURSE_PREFIX,
            status=Course.Status.PUBLISHED,
            audience=Course.Audience.PUBLIC,
        )
        .order_by("first_session_at")
        .first()
    )
    meeting = (
        Meeting.objects.filter(
            title__startswith=MEETING_PREFIX, body__kind=Body.Kind.BOARD
        )
        .annotate(item_count=Count("items"))
        .filter(item_count__gt=0, starts_at__lt=timezone.now())
        .order_by("-starts_at")
        .first()
    )
    liaison = Body.objects.filter(name=LIAISON, section="network").first()
    initiative = Initiative.objects.filter(name=WORKERS_COOP_INITIATIVE).first()
    if not (home and course and meeting and liaison and initiative):
        sys.exit("The scale demo data is missing: run seed_demo --scale first.")

    sessions = {"staff": signed_in(staff), "board": signed_in(board)}
    sessions["member"] = signed_in(member)
    sessions["network"] = signed_in(network)
    sessions["fund"] = signed_in(fund)
    sessions["support"] = signed_in(support)
    sessions["secgen"] = signed_in(secgen)
    sessions["business"] = signed_in(business)
    sessions["anonymous"] = anonymous()
    pools = {
        "staff": [signed_in(staff) for _ in range(POOL_SIZES["staff"])],
        "board": [signed_in(board) for _ in range(POOL_SIZES["board"])],
        "member": [
            sessions["member"],
            *(signed_in(member) for _ in range(POOL_SIZES["member"] - 1)),
        ],
        "network": [
            sessions["network"],
            *(signed_in(network) for _ in range(POOL_SIZES["network"] - 1)),
        ],
        "fund": [
            sessions["fund"],
            *(signed_in(fund) for _ in range(POOL_SIZES["fund"] - 1)),
        ],
        "support": [
            sessions["support"],
            *(signed_in(support) for _ in range(POOL_SIZES["support"] - 1)),
        ],
        "secgen": [
            sessions["secgen"],
            *(signed_in(secgen) for _ in range(POOL_SIZES["secgen"] - 1)),
        ],
        "business": [
            sessions["business"],
            *(signed_in(business) for _ in range(POOL_SIZES["business"] - 1)),
        ],
        "anonymous": [sessions["anonymous"]],
    }
    # People who sign in with their password during the realistic load.
    sign_in = members(2001, SIGN_IN_ACCOUNTS)
    for user in sign_in:
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )

    # The apply/cancel loop: one course, a member session per load-test user, every
    # earlier live application of the course cancelled so each run starts empty.
    loop_course = Course.objects.filter(title=APPLY_COURSE).first() or open_course(
        APPLY_COURSE, capacity=20
    )
    Application.objects.filter(course=loop_course, status__in=Application.LIVE).update(
        status=Application.Status.CANCELLED, waitlist_position=None
    )
    loop = [signed_in(user) for user in members(1, LOOP_MEMBERS)]

    # The registration rush: a fresh 30-seat course and 200 members who have never
    # applied to it.
    rush_course = open_course(
        f"{RUSH_PREFIX} {timezone.localtime():%Y-%m-%d %H:%M:%S}", capacity=RUSH_SEATS
    )
    rush = [signed_in(user) for user in members(1001, RUSH_APPLICANTS)]

    registry_query = {"q": "W.Co", "kind": "wco", "status": "active"}
    first_organization = OrganizationFilter(
        registry_query, queryset=member_selectors.organization_list()
    ).qs.first()
    first_course = course_selectors.course_list_visible_to(user=member).first()
    first_case = course_selectors.consultation_queue().first()
    last_item = meeting.items.order_by("-order", "-pk").first()
    busiest = (
        Course.objects.exclude(title=APPLY_COURSE)
        .exclude(title__startswith=RUSH_PREFIX)
        .annotate(n=Count("applications"))
        .order_by("-n", "pk")
        .first()
    )
    busiest_last = (
        busiest.applications.filter(status=Application.Status.CONFIRMED)
        .select_related("person")
        .order_by("-pk")
        .first()
    )
    # The network section's pages: the last body its landing lists, the oldest of the
    # meetings the body's page shows, the first contact of the log, the oldest entry
    # of the initiative's support log.
    last_body = section_bodies_for(user=network, section="network")[-1]
    shown_meetings = list(liaison.meetings.order_by("-starts_at")[:20])
    first_contact = network_selectors.contact_list().first()
    pages = {
        # (path, role, marker: text only that page shows when it rendered fully)
        "registry_list": (
            "/members/organizations/?" + urlencode(registry_query),
            "staff",
            first_organization.name,
        ),
        "wco_page": (f"/members/organizations/{home.pk}/", "staff", home.name),
        "course_catalogue": ("/support/school/", "member", first_course.title),
        "course_page": (
            f"/support/school/{course.pk}/",
            "member",
            'id="application-card"',
        ),
        # The application list (pretix's order list is its peer): the staff page of
        # the seeded course with the most applications, every one listed.
        "course_applications": (
            reverse("support:course_manage", args=[busiest.pk]),
            "staff",
            busiest_last.person.full_name,
        ),
        "board_agenda": (
            f"/secretariat/meetings/{meeting.pk}/agenda/",
            "board",
            last_item.title,
        ),
        "my_page": ("/members/me/", "member", 'id="panel-courses"'),
        "consultation_queue": (
            "/support/consultations/queue/",
            "staff",
            f'href="/support/consultations/{first_case.pk}/"',
        ),
        "network_landing": (
            "/network/",
            "network",
            f'href="/secretariat/bodies/{last_body.pk}/"',
        ),
        "network_body": (
            f"/secretariat/bodies/{liaison.pk}/",
            "network",
            f'href="/secretariat/meetings/{shown_meetings[-1].pk}/"',
        ),
        "contact_log": (
            "/network/contacts/",
            "network",
            f'href="/network/contacts/{first_contact.pk}/"',
        ),
        "initiative_page": (
            f"/network/initiatives/{initiative.pk}/",
            "network",
            # The oldest support entry: the log's last line.
            initiative.support_entries.order_by("date", "pk").first().note,
        ),
        **fund_pages(),
        **support_pages(),
        **privacy_pages(),
        **business_pages(),
    }
    print(
        json.dumps(
            {
                "sessions": sessions,
                "pools": pools,
                "sign_in": {
                    "emails": [user.email for user in sign_in],
                    "password": os.environ.get("WCO_DEMO_PASSWORD", "wco-demo-2026"),
                },
                "pages": {
                    name: {"path": path, "role": role, "marker": marker}
                    for name, (path, role, marker) in pages.items()
                },
                "bare": {
                    "path": "/bench/bare/",
                    "role": "member",
                    "marker": "bench-bare-ok",
                },
                "loop": {"course": loop_course.pk, "members": loop},
                "rush": {
                    "course": rush_course.pk,
                    "seats": RUSH_SEATS,
                    "members": rush,
                },
            },
            ensure_ascii=False,
        )
    )


def rush_outcome(course_pk):
    """The applications the rush left on its course."""
    rows = list(
        Application.objects.filter(course_id=course_pk)
        .order_by("waitlist_position", "pk")
        .values_list("status", "waitlist_position")
    )
    print(
        json.dumps(
            {
                "confirmed": sum(1 for status, _ in rows if status == "confirmed"),
                "waitlisted": sum(1 for status, _ in rows if status == "waitlisted"),
                "other": sum(
                    1 for status, _ in rows if status not in ("confirmed", "waitlisted")
                ),
                "positions": [p for status, p in rows if status == "waitlisted"],
            }
        )
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["rush-outcome"]:
        rush_outcome(int(sys.argv[2]))
    else:
        main()
