"""Projects' pages: the list (filtered, at a constant number of queries), creating
one (from an issue too), the page with its team, milestones, outputs and items, the
printed report, the lead's panel on their page, and the export."""

import datetime
import subprocess
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from support.models import Milestone, Project, SharedIssue
from support.services import projects as services
from tests.permission_vocabulary import PDF_BYTES
from wco_sse.core.models import ExportLog

from .helpers import milestone, person, project, shared_issue

pytestmark = pytest.mark.django_db


def pdf_text(content, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_list_filters_by_state_and_flags_overdue_milestones(client, demo):
    proposed = project(demo, title="提案中の件")
    active = project(demo, title="実施中の件", state=Project.State.ACTIVE)
    milestone(active, days=-2)
    client.force_login(demo["board"])
    page = client.get(reverse("support:project_list")).content.decode()
    assert proposed.title in page and active.title in page
    assert "期限切れ 1 件" in page
    page = client.get(reverse("support:project_list"), {"state": "active"})
    assert proposed.title not in page.content.decode()
    assert active.title in page.content.decode()


def test_the_list_runs_a_constant_number_of_queries(
    client, demo, django_assert_max_num_queries
):
    client.force_login(demo["support"])
    project(demo)
    client.get(reverse("support:project_list"))  # warm the role snapshot
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("support:project_list"))
    for number in range(8):
        milestone(project(demo, title=f"件{number}"), days=-1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("support:project_list"))
    assert response.status_code == 200


def test_the_list_pages_fifty_at_a_time_keeping_the_filter(client, demo):
    from support.models import Project as P

    lead = project(demo, title="先頭")
    P.objects.bulk_create(
        [
            P(title=f"実施中{n:02d}", question="?", lead=lead.lead, state="active")
            for n in range(51)
        ]
    )
    client.force_login(demo["support"])
    page = client.get(reverse("support:project_list"), {"state": "active"})
    html = page.content.decode()
    assert html.count("実施中") >= 50 and "先頭" not in html
    assert "state=active&amp;page=2" in html
    second = client.get(reverse("support:project_list"), {"state": "active", "page": 2})
    assert second.status_code == 200
    assert len(second.context["projects"]) == 1


def test_creating_from_an_issue_prefills_and_links_it(client, demo):
    issue = shared_issue(demo)
    client.force_login(demo["support"])
    url = reverse("support:project_create") + f"?issue={issue.pk}"
    page = client.get(url)
    assert page.context["form"].initial["title"] == issue.title
    answer = client.post(
        url,
        {
            "title": issue.title,
            "question": issue.text,
            "origin": "issue",
            "origin_issue": issue.pk,
            "lead": person(demo, "member").pk,
        },
    )
    made = Project.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == made.get_absolute_url()
    issue.refresh_from_db()
    assert issue.state == SharedIssue.State.PROJECT and issue.project == made


def test_an_end_before_the_start_is_shown_at_the_field(client, demo):
    client.force_login(demo["support"])
    answer = client.post(
        reverse("support:project_create"),
        {
            "title": "件",
            "question": "問い",
            "origin": "other",
            "lead": person(demo, "member").pk,
            "start": "2027-04-01",
            "planned_end": "2027-03-01",
        },
    )
    assert answer.status_code == 200
    assert answer.context["form"].errors["planned_end"]
    assert not Project.objects.exists()


def test_the_page_shows_milestones_team_and_outputs(client, demo):
    made = project(demo, lead="member")
    milestone(made, days=-1, title="遅れている作業")
    services.project_team_create(actor=demo["support"], project=made)
    services.project_file_attach(
        actor=demo["member"],
        project=made,
        uploaded=SimpleUploadedFile("manual.pdf", PDF_BYTES, "application/pdf"),
    )
    made.refresh_from_db()
    client.force_login(demo["member"])
    page = client.get(made.get_absolute_url()).content.decode()
    assert "遅れている作業" in page and "期限切れ" in page
    assert reverse("secretariat:body_detail", args=[made.team_id]) in page
    assert "manual.pdf" in page
    assert reverse("support:milestone_create", args=[made.pk]) in page


def test_the_lead_marks_a_milestone_done_from_the_page(client, demo):
    made = project(demo, lead="member")
    due = milestone(made, days=-1)
    client.force_login(demo["member"])
    client.post(
        reverse("support:milestone_mark", args=[made.pk, due.pk]), {"done": "1"}
    )
    assert Milestone.objects.get(pk=due.pk).done_on == timezone.localdate()


def test_drafting_the_start_item_opens_the_item(client, demo):
    made = project(demo)
    client.force_login(demo["support"])
    answer = client.post(
        reverse("support:project_draft_item", args=[made.pk]), {"kind": "start"}
    )
    made.refresh_from_db()
    assert answer["Location"] == reverse(
        "secretariat:item_detail", args=[made.start_item_id]
    )
    page = client.get(answer["Location"]).content.decode()
    assert reverse("support:project_detail", args=[made.pk]) in page


def test_the_report_prints_within_a_second(client, demo, tmp_path):
    made = project(demo, lead="member")
    Project.objects.filter(pk=made.pk).update(report="手順書をまとめました。")
    made.refresh_from_db()
    milestone(made, days=-5, done=True, title="聞き取り調査")
    services.project_team_create(actor=demo["support"], project=made)
    services.project_draft_item(actor=demo["support"], project=made, kind="start")
    client.force_login(demo["board"])
    url = reverse("support:project_report_pdf", args=[made.pk])
    client.get(url)  # the first print of a process loads the fonts
    started = time.perf_counter()
    answer = client.get(url)
    elapsed = time.perf_counter() - started
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    text = pdf_text(answer.content, tmp_path)
    assert made.title in text
    assert "聞き取り調査" in text
    assert "手順書をまとめました。" in text
    assert person(demo, "member").full_name.replace(" ", "") in text.replace(" ", "")
    assert elapsed < 3  # about 1 s at demo size; slack for a loaded test machine


def test_the_leads_panel_shows_overdue_and_upcoming_milestones(
    client, demo, django_assert_max_num_queries
):
    made = project(demo, lead="member")
    milestone(made, days=-3, title="遅れた節目")
    milestone(made, days=5, title="近い節目")
    milestone(made, days=90, title="遠い節目")
    client.force_login(demo["member"])
    page = client.get(reverse("members:mypage")).content.decode()
    assert "遅れた節目" in page and "近い節目" in page
    assert "遠い節目" not in page


def test_the_panel_loads_in_one_query_however_many_milestones(
    demo, django_assert_num_queries
):
    from support.selectors.projects import lead_milestones

    made = project(demo, lead="member")
    for days in range(-5, 6):
        milestone(made, days=days)
    with django_assert_num_queries(1):
        overdue, upcoming = lead_milestones(person=person(demo, "member"))
    assert len(overdue) == 5 and len(upcoming) == 6
    assert all(m.project.title for m in overdue)


def test_the_export_is_logged_as_personal_data(client, demo):
    project(demo, lead="member")
    client.force_login(demo["council"])
    answer = client.get(reverse("support:project_export"), {"format": "csv"})
    assert answer.status_code == 200
    text = answer.content.decode("utf-8-sig")
    assert person(demo, "member").full_name in text
    assert ExportLog.objects.filter(row_count=1).exists()


def test_a_closed_project_offers_no_next_state(client, demo):
    made = project(demo, state=Project.State.CLOSED)
    client.force_login(demo["support"])
    page = client.get(made.get_absolute_url())
    assert page.context["next_states"] == []
    assert made.planned_end > made.start - datetime.timedelta(days=1)
