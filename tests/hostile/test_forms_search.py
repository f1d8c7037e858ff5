"""Hostile input in the search and filter forms of the list pages, and in the other
query parameters pages read (a year, a page number, a chosen meeting, an export's
format): the page opens, ignoring or refusing what it can't use; never a 500."""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.hostile.forms_helpers import STRATEGIES, TEXT, shown_forms
from tests.secretariat import helpers as h
from tests.support.factories import CourseFactory

PAGE = {"page": "number"}


@dataclass(frozen=True)
class QueryCase:
    url: str
    who: str
    params: dict = field(default_factory=dict)
    # The filter form the page shows: its fields are tried too.
    form: str | None = None
    # The URL's kwargs, or a maker of them: ``kwargs(demo)``.
    kwargs: dict | Callable = field(default_factory=dict)

    def __str__(self):
        return f"{self.url}[{self.who}]"


CASES = (
    QueryCase("members:organization_list", "staff", PAGE, form="filter"),
    QueryCase("members:person_list", "staff", PAGE, form="filter"),
    QueryCase(
        "members:organization_export",
        "staff",
        {"format": "choice", "encoding": "choice", "q": "text", "kind": "choice"},
    ),
    QueryCase(
        "members:person_export",
        "staff",
        {"format": "choice", "encoding": "choice", "q": "text"},
    ),
    QueryCase(
        "members:dues_list",
        "staff",
        {"year": "number", "state": "choice", "class": "choice", **PAGE},
    ),
    QueryCase("members:dues_unpaid", "auditor", {"year": "number", "class": "choice"}),
    QueryCase(
        "members:dues_unpaid_export",
        "staff",
        {"year": "number", "class": "choice", "format": "choice", "encoding": "choice"},
    ),
    QueryCase("members:dues_issue", "staff", {"year": "number"}),
    QueryCase("members:dues_rates", "staff", {"year": "number"}),
    QueryCase(
        "members:postal_code_lookup",
        "member",
        {
            "postal_code": "text",
            "prefecture": "choice",
            "municipality": "choice",
            "address": "text",
            "building": "text",
        },
    ),
    QueryCase(
        "members:import_template", "staff", {"format": "choice", "kind": "choice"}
    ),
    QueryCase("members:role_list", "staff", {"show": "choice", **PAGE}),
    QueryCase("members:role_assign", "secgen", {"person": "choice"}),
    QueryCase("members:person_pick", "staff", {"q": "text"}),
    QueryCase("members:organization_pick", "network", {"q": "text"}),
    QueryCase("network:person_pick", "network", {"q": "text", "scope": "choice"}),
    QueryCase(
        "secretariat:body_people_pick",
        "network",
        {"q": "text"},
        kwargs=lambda demo: {"pk": h.network_body(demo).pk},
    ),
    QueryCase(
        "support:course_list",
        "citizen",
        {"category": "choice", "month": "date", "audience": "choice", **PAGE},
    ),
    QueryCase(
        "support:course_manage_list",
        "school",
        {"status": "choice", "year": "number", "near": "choice", **PAGE},
    ),
    QueryCase("support:school_stats", "school", {"year": "number"}),
    QueryCase(
        "support:consultation_queue",
        "staff",
        {"status": "choice", "desk": "choice", **PAGE},
    ),
    QueryCase("support:consultation_stats", "staff", {"year": "number"}),
    QueryCase("support:assigned_cases", "advisor", {"closed": "choice"}),
    QueryCase("support:consultation_request", "citizen", {"desk": "choice"}),
    QueryCase("support:consultation_intake", "staff", {"q": "text"}),
    QueryCase(
        "support:course_apply_proxy",
        "staff",
        {"q": "text"},
        kwargs=lambda demo: {"pk": CourseFactory().pk},
    ),
    QueryCase(
        "secretariat:item_list",
        "council",
        {"section": "choice", "status": "choice", "meeting": "choice", **PAGE},
    ),
    QueryCase("secretariat:item_create", "support", {"meeting": "choice"}),
    QueryCase("secretariat:meeting_list", "staff", {"show": "choice", **PAGE}),
    QueryCase("secretariat:meeting_create", "staff", {"body": "choice"}),
    QueryCase("secretariat:notice_list", "member", PAGE),
)


def _with_form_fields(client, url, case):
    params = dict(case.params)
    if case.form:
        response = client.get(url)
        assert response.status_code == 200
        (form,) = shown_forms(response, (case.form,))
        form = getattr(form, "form", form)  # a django-filter FilterSet
        for bound in form:
            params.setdefault(bound.html_name, "text")
    return params


def queries(params):
    names = sorted(params)

    def value(name):
        kind = STRATEGIES[params[name]]
        return st.one_of(kind, TEXT, st.lists(kind, min_size=2, max_size=3))

    return st.sets(st.sampled_from(names), min_size=1, max_size=4).flatmap(
        lambda chosen: st.fixed_dictionaries({n: value(n) for n in sorted(chosen)})
    )


@pytest.mark.parametrize("case", CASES, ids=str)
def test_query_parameters_never_break_a_page(client, demo, case):
    """Hostile values in the query string give the page (200), a redirect, or a
    clear 400/404; never a server error."""
    client.force_login(demo[case.who])
    kwargs = case.kwargs(demo) if callable(case.kwargs) else case.kwargs
    url = reverse(case.url, kwargs=kwargs)
    params = _with_form_fields(client, url, case)

    # Values that look like numbers to some checks and not to others, every time.
    for nasty in ("²", "-1", "9" * 30, "9" * 5000, "\x00"):
        response = client.get(url, dict.fromkeys(params, nasty))
        assert response.status_code in (200, 302, 400, 404), (
            f"{case} all {nasty!r}: {response.status_code}"
        )

    @given(queries(params))
    def hostile(query):
        response = client.get(url, query)
        assert response.status_code in (200, 302, 400, 404), (
            f"{case} {query!r}: {response.status_code}"
        )

    hostile()
