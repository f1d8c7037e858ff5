"""Hostile input for the portal's forms: what to type, and how to judge the answer.

A ``FormCase`` names one form (its URL, the demo role who fills it, what a valid
submission adds to the form as its page shows it, the tables it writes to).
``run_case`` checks that the valid submission is accepted, then tries the ends of each
date, time and number field (``EDGES``) and lets Hypothesis replace some of the valid
values with hostile ones (``changes_for``); ``check_answer`` posts each inside a
transaction that is rolled back afterwards, so every example starts from the same
database. The answer must be one a user can live with:

- accepted: a redirect (302) to a page that opens (200), or, for the few forms that
  answer in place, a page the case recognises as a success;
- refused: the form again (200) with an error the page shows, 400, 403 or 404; and
  then nothing was written: the row counts of the case's tables, the audit log and the
  case's own snapshot (the record being edited) are what they were.

A 500 surfaces as the view's exception (the test client re-raises it).
"""

import datetime
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import unescape

from django import forms
from django.contrib.messages import WARNING, get_messages
from django.core.cache import cache
from django.db import transaction
from django.forms import BaseForm, BaseFormSet
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from wco_sse.core.models import AuditEntry

# --- What a hostile user types --------------------------------------------------------------

MISSING = object()  # the field is left out of the POST altogether

# Surrogates can't be sent as UTF-8; every other code point can.
_characters = st.characters(exclude_categories=("Cs",))

TRICKY_TEXT = (
    "",
    " ",
    "\u3000",  # ideographic space: "blank" to a Japanese user
    "\x00",
    "a\x00b",
    "\u200b",
    "\ufeff",
    "\r\n",
    "\t",
    "𠮷野家",  # outside the BMP
    "ｶﾀｶﾅ",
    "ﾞ",
    "髙橋﨑",
    "<script>alert(1)</script>",
    "{{ 7|add:7 }}",
    "%(name)s %s {0}",
    "'; DROP TABLE members_person; --",
    "=1+1",
    "../../etc/passwd",
    "Ⅻ",
    "²",
    "٣",
    "１２３",
    "-0",
    "None",
    "NaN",
    "🙂" * 3,
    "\u202eevil",
)
# Lengths around the fields' limits (60, 80, 120, 150, 200, 255, 300) and far beyond.
_LENGTHS = (61, 81, 121, 151, 201, 256, 301, 1001, 20_000)
_long_text = st.builds(
    lambda unit, length: (unit * length)[:length],
    st.sampled_from(["x", "あ", "𠮷", "\x00", "<b>", "9", "ア"]),
    st.sampled_from(_LENGTHS),
)
TEXT = st.one_of(
    st.text(_characters, max_size=30),
    st.sampled_from(TRICKY_TEXT),
    _long_text,
)

NUMBER = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.integers(min_value=2**31 - 2, max_value=2**64 + 1).map(str),
    st.integers(min_value=-(2**63) - 1, max_value=-1).map(str),
    st.sampled_from(
        [
            "0",
            "-1",
            "1e309",
            "1e3",
            "NaN",
            "inf",
            "-inf",
            "１２",
            "²",
            "٣",
            "0x10",
            "1_000",
            " 7 ",
            "7.5",
            "1,000",
            "9" * 5000,
            "+5",
            "32768",
            "65536",
            "2147483648",
            "9223372036854775808",
        ]
    ),
    TEXT,
)


def _iso(day):
    return day.isoformat()


_BAD_DATES = (
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-4-1",
    "2026/04/01",
    "令和8年4月1日",
    "R8.4.1",
    "20260401",
    "-2026-04-01",
    "2026-04-01T09:00",
    "1e9",
)
DATE = st.one_of(
    st.dates().map(_iso),
    st.sampled_from(_BAD_DATES),
    TEXT,
)
_BAD_DATETIMES = (
    "0001-01-01T00:00",
    "0001-01-01T08:59",
    "9999-12-31T23:59",
    "9999-12-31T15:00",
    "2026-02-30T10:00",
    "2026-04-01T24:00",
    "2026-04-01T10:60",
    "2026-04-01",
    "2026-04-01 10:00:00.000001",
    "2026-04-01T10:00+09:00",
    "10000-01-01T00:00",
)
DATETIME = st.one_of(
    st.datetimes().map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M")),
    st.sampled_from(_BAD_DATETIMES),
    DATE,
)
EMAIL = st.one_of(
    st.sampled_from(
        [
            "a@b",
            "a@example.org",
            "@",
            "a@" + "b" * 300 + ".jp",
            "ア@例え.jp",
            "a\x00@example.org",
            "a@example.org\n",
            '"a b"@example.org',
            "a@[127.0.0.1]",
            "x" * 250 + "@example.org",
        ]
    ),
    TEXT,
)
URL = st.one_of(
    st.sampled_from(
        [
            "javascript:alert(1)",
            "http://",
            "http://[::1",
            "https://例え.テスト/",
            "http://" + "a" * 300 + ".jp",
            "//evil.example",
            "ftp://example.org",
            "https://example.org/" + "x" * 300,
            "data:text/html,<script>alert(1)</script>",
            "example.org",
        ]
    ),
    TEXT,
)
CHOICE = st.one_of(NUMBER, TEXT)
BOOL = st.one_of(st.sampled_from(["on", "off", "true", "false", "0", "1"]), TEXT)

STRATEGIES = {
    "text": TEXT,
    "number": NUMBER,
    "date": DATE,
    "datetime": DATETIME,
    "email": EMAIL,
    "url": URL,
    "choice": CHOICE,
    "bool": BOOL,
}
ANYTHING = st.one_of(*STRATEGIES.values())


def value_for(kind):
    """Mostly a hostile value of the field's own kind; now and then anything at all,
    a repeated value (two for one name) or nothing."""
    return st.one_of(
        STRATEGIES[kind],
        STRATEGIES[kind],
        STRATEGIES[kind],
        ANYTHING,
        st.lists(STRATEGIES[kind], min_size=2, max_size=3),
        st.just(MISSING),
    )


def changes_for(fields):
    """Some of ``fields`` (name -> kind) with hostile values: at least one."""
    names = sorted(fields)
    return st.sets(
        st.sampled_from(names), min_size=1, max_size=min(4, len(names))
    ).flatmap(
        lambda chosen: st.fixed_dictionaries(
            {name: value_for(fields[name]) for name in sorted(chosen)}
        )
    )


# --- A form as the page shows it ---------------------------------------------------------------


def kind_of(field):
    """The kind of hostile value a form field gets, from its class."""
    if isinstance(field, forms.FileField):
        return None
    if isinstance(field, forms.BooleanField):
        return "bool"
    if isinstance(field, forms.EmailField):
        return "email"
    if isinstance(field, forms.URLField):
        return "url"
    if isinstance(field, forms.DateTimeField):
        return "datetime"
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return "number"
    if isinstance(field, forms.ChoiceField):  # model choices, typed choices too
        return "choice"
    return "text"


def _posted(bound):
    """What a browser posts for ``bound`` as the page shows it (None: nothing)."""
    widget = bound.field.widget
    value = bound.value()
    if isinstance(widget, forms.CheckboxInput):
        return "on" if value else None
    if getattr(widget, "allow_multiple_selected", False) and not value:
        return None
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def shown_forms(response, names):
    found = []
    for context in _contexts(response):
        flat = context.flatten()
        for name in names:
            value = flat.get(name)
            if value is not None and all(value is not f for f in found):
                found.append(value)
    return found


def shown_data(response, names=("form", "formset")):
    """The data and the field kinds of the forms named ``names`` on the page."""
    data, kinds = {}, {}
    for shown in shown_forms(response, names):
        if isinstance(shown, BaseFormSet):
            parts = [shown.management_form, *shown.forms]
        else:
            parts = [shown]
        for form in parts:
            for bound in form:
                kind = kind_of(bound.field)
                if kind is None:
                    continue
                kinds[bound.html_name] = kind
                posted = _posted(bound)
                if posted is not None:
                    data[bound.html_name] = posted
    return data, kinds


# --- One form, and how its answer is judged ---------------------------------------------------


@dataclass(frozen=True)
class FormCase:
    """One form of the portal, filled in by one demo role.

    ``setup(demo)`` makes what the form is about (once per test) and returns a dict
    with the URL's ``kwargs`` and anything the other callables need. The valid
    submission is the form as its page shows it (``shown=True``), with ``values``
    (a dict, or ``values(demo, made)``) filled in; the fields that get hostile values
    are the shown form's, or ``fields`` (name -> kind) for a form without a page.
    """

    id: str
    url: str
    who: str
    setup: Callable | None = None
    values: Callable | dict = field(default_factory=dict)
    fields: dict | None = None
    shown: bool = True
    forms: tuple = ("form", "formset")
    # Fields a browser never lets the user change; left alone unless listed in fields.
    skip: tuple = ()
    tables: tuple = ()
    # A value that must not change when the input is refused (the edited record).
    snapshot: Callable | None = None
    # For forms that answer a success in place (200) rather than by a redirect.
    accepted: Callable | None = None
    # For pages that show a refusal their own way: whether ``response`` shows one.
    refusal_shown: Callable | None = None
    htmx: bool = False
    method: str = "post"
    # A query string for the GET of the form's page (a search, a chosen item).
    query: dict = field(default_factory=dict)

    def __str__(self):
        return self.id


@dataclass
class Prepared:
    case: FormCase
    made: dict
    url: str
    base: dict
    kinds: dict


def prepare(client, demo, case):
    """Sign in as the case's role, make its objects, read its form from the page."""
    client.cookies.clear()
    client.force_login(demo[case.who])
    made = case.setup(demo) if case.setup else {}
    url = reverse(case.url, kwargs=made.get("kwargs") or {})
    base, kinds = {}, {}
    if case.shown:
        response = client.get(url, case.query)
        assert response.status_code == 200, (
            f"{case}: its page answered {response.status_code}"
        )
        base, kinds = shown_data(response, case.forms)
        for name in case.skip:
            kinds.pop(name, None)
    values = case.values(demo, made) if callable(case.values) else case.values
    base.update(values)
    if case.fields is not None:
        kinds.update(case.fields)
    assert kinds, f"{case}: no field to try"
    return Prepared(case, made, url, base, kinds)


@contextmanager
def rolled_back():
    """Everything written inside is undone: each example starts from the same state.

    A savepoint of the test's transaction rather than an atomic block of our own:
    the services' durable blocks (issue 10) refuse to run inside any atomic block
    but the test's, as they would refuse inside a view's."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)
        # Rolled back to the savepoint, the transaction is sound again.
        transaction.set_rollback(False)
        # So are the counts of the forms' limits (wco_sse.core.throttle).
        cache.clear()


def state_of(prepared):
    case = prepared.case
    counts = {model._meta.label: model.objects.count() for model in case.tables}
    counts["audit"] = AuditEntry.objects.count()
    return counts, (case.snapshot(prepared.made) if case.snapshot else None)


def _contexts(response):
    contexts = response.context
    if contexts is None:
        return []
    if not isinstance(contexts, list):
        contexts = [contexts]
    return contexts


def form_errors(response):
    """The error messages of every bound form and formset the page was given."""
    errors = []
    seen = set()
    for context in _contexts(response):
        for value in context.flatten().values():
            if id(value) in seen:
                continue
            seen.add(id(value))
            if isinstance(value, BaseForm) and value.is_bound:
                for messages in value.errors.values():
                    errors.extend(str(m) for m in messages)
            elif isinstance(value, BaseFormSet) and value.is_bound:
                errors.extend(str(m) for m in value.non_form_errors())
                for form in value.forms:
                    for messages in form.errors.values():
                        errors.extend(str(m) for m in messages)
    return errors


def warnings_shown(response):
    return [
        str(message)
        for message in get_messages(response.wsgi_request)
        if message.level >= WARNING
    ]


def _page_text(response):
    return unescape(response.content.decode("utf-8", errors="replace"))


def shown_errors(response):
    """The form errors and warning messages that the page actually shows."""
    text = _page_text(response)
    said = form_errors(response) + warnings_shown(response)
    return [message for message in said if message and message in text]


ACCEPTED, REFUSED = "accepted", "refused"


def judge(case, response):
    status = response.status_code
    if status == 302:
        location = response["Location"]
        assert not location.startswith(reverse("account_login")), (
            f"{case}: sent to sign in ({location})"
        )
        return ACCEPTED
    if status in (400, 403, 404):
        return REFUSED
    assert status == 200, f"{case}: answered {status}"
    if case.accepted and case.accepted(response):
        return ACCEPTED
    if case.refusal_shown:
        assert case.refusal_shown(response), f"{case}: refused without saying why"
        return REFUSED
    assert shown_errors(response), (
        f"{case}: answered 200 without showing what is wrong "
        f"(form errors: {form_errors(response)}, warnings: {warnings_shown(response)})"
    )
    return REFUSED


def follow(client, response, case, hops=3):
    """The page a redirect leads to opens (a redirect chain of a few hops at most)."""
    for _hop in range(hops):
        if response.status_code != 302:
            break
        location = response["Location"]
        if not location.startswith("/"):
            return
        response = client.get(location)
    assert response.status_code == 200, (
        f"{case}: the page after saving answered {response.status_code}"
    )


def submit(client, prepared, data):
    headers = {"HTTP_HX_REQUEST": "true"} if prepared.case.htmx else {}
    if prepared.case.method == "get":
        return client.get(prepared.url, data, **headers)
    return client.post(prepared.url, data, **headers)


def with_changes(base, changes):
    data = dict(base)
    for name, value in changes.items():
        if value is MISSING:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def check_answer(client, prepared, changes):
    """Submit the valid data with ``changes``; judge the answer (see the module)."""
    case = prepared.case
    data = with_changes(prepared.base, changes)
    with rolled_back():
        before = state_of(prepared)
        response = submit(client, prepared, data)
        verdict = judge(case, response)
        if verdict == REFUSED:
            assert state_of(prepared) == before, (
                f"{case}: refused ({response.status_code}) but changed records"
            )
        else:
            follow(client, response, case)
    return verdict


def check_valid(client, prepared):
    """The valid submission is accepted: the hostile runs start from a submission that
    works, so a refusal is the hostile value's doing."""
    case = prepared.case
    with rolled_back():
        response = submit(client, prepared, prepared.base)
        refused = response.status_code != 302 and not (
            case.accepted and case.accepted(response)
        )
        assert not refused, (
            f"{case}: the valid submission was refused ({response.status_code}): "
            f"{form_errors(response)} {warnings_shown(response)}"
        )
        follow(client, response, case)


# The ends of what a date, a time or a number field may be given, tried on every such
# field of every form (the random examples may not reach them).
EDGES = {
    "datetime": ("0001-01-01T00:00", "9999-12-31T23:59"),
    "date": ("0001-01-01", "9999-12-31"),
    "number": ("9" * 20, "-1"),
}


def run_case(client, demo, case):
    """The valid submission is accepted; the edges of each date, time and number
    field, and hostile changes anywhere, are answered cleanly."""
    prepared = prepare(client, demo, case)
    check_valid(client, prepared)
    for name, kind in sorted(prepared.kinds.items()):
        for value in EDGES.get(kind, ()):
            check_answer(client, prepared, {name: value})

    @given(changes=changes_for(prepared.kinds))
    def hostile(changes):
        check_answer(client, prepared, changes)

    hostile()


# --- Small things the cases share ------------------------------------------------------------


def local(moment):
    """A datetime as a datetime-local input writes it."""
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def day(offset=0):
    from django.utils import timezone

    return (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()


def row_of(model, pk):
    """A record's stored values, to compare before and after."""
    return model.objects.filter(pk=pk).values().first()
