# ruff: noqa: F403, F405
"""The permission matrix rows of the business section's reports part (issue 17).

The business section and the secretariat run indicator sets and period reports; the
board (監事 included) and the 常勤役員 read them. Everyone else finds no record page
(404), and the lists are closed to them (403).
"""

import uuid

from tests.permission_vocabulary import *

RUNNERS = SECRETARIAT | frozenset({"business"})
READERS = RUNNERS | BOARD


def _set(demo):
    from tests.business.reports.helpers import indicator_set

    return indicator_set(demo, name=f"テスト指標 {uuid.uuid4().hex[:8]}")


def a_set(demo, who):
    return {"pk": _set(demo).pk}


def a_draft_version(demo, who):
    return {"pk": _set(demo).versions.get().pk}


def a_draft_indicator(demo, who):
    from business.services import reports as services

    made = services.indicator_add(
        actor=demo["business"],
        version=_set(demo).versions.get(),
        data={"name": "利用者数", "kind": "count"},
    )
    return {"pk": made.pk}


def a_programme(demo, who):
    from tests.business.reports.helpers import programme

    return {"pk": programme(demo).pk}


def a_report(demo, who):
    from tests.business.reports.helpers import report

    return {"pk": report(demo).pk}


def a_submitted_report(demo, who):
    from tests.business.reports.helpers import submitted

    return {"pk": submitted(demo).pk}


def a_report_and_template(demo, who):
    from tests.business.reports.helpers import report, template

    made = report(demo)
    return {"pk": made.pk, "template_pk": template(demo, made.programme).pk}


CASES = (
    Case(
        "business:indicator_set_list",
        get=allow(READERS),
        post=allow(READERS, NOT_ALLOWED),
    ),
    Case(
        "business:indicator_set_create",
        get=allow(RUNNERS),
        post=allow(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:indicator_set_detail",
        kwargs=a_set,
        get=reach(READERS),
        post=reach(READERS, NOT_ALLOWED),
    ),
    Case(
        "business:indicator_set_confirm",
        kwargs=a_set,
        get=reach(RUNNERS, NOT_ALLOWED),
        post=reach(RUNNERS, DONE),
    ),
    # A draft version is changed rather than copied: the refusal is at the field.
    Case(
        "business:indicator_version_create",
        kwargs=a_set,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:indicator_create",
        kwargs=a_draft_version,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:indicator_edit",
        kwargs=a_draft_indicator,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:indicator_delete",
        kwargs=a_draft_indicator,
        get=reach(RUNNERS, NOT_ALLOWED),
        post=reach(RUNNERS, DONE),
    ),
    Case(
        "business:programme_indicators",
        kwargs=a_programme,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:report_template_upload",
        kwargs=a_programme,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:report_list",
        get=allow(READERS),
        post=allow(READERS, NOT_ALLOWED),
    ),
    # Without ?programme= the page offers the programmes to choose from.
    Case(
        "business:report_create",
        get=allow(RUNNERS),
        post=allow(RUNNERS),
    ),
    Case(
        "business:report_detail",
        kwargs=a_report,
        get=reach(READERS),
        post=reach(READERS, NOT_ALLOWED),
    ),
    # Every count may be left empty while a draft is written: an empty form saves.
    Case(
        "business:report_edit",
        kwargs=a_report,
        get=reach(RUNNERS),
        post=reach(RUNNERS, DONE),
    ),
    Case(
        "business:report_submit",
        kwargs=a_report,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:report_accept",
        kwargs=a_submitted_report,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:report_correct",
        kwargs=a_submitted_report,
        get=reach(RUNNERS),
        post=reach(RUNNERS, FORM_ERRORS),
    ),
    Case(
        "business:report_export",
        kwargs=a_report,
        get=reach(READERS),
        post=reach(READERS, NOT_ALLOWED),
    ),
    Case(
        "business:report_pdf",
        kwargs=a_report,
        get=reach(READERS),
        post=reach(READERS, NOT_ALLOWED),
    ),
    Case(
        "business:report_template_fill",
        kwargs=a_report_and_template,
        get=reach(READERS),
        post=reach(READERS, NOT_ALLOWED),
    ),
)
