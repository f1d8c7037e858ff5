"""ID guessing on the business section's indicator sets and period reports (issue 17).
``tests/hostile/test_object_access.py`` takes these lists into its own (OWNED,
NOT_OWNED, OWNER_SIDE) and runs its stranger test on them; the crossed ids are
checked here."""

import uuid

import pytest
from django.urls import reverse

# Those with no business with the section's reports: other sections, the operations
# council (it reads programmes, not reports), a W.Co's people, a fresh account.
STRANGERS = ("support", "network", "council", "school", "rep", "member", "stranger")


def _pk(made, record_id):
    return {"pk": record_id}


def _report(made, record_id):
    return {"pk": record_id, "template_pk": made["template"]}


def _template(made, record_id):
    return {"pk": made["report"], "template_pk": record_id}


def a_set(demo):
    from tests.business.reports.helpers import indicator_set

    return {"id": indicator_set(demo, name=f"指標 {uuid.uuid4().hex[:8]}").pk}


def a_draft_version(demo):
    from tests.business.reports.helpers import indicator_set

    made = indicator_set(demo, name=f"指標 {uuid.uuid4().hex[:8]}")
    return {"id": made.versions.get().pk}


def a_draft_indicator(demo):
    from business.services import reports as services
    from tests.business.reports.helpers import indicator_set

    made = indicator_set(demo, name=f"指標 {uuid.uuid4().hex[:8]}")
    indicator = services.indicator_add(
        actor=demo["business"],
        version=made.versions.get(),
        data={"name": "利用者数", "kind": "count"},
    )
    return {"id": indicator.pk}


def a_programme(demo):
    from tests.business.reports.helpers import programme

    return {"id": programme(demo).pk}


def a_report_with_a_template(demo):
    from tests.business.reports.helpers import report, template

    made = report(demo)
    kept = template(demo, made.programme)
    return {"id": made.pk, "report": made.pk, "template": kept.pk}


def a_template(demo):
    made = a_report_with_a_template(demo)
    return {**made, "id": made["template"]}


def owned():
    from tests.hostile.test_object_access import Owned

    return (
        Owned(
            "indicator set",
            a_set,
            {
                "business:indicator_set_detail": _pk,
                "business:indicator_set_confirm": _pk,
                "business:indicator_version_create": _pk,
            },
            STRANGERS,
        ),
        Owned(
            "indicator set version",
            a_draft_version,
            {"business:indicator_create": _pk},
            STRANGERS,
        ),
        Owned(
            "indicator",
            a_draft_indicator,
            {
                "business:indicator_edit": _pk,
                "business:indicator_delete": _pk,
            },
            STRANGERS,
        ),
        Owned(
            "programme (its reports)",
            a_programme,
            {
                "business:programme_indicators": _pk,
                "business:report_template_upload": _pk,
            },
            STRANGERS,
        ),
        Owned(
            "period report",
            a_report_with_a_template,
            {
                "business:report_detail": _pk,
                "business:report_edit": _pk,
                "business:report_submit": _pk,
                "business:report_accept": _pk,
                "business:report_correct": _pk,
                "business:report_export": _pk,
                "business:report_pdf": _pk,
                "business:report_template_fill": _report,
            },
            STRANGERS,
        ),
        Owned(
            "report template",
            a_template,
            {"business:report_template_fill": _template},
            STRANGERS,
        ),
    )


OWNER_SIDE = {
    "indicator set": "business",
    "indicator set version": "business",
    "indicator": "business",
    "programme (its reports)": "business",
    "period report": "business",
    "report template": "business",
}

NOT_OWNED = {}


@pytest.mark.django_db
def test_a_template_is_not_filled_through_another_programmes_report(client, demo):
    """A report of one programme and the template of another: 404, nothing logged."""
    from tests.business.reports.helpers import programme, report, template
    from wco_sse.core.models import ExportLog

    mine = report(demo)
    theirs = template(demo, programme(demo, title="別の事業"))
    client.force_login(demo["business"])
    logged = ExportLog.objects.count()
    url = reverse("business:report_template_fill", args=[mine.pk, theirs.pk])
    assert client.get(url).status_code == 404
    assert client.get(url, {"download": "1"}).status_code == 404
    assert ExportLog.objects.count() == logged


@pytest.mark.django_db
def test_a_version_in_use_is_not_changed_through_its_indicators(client, demo):
    """A seeded version a report uses: its indicator's edit page refuses the change
    with the reason, and the indicator stays as it was."""
    from tests.business.reports.helpers import indicator, report

    made = report(demo)
    target = indicator(made.version, "就労者数")
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:indicator_edit", args=[target.pk]),
        {"name": "就労者数（改）", "kind": "count", "position": 10},
    )
    assert answer.status_code == 200
    assert answer.context["form"].errors
    target.refresh_from_db()
    assert target.name == "就労者数"
