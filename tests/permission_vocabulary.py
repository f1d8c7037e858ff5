"""The vocabulary of the permission matrix: answers, who asks, and the Case record.

Each app writes its own part of the table in ``tests/<app>/permission_cases.py`` (a
``CASES`` tuple); ``tests/test_permission_matrix.py`` gathers them and checks every
URL of the project against them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import RoleAssignment
from wco_sse.core.files import file_attach

# --- Answers ----------------------------------------------------------------------------------
# What a request may answer. PAGE, LOGIN, FORBIDDEN, NOT_FOUND and NOT_ALLOWED hold for
# GET and POST alike; FORM_ERRORS and DONE are the two ways an allowed POST succeeds.
PAGE = "PAGE"  # 200
FORM_ERRORS = "FORM_ERRORS"  # 200, the bound form re-rendered with its errors
DONE = "DONE"  # 302 to anywhere but the sign-in page: the action was carried out
LOGIN = "LOGIN"  # 302 to /accounts/login/?next=<the requested path>
FORBIDDEN = "FORBIDDEN"  # 403
NOT_FOUND = "NOT_FOUND"  # 404
NOT_ALLOWED = "NOT_ALLOWED"  # 405

# --- Who asks -----------------------------------------------------------------------------------
# The demo accounts (DESIGN "Contract with the outside"), by the short name before the @.
ANONYMOUS = "anonymous"
ROLES = (
    "secgen",
    "staff",
    "board",
    "auditor",
    "council",
    "support",
    "network",
    "business",
    "school",
    "advisor",
    "finance-advisor",
    "fund",
    "rep",
    "member",
    "citizen",
)
WHO = (*ROLES, ANONYMOUS)

SECGEN = frozenset({"secgen"})
SECRETARIAT = frozenset({"secgen", "staff"})
BOARD = frozenset({"board", "auditor"})  # directors and auditors: is_board
COUNCIL = frozenset({"council"})
SECTION_MEMBERS = frozenset({"support", "network", "business"})
# Everyone who holds an office or function today (holds_any_role).
ROLE_HOLDERS = frozenset(ROLES) - {"rep", "member", "citizen"}
# The rep is the confirmed 代表者 and the member a confirmed メンバー of the demo's home
# W.Co; the citizen belongs to nothing. None of the three holds a role.
REP = frozenset({"rep"})
MEMBER = frozenset({"member"})
CITIZEN = frozenset({"citizen"})
NO_ROLE = REP | MEMBER | CITIZEN
SIGNED_IN = frozenset(ROLES)


def allow(
    who=frozenset(),
    answer=PAGE,
    *,
    hidden=frozenset(),
    anonymous=LOGIN,
    also=None,
):
    """``answer`` for the roles in ``who``; FORBIDDEN for the other signed-in users,
    NOT_FOUND for those in ``hidden``, ``anonymous`` for a visitor; ``also`` overrides."""
    unknown = (set(who) | set(hidden) | set(also or {})) - set(WHO)
    assert not unknown, f"Not a demo role: {sorted(unknown)}"
    rule = {}
    for role in ROLES:
        if role in who:
            rule[role] = answer
        elif role in hidden:
            rule[role] = NOT_FOUND
        else:
            rule[role] = FORBIDDEN
    rule[ANONYMOUS] = anonymous
    rule.update(also or {})
    return rule


def reach(who=frozenset(), answer=PAGE, *, anonymous=LOGIN):
    """A URL with an id: ``answer`` for the roles in ``who``; to every other signed-in
    user the object is out of reach for this page, as a missing one would be
    (NOT_FOUND, never FORBIDDEN); a visitor is sent to sign in."""
    who = frozenset(who)
    return allow(who, answer, hidden=SIGNED_IN - who, anonymous=anonymous)


def everyone(answer):
    """The same answer for every role and for an anonymous visitor."""
    return dict.fromkeys(WHO, answer)


def signed_in(answer):
    """``answer`` for every signed-in user; a visitor is sent to sign in."""
    return allow(SIGNED_IN, answer)


# --- The objects that object URLs are about -------------------------------------------------------
# Each maker takes the demo (short role name -> User, with .ctx.data) and who is asking,
# and returns the URL's kwargs. Makers that create objects run once per request, so a
# POST that deletes or changes something always acts on fresh state.

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _person(demo, role):
    return demo.ctx.accounts[f"{role}@example.org"]


def _file_on(organization, demo):
    stored = file_attach(
        actor=demo["secgen"],
        target=organization,
        uploaded=SimpleUploadedFile("minutes.pdf", PDF_BYTES, "application/pdf"),
        description="Permission matrix",
    )
    return {"file_id": stored.pk}


def home_wco(demo, who):
    return {"pk": demo.ctx.data["home_wco"].pk}


def other_wco(demo, who):
    """A 正会員 W.Co none of the demo accounts is affiliated with."""
    other = demo.ctx.data["wcos"][1]
    assert other != demo.ctx.data["home_wco"]
    return {"pk": other.pk}


def missing_wco(demo, who):
    return {"pk": 999_999}


def file_on_home_wco(demo, who):
    return _file_on(demo.ctx.data["home_wco"], demo)


def file_on_other_wco(demo, who):
    return _file_on(demo.ctx.data["wcos"][1], demo)


def own_record(demo, who):
    """The asker's own person record (a visitor asks for the member's)."""
    return {"pk": _person(demo, "member" if who == ANONYMOUS else who).pk}


def member_record(demo, who):
    return {"pk": _person(demo, "member").pk}


def rep_record(demo, who):
    """A person with an account (and so a second factor that could be reset)."""
    return {"pk": _person(demo, "rep").pk}


def fund_role(demo, who):
    return {"pk": RoleAssignment.objects.get(person=_person(demo, "fund")).pk}


# --- A row of the table ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str  # the namespaced URL name
    get: dict
    post: dict
    kwargs: Callable | None = None  # object maker; its name labels the case

    @property
    def id(self):
        return f"{self.name}[{self.kwargs.__name__}]" if self.kwargs else self.name


def _pending_request(organization):
    from members.models import Affiliation
    from tests.factories import PersonFactory

    affiliation = Affiliation.objects.create(
        person=PersonFactory(), organization=organization, confirmed=False
    )
    return {"pk": affiliation.pk}


def pending_request_at_home_wco(demo, who):
    """A fresh request to join the demo's home W.Co, to confirm or decline."""
    return _pending_request(demo.ctx.data["home_wco"])


def pending_request_at_other_wco(demo, who):
    return _pending_request(demo.ctx.data["wcos"][1])


def phone_of_home_wco(demo, who):
    return {"pk": demo.ctx.data["home_wco"].pk, "field": "phone"}


def phone_of_other_wco(demo, who):
    return {"pk": demo.ctx.data["wcos"][1].pk, "field": "phone"}
