"""Who may open what: every URL of the portal, for every demo role and for a visitor.

The table below is written by hand from DESIGN.md ("People, accounts and authority")
and the permissions the apps declare in their ``rules.py``; it is not recorded from
what the views happen to answer. Every URL the project serves must be decided here,
either by a ``Case`` of our own or by a ``Group`` of third-party URLs with a stated
rule: ``test_every_url_is_classified`` fails for a new page until someone decides
who may open it.

Reading the table: ``allow(WHO, ANSWER)`` gives ``ANSWER`` to the roles in ``WHO``;
every other signed-in user is refused (FORBIDDEN), except those named in
``hidden=`` who may not see the object at all (NOT_FOUND: "an object a user may not
see answers 404"); an anonymous visitor is sent to sign in (LOGIN). ``also=`` gives
explicit answers to single roles.

The matrix runs with the development settings, where a second factor is not
required (``WCO_REQUIRE_SECOND_FACTOR`` False); ``test_second_factor_is_not_required``
pins that premise, since with it on every role holder would be sent to set one up.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from members.models import AuditEntry, RoleAssignment, StoredFile
from members.services import file_attach

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


# --- The table ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str  # the namespaced URL name
    get: dict
    post: dict
    kwargs: Callable | None = None  # object maker; its name labels the case

    @property
    def id(self):
        return f"{self.name}[{self.kwargs.__name__}]" if self.kwargs else self.name


# A POST to a page that only answers GET: whoever may see the page is told the method is
# not allowed; the permission check runs first, so everyone else is refused as for GET.
CASES = (
    # --- Public pages ---------------------------------------------------------------------------
    Case("home", get=everyone(PAGE), post=everyone(NOT_ALLOWED)),
    Case("privacy", get=everyone(PAGE), post=everyone(NOT_ALLOWED)),
    # DESIGN only says /healthz answers 200 when its services answer; it is a plain
    # function view that answers any method (a POST would still need a CSRF token).
    Case("healthz", get=everyone(PAGE), post=everyone(PAGE)),
    # The support section's landing is public: citizens find the W.Co School and the
    # consultation desk there (DESIGN: citizens apply for public courses, request
    # consultations).
    Case("support:index", get=everyone(PAGE), post=everyone(NOT_ALLOWED)),
    # --- Section and governance landings --------------------------------------------------------
    # Governance: the secretariat runs meetings, the board and the auditor read them, the
    # council coordinates agenda items, every section drafts them. Nobody else.
    Case(
        "secretariat:index",
        get=allow(SECRETARIAT | BOARD | COUNCIL | SECTION_MEMBERS),
        post=allow(SECRETARIAT | BOARD | COUNCIL | SECTION_MEMBERS, NOT_ALLOWED),
    ),
    # The network section runs the fund: its committee reviews applications; the board
    # reads the ledger and the auditor reads money; the council shares across sections.
    # A representative "applies to the fund" for their W.Co; that is a page of its own
    # (still to come), not a grant of the section's landing.
    Case(
        "network:index",
        get=allow(SECRETARIAT | BOARD | COUNCIL | {"network", "fund"}),
        post=allow(SECRETARIAT | BOARD | COUNCIL | {"network", "fund"}, NOT_ALLOWED),
    ),
    Case(
        "business:index",
        get=allow(SECRETARIAT | BOARD | COUNCIL | {"business"}),
        post=allow(SECRETARIAT | BOARD | COUNCIL | {"business"}, NOT_ALLOWED),
    ),
    # --- The registry -----------------------------------------------------------------------------
    # Reading of DESIGN: the registry is the shared record every part of the portal works
    # from, so everyone who holds an office or function reads it; the secretariat keeps it.
    # A representative, a member or a citizen reads no list of other people.
    Case(
        "members:index",
        get=allow(ROLE_HOLDERS),
        post=allow(ROLE_HOLDERS, NOT_ALLOWED),
    ),
    Case(
        "members:organization_list",
        get=allow(ROLE_HOLDERS),
        post=allow(ROLE_HOLDERS, NOT_ALLOWED),
    ),
    # The list of people, with their contact details, is personal data: the secretariat
    # keeps it (APPI: the fewest roles); the sections reach people through their own work.
    Case(
        "members:person_list",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    # Every demo account has a person record, so every one has a "my page".
    Case("members:mypage", get=signed_in(PAGE), post=signed_in(NOT_ALLOWED)),
    # A W.Co's page: role holders, and the people affiliated with it; to anyone else
    # the W.Co does not exist. Its page takes no POST (uploads have their own URL).
    Case(
        "members:organization_detail",
        kwargs=home_wco,
        get=allow(ROLE_HOLDERS | REP | MEMBER, hidden=CITIZEN),
        post=signed_in(NOT_ALLOWED),
    ),
    Case(
        "members:organization_detail",
        kwargs=other_wco,
        get=allow(ROLE_HOLDERS, hidden=NO_ROLE),
        post=signed_in(NOT_ALLOWED),
    ),
    Case(
        "members:organization_detail",
        kwargs=missing_wco,
        get=allow(hidden=SIGNED_IN),
        post=signed_in(NOT_ALLOWED),
    ),
    # Its documents: the representative edits their W.Co's profile, the secretariat keeps
    # the registry. Those who see the W.Co but may not edit it are refused; those who may
    # not see it get 404. An empty upload re-renders the form with its errors.
    Case(
        "members:organization_file_upload",
        kwargs=home_wco,
        get=allow(SECRETARIAT | REP, hidden=CITIZEN),
        post=allow(SECRETARIAT | REP, FORM_ERRORS, hidden=CITIZEN),
    ),
    Case(
        "members:organization_file_upload",
        kwargs=other_wco,
        get=allow(SECRETARIAT, hidden=NO_ROLE),
        post=allow(SECRETARIAT, FORM_ERRORS, hidden=NO_ROLE),
    ),
    # A file is shown to whoever may see the record it is attached to.
    Case(
        "members:file_download",
        kwargs=file_on_home_wco,
        get=allow(ROLE_HOLDERS | REP | MEMBER, hidden=CITIZEN),
        post=signed_in(NOT_ALLOWED),
    ),
    Case(
        "members:file_download",
        kwargs=file_on_other_wco,
        get=allow(ROLE_HOLDERS, hidden=NO_ROLE),
        post=signed_in(NOT_ALLOWED),
    ),
    # ... and deleted by whoever may edit that record (a fresh file for every request).
    Case(
        "members:file_delete",
        kwargs=file_on_home_wco,
        get=signed_in(NOT_ALLOWED),
        post=allow(SECRETARIAT | REP, DONE, hidden=CITIZEN),
    ),
    Case(
        "members:file_delete",
        kwargs=file_on_other_wco,
        get=signed_in(NOT_ALLOWED),
        post=allow(SECRETARIAT, DONE, hidden=NO_ROLE),
    ),
    # A person's record: the secretariat, and the person themself; to anyone else the
    # record does not exist. A representative "edits their W.Co's member list" on the
    # W.Co's page, which lists its people; that grants no reading of their records.
    Case(
        "members:person_detail",
        kwargs=own_record,
        get=signed_in(PAGE),
        post=signed_in(NOT_ALLOWED),
    ),
    Case(
        "members:person_detail",
        kwargs=member_record,
        get=allow(SECRETARIAT | MEMBER, hidden=SIGNED_IN - SECRETARIAT - MEMBER),
        post=signed_in(NOT_ALLOWED),
    ),
    # --- Roles and accounts: the secretary-general alone assigns roles --------------------------
    # Staff see the assignments (they keep the registry) but change none.
    Case(
        "members:role_list",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "members:role_assign",
        get=allow(SECGEN),
        post=allow(SECGEN, FORM_ERRORS),
    ),
    Case(
        "members:role_end",
        kwargs=fund_role,
        get=allow(SECGEN),
        post=allow(SECGEN, FORM_ERRORS),
    ),
    # Resetting someone's second factor unlocks their account: as high-risk as a role.
    Case(
        "members:second_factor_reset",
        kwargs=rep_record,
        get=allow(SECGEN),
        post=allow(SECGEN, FORM_ERRORS),
    ),
)


# --- Third-party URL sets -------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """URLs we don't write, classified together by where they live, with one rule."""

    label: str
    route_prefix: str
    # The URL names it may hold: any other name under the prefix stays unclassified.
    name_prefixes: tuple
    rule: str  # the stated expectation, checked by the samples below
    unnamed: bool = False  # whether it may hold patterns without a name

    def covers(self, route, name):
        if not route.startswith(self.route_prefix):
            return False
        if name is None:
            return self.unnamed
        return name.startswith(self.name_prefixes)


GROUPS = (
    Group(
        "allauth",
        "accounts/",
        ("account_", "mfa_"),
        "Sign-in, sign-up, password, email and second-factor pages, as allauth serves "
        "them: the sign-in and sign-up forms are open to visitors, account pages send a "
        "visitor to sign in.",
    ),
    Group(
        "admin",
        "admin/",
        ("admin:",),
        "The Django admin is for is_staff accounts only, and none of the demo roles is "
        "one: a visitor is sent through allauth's sign-in, a signed-in non-staff user "
        "is refused at the admin's sign-in door.",
        unnamed=True,  # the admin's redirects and catch-all
    ),
    Group(
        "i18n",
        "i18n/",
        ("set_language",),
        "Django's set_language: anyone may switch the language; a POST redirects back.",
    ),
)


# --- Enumerating the URLconf ----------------------------------------------------------------------


def all_urls(resolver=None, prefix="", namespace=()):
    """Every (full route, namespaced name or None) the project serves."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace + ((pattern.namespace,) if pattern.namespace else ())
            yield from all_urls(pattern, route, inner)
        else:
            assert isinstance(pattern, URLPattern)
            name = ":".join((*namespace, pattern.name)) if pattern.name else None
            yield route, name


CASE_NAMES = {case.name for case in CASES}


def classification(route, name):
    if name in CASE_NAMES:
        return "case"
    for group in GROUPS:
        if group.covers(route, name):
            return group.label
    return None


def test_every_url_is_classified():
    """Every URL is decided by a case of the table or a group; a new page can't slip by."""
    unclassified = [
        f"/{route} (name={name})"
        for route, name in all_urls()
        if classification(route, name) is None
    ]
    assert not unclassified, (
        "These URLs are in no case and no group of the permission matrix; decide who "
        "may open them in tests/test_permission_matrix.py:\n  "
        + "\n  ".join(unclassified)
    )


def test_every_case_names_a_real_url():
    """A case for a URL that no longer exists is a stale line of the table."""
    names = {name for _, name in all_urls()}
    missing = CASE_NAMES - names
    assert not missing, sorted(missing)


def test_own_urls_are_cases_not_groups():
    """Groups are for third-party URLs: none of our own namespaces may hide in one."""
    own = {"members", "secretariat", "support", "network", "business"}
    for route, name in all_urls():
        if name and name.split(":")[0] in own:
            assert classification(route, name) == "case", name


def test_an_undecided_url_is_unclassified():
    """The guard itself: a page of ours outside the table, or a stranger hiding under a
    third-party prefix, is caught."""
    assert classification("members/new-page/", "members:new_page") is None
    assert classification("accounts/export/", "members:export") is None
    assert classification("accounts/unnamed/", None) is None
    assert classification("admin/", "admin:index") == "admin"
    assert classification("members/", "members:index") == "case"


def test_every_case_decides_every_role():
    """Each case answers for all fifteen roles and the visitor, for GET and for POST."""
    for case in CASES:
        for method in ("get", "post"):
            assert set(getattr(case, method)) == set(WHO), (case.id, method)


def test_second_factor_is_not_required():
    """The matrix checks permissions, not the second-factor gate that runs before them."""
    assert settings.WCO_REQUIRE_SECOND_FACTOR is False


# --- The matrix -----------------------------------------------------------------------------------


def login_url(path):
    return reverse("account_login") + "?" + urlencode({"next": path}, safe="/")


def gives(response, expected, path):
    """Whether ``response`` is the answer ``expected`` for a request to ``path``."""
    status = response.status_code
    location = response.get("Location", "")
    if expected == PAGE:
        return status == 200
    if expected == FORM_ERRORS:
        form = (response.context or {}).get("form") if status == 200 else None
        return form is not None and form.is_bound and bool(form.errors)
    if expected == DONE:
        return status == 302 and not location.startswith(reverse("account_login"))
    if expected == LOGIN:
        return status == 302 and location == login_url(path)
    return status == {FORBIDDEN: 403, NOT_FOUND: 404, NOT_ALLOWED: 405}[expected]


def describe(response):
    location = response.get("Location")
    return str(response.status_code) + (f" -> {location}" if location else "")


def ask(client, demo, case, method, who):
    """One request by ``client`` (signed in as ``who``) on objects made for it.

    Returns what went wrong, or None.
    """
    kwargs = case.kwargs(demo, who) if case.kwargs else {}
    path = reverse(case.name, kwargs=kwargs)
    audit_before = AuditEntry.objects.count()
    files_before = StoredFile.objects.count()
    # An empty POST: a form view answers with its errors instead of changing anything.
    response = getattr(client, method)(path, data={})
    expected = getattr(case, method)[who]
    if not gives(response, expected, path):
        return (
            f"{method.upper()} as {who}: expected {expected}, got {describe(response)}"
        )
    if expected == DONE:
        if (
            case.name == "members:file_delete"
            and StoredFile.objects.filter(pk=kwargs["file_id"]).exists()
        ):
            return (
                f"{method.upper()} as {who}: {describe(response)} but the file stayed"
            )
    elif (AuditEntry.objects.count(), StoredFile.objects.count()) != (
        audit_before,
        files_before,
    ):
        # A refused, invalid or read-only request leaves no trace in the records.
        return f"{method.upper()} as {who}: answered {expected} but changed records"
    return None


def sign_in_as(client, demo, who):
    client.cookies.clear()
    if who != ANONYMOUS:
        client.force_login(demo[who])


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_permission(client, demo, case):
    """Each role, and a visitor, gets the answer the table gives, for GET and POST.

    One test per case keeps the demo seeding to once per URL; every request still
    gets its own objects from the case's maker (a fresh file to delete, for example).
    """
    wrong = []
    for who in WHO:
        sign_in_as(client, demo, who)
        for method in ("get", "post"):
            problem = ask(client, demo, case, method, who)
            if problem:
                wrong.append(problem)
    assert not wrong, f"{case.id}:\n  " + "\n  ".join(wrong)


# --- Samples of the third-party groups -------------------------------------------------------------


def _next_of(location):
    return parse_qs(urlsplit(location).query).get("next")


@pytest.mark.parametrize(
    "name", ["admin:index", "admin:members_person_changelist", "admin:app_list"]
)
def test_admin_is_closed_to_every_demo_role(client, demo, name):
    """admin group: a visitor goes to allauth's sign-in; no demo role gets in."""
    kwargs = {"app_label": "members"} if name == "admin:app_list" else {}
    path = reverse(name, kwargs=kwargs)
    for who in WHO:
        sign_in_as(client, demo, who)
        response = client.get(path)
        assert response.status_code == 302, who
        assert response["Location"] == reverse("admin:login") + "?" + urlencode(
            {"next": path}, safe="/"
        )
        # The admin's own sign-in is wrapped by allauth: a visitor is sent on to the
        # portal's sign-in, a signed-in user who is not staff is refused there.
        response = client.get(response["Location"])
        if who == ANONYMOUS:
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login") + "?")
            assert _next_of(response["Location"]) == [path]
        else:
            assert response.status_code == 403, who


def test_admin_opens_for_staff(client, demo):
    """admin group: the door is real; an is_staff superuser gets in."""
    user = demo["staff"]
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("name", ["account_login", "account_signup"])
def test_allauth_forms_are_open_to_visitors(client, name):
    """allauth group: a visitor can sign in or sign up."""
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize(
    "name", ["account_email", "account_change_password", "mfa_index"]
)
def test_allauth_account_pages_need_sign_in(client, demo, name):
    """allauth group: account pages send a visitor to sign in and open for anyone else."""
    path = reverse(name)
    for who in WHO:
        sign_in_as(client, demo, who)
        response = client.get(path)
        if who == ANONYMOUS:
            assert response.status_code == 302
            assert response["Location"] == login_url(path)
        else:
            assert response.status_code == 200, who


def test_set_language_redirects_back(client, demo):
    """i18n group: anyone may switch the language; the POST redirects to ``next``."""
    for who in WHO:
        sign_in_as(client, demo, who)
        response = client.post(
            reverse("set_language"), data={"language": "en", "next": "/support/"}
        )
        assert response.status_code == 302, who
        assert response["Location"] == "/support/"
