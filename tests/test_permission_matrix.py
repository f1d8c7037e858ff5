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

import importlib
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.permission_vocabulary import (
    ANONYMOUS,
    DONE,
    FORBIDDEN,
    FORM_ERRORS,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    PAGE,
    WHO,
)
from wco_sse.core.models import AuditEntry, StoredFile

APPS = ("members", "secretariat", "support", "network", "business")


def _gather_cases():
    """The project-wide rows, then each app's ``tests/<app>/permission_cases.py``."""
    cases = list(importlib.import_module("tests.permission_cases_platform").CASES)
    for app in APPS:
        try:
            module = importlib.import_module(f"tests.{app}.permission_cases")
        except ModuleNotFoundError as error:
            if error.name in (f"tests.{app}", f"tests.{app}.permission_cases"):
                continue
            raise
        cases.extend(module.CASES)
    return tuple(cases)


CASES = _gather_cases()


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
