"""Time every document the portal prints, in-process, through its own page.

    .venv/bin/python bench/pdfs.py [--runs 5] [--json OUT] [--label demo] [NAME ...]

Each document is requested as the person who prints it (Django's test client, the
whole view: queries, template, printing) once to warm up and then ``--runs`` times;
the best and the median wall time are reported with the page count and size. For
each kind the largest instance in the database is printed (the meeting with the most
items, the session with the most applicants, …), so on the bench's scale-40 data the
registry lists are those of 1,000 organizations. ``make bench`` runs it on a
demo-size database and on the scale-40 one; the targets are 1 s at demo size and
3 s for the largest.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wco_sse.settings")

import django  # noqa: E402

django.setup()

from django.db import models  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from prepare import signed_in  # noqa: E402

DEMO_TARGET_S, LARGEST_TARGET_S = 1.0, 3.0


def _documents():
    """(name, signed-in email, URL) of one instance of each document: the largest."""
    from members.models import Dues, DuesPayment
    from secretariat.models import Body, Meeting, Minutes
    from support.models import Application, CourseSession

    documents = [
        ("member_roster", "staff@example.org", reverse("members:print_member_roster")),
        (
            "voting_members",
            "staff@example.org",
            reverse("members:print_voting_members"),
        ),
        ("officers", "staff@example.org", reverse("members:print_officers")),
        ("labels_12", "staff@example.org", reverse("members:print_labels")),
        (
            "labels_24",
            "staff@example.org",
            reverse("members:print_labels") + "?layout=24",
        ),
    ]
    dues = Dues.objects.order_by("-pk").first()
    if dues:
        documents.append(
            (
                "dues_invoice",
                "staff@example.org",
                reverse("members:dues_invoice", args=[dues.pk]),
            )
        )
    payment = DuesPayment.objects.order_by("-pk").first()
    if payment:
        documents.append(
            (
                "dues_receipt",
                "staff@example.org",
                reverse("members:dues_receipt", args=[payment.pk]),
            )
        )
    board_meetings = Meeting.objects.filter(body__kind=Body.Kind.BOARD).annotate(
        n=Count("items")
    )
    meeting = board_meetings.order_by("-n", "-starts_at").first()
    if meeting:
        documents.append(
            (
                "board_packet",
                "staff@example.org",
                reverse("secretariat:meeting_packet", args=[meeting.pk]),
            )
        )
    held = (
        board_meetings.filter(status__in=Meeting.HAS_TAKEN_PLACE)
        .order_by("-n", "-starts_at")
        .first()
    )
    if held:  # a tally sheet exists once the meeting has taken place
        documents.append(
            (
                "tally_sheet",
                "staff@example.org",
                reverse("secretariat:meeting_tally", args=[held.pk]),
            )
        )
    minutes = (
        Minutes.objects.filter(meeting__body__kind=Body.Kind.BOARD)
        .annotate(n=Count("meeting__items"))
        .order_by("-n", "-pk")
        .first()
    )
    if minutes:
        documents.append(
            (
                "minutes",
                "staff@example.org",
                reverse("secretariat:minutes_pdf", args=[minutes.pk]),
            )
        )
    session = (
        CourseSession.objects.annotate(
            n=Count(
                "course__applications",
                filter=Q(course__applications__status__in=Application.LIVE),
            )
        )
        .order_by("-n", "-pk")
        .first()
    )
    if session:
        documents.append(
            (
                "session_roster",
                "staff@example.org",
                reverse("support:session_roster", args=[session.pk]),
            )
        )
    documents += _network_documents(Body, Minutes)
    documents += _fund_documents()
    documents += _support_documents()
    documents += _business_documents()
    certificate = _certificate_application(Application)
    if certificate:
        documents.append(
            (
                "certificate",
                "staff@example.org",
                reverse("support:application_certificate", args=[certificate.pk]),
            )
        )
    return documents


def _network_documents(Body, Minutes):
    """The network section's: the printed proposal (提言書) with the longest text, and
    the minutes of the council the section runs with the most items."""
    from django.db.models.functions import Length

    from network.models import Proposal

    documents = []
    proposal = Proposal.objects.order_by(Length("body").desc(), "-pk").first()
    if proposal:
        documents.append(
            (
                "proposal",
                "network@example.org",
                reverse("network:proposal_pdf", args=[proposal.pk]),
            )
        )
    minutes = (
        Minutes.objects.filter(meeting__body__section="network")
        .annotate(n=Count("meeting__items"))
        .order_by("-n", "-pk")
        .first()
    )
    if minutes:
        documents.append(
            (
                "council_minutes",
                "network@example.org",
                reverse("secretariat:minutes_pdf", args=[minutes.pk]),
            )
        )
    return documents


def _fund_documents():
    """The fund's: a 領収書, the 交付決定通知書 and the board's paper of the largest
    award, and the fiscal year's statement (収支計算書) of the busiest year."""
    from django.db.models import Max

    from network.models import Award, Contribution, FundApplication, LedgerTransaction
    from wco_sse.core.japan import fiscal_year

    documents = []
    contribution = Contribution.objects.order_by("-amount", "-pk").first()
    if contribution:
        documents.append(
            (
                "fund_receipt",
                "staff@example.org",
                reverse("network:fund_contribution_receipt", args=[contribution.pk]),
            )
        )
    award = (
        Award.objects.filter(amount__isnull=False).order_by("-amount", "-pk").first()
    )
    if award:
        documents.append(
            (
                "fund_award_notice",
                "staff@example.org",
                reverse("network:fund_award_notice", args=[award.pk]) + "?era=wareki",
            )
        )
    paper = (
        FundApplication.objects.filter(agenda_item__isnull=False)
        .annotate(n=Count("budget_lines"))
        .order_by("-n", "-pk")
        .first()
    )
    if paper:
        documents.append(
            (
                "fund_board_paper",
                "staff@example.org",
                reverse("network:fund_application_paper", args=[paper.pk]),
            )
        )
    last = LedgerTransaction.objects.aggregate(day=Max("occurred_on"))["day"]
    if last:
        documents.append(
            (
                "fund_statement",
                "staff@example.org",
                reverse("network:fund_statement") + f"?year={fiscal_year(last)}",
            )
        )
    return documents


def _support_documents():
    """The support section's (issue 15): the report of the project with the most
    milestones, and a 紹介シート of an agreed candidate as its requester reads it."""
    from support.models import Project, TalentProposal

    documents = []
    project = (
        Project.objects.annotate(n=Count("milestones")).order_by("-n", "-pk").first()
    )
    if project:
        documents.append(
            (
                "project_report",
                "support@example.org",
                reverse("support:project_report_pdf", args=[project.pk]),
            )
        )
    proposal = (
        TalentProposal.objects.filter(state__in=TalentProposal.SHARED_STATES)
        .select_related("request__requested_by__account", "profile")
        .annotate(n=Count("profile__qualifications"))
        .order_by("-n", "-pk")
        .first()
    )
    if proposal:
        account = proposal.request.requested_by.account
        documents.append(
            (
                "talent_sheet",
                account.email if account else "support@example.org",
                reverse("support:talent_proposal_sheet", args=[proposal.pk]),
            )
        )
    return documents


def _business_documents():
    """The business section's (issue 17): the 精算書 of the contract with the most
    expenses, and the 実績報告書 of the report with the most counts, as the section
    reads them."""
    from business.models import Contract, PeriodReport

    documents = []
    contract = (
        Contract.objects.annotate(n=Count("expenses")).order_by("-n", "-pk").first()
    )
    if contract:
        documents.append(
            (
                "settlement_statement",
                "business@example.org",
                reverse("business:contract_settlement_pdf", args=[contract.pk]),
            )
        )
    report = (
        PeriodReport.objects.annotate(n=Count("values")).order_by("-n", "-pk").first()
    )
    if report:
        documents.append(
            (
                "period_report",
                "business@example.org",
                reverse("business:report_pdf", args=[report.pk]),
            )
        )
    return documents


def _certificate_application(Application):
    """A participant who attended every session of their course."""
    return (
        Application.objects.filter(status=Application.Status.CONFIRMED)
        .annotate(
            sessions=Count("course__sessions", distinct=True),
            attended=Count(
                "attendances", filter=Q(attendances__present=True), distinct=True
            ),
        )
        .filter(sessions__gt=0, attended=models.F("sessions"))
        .order_by("-pk")
        .first()
    )


def _pages(content):
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def _print_job_of(response):
    """The print job a request was sent to (a list printed in the background)."""
    from django.urls import resolve

    from wco_sse.core.models import PrintJob

    if response.status_code != 302:
        return None
    match = resolve(response["Location"])
    if match.url_name != "print_job":
        return None
    return PrintJob.objects.get(pk=match.kwargs["job_id"])


def _measure_background(client, url, runs):
    """A document printed in the background: the wait for the page that shows its
    progress (what the person waits for), and the job's build, run here when no
    eager Celery built it during the request (then the request's time includes it)."""
    from wco_sse.core.printjobs import print_job_build

    times, builds, cpu = [], [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        job = _print_job_of(client.get(url))
        times.append(time.perf_counter() - started)
        started = time.perf_counter()
        job = print_job_build(job_id=job.pk)
        builds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    with job.result.file.open("rb") as handle:
        content = handle.read()
    return {
        "best_s": round(min(times), 3),
        "median_s": round(statistics.median(times), 3),
        "cpu_s": round(statistics.median(cpu), 3),
        "background_build_s": round(statistics.median(builds), 3),
        "pages": _pages(content),
        "kb": round(len(content) / 1024),
    }


def measure(runs, names=()):
    from members.models import User

    clients, results = {}, {}
    for name, email, url in _documents():
        if names and name not in names:
            continue
        client = clients.get(email)
        if client is None:
            # A session as after a sign-in with the second factor, so the same
            # script runs in production mode (the bench) and in development.
            client = clients[email] = Client(
                SERVER_NAME="127.0.0.1",
                REMOTE_ADDR="127.0.0.1",
                HTTP_ACCEPT_LANGUAGE="ja",
            )
            session = signed_in(User.objects.get(email=email))
            client.cookies["sessionid"] = session["session"]
        response = client.get(url)
        if _print_job_of(response):
            results[name] = _measure_background(client, url, runs)
            continue
        if response.status_code != 200 or response["Content-Type"] != (
            "application/pdf"
        ):
            results[name] = {"error": f"{url} answered {response.status_code}"}
            continue
        times, cpu = [], []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            content = b"".join(response) if response.streaming else response.content
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        results[name] = {
            "best_s": round(min(times), 3),
            "median_s": round(statistics.median(times), 3),
            "cpu_s": round(statistics.median(cpu), 3),
            "pages": _pages(content),
            "kb": round(len(content) / 1024),
        }
    if not names or "privacy_export" in names:
        results["privacy_export"] = _measure_privacy_export(runs)
    return results


def _measure_privacy_export(runs):
    """A person's export (issue 16) as the secretary-general's run builds it: the
    tables read through every declaration, the CSVs, the person's files and the
    summary PDF, zipped; timed in-process (the run is a POST that also stores the
    file), for the person the benchmark's privacy pages read."""
    import io
    import zipfile

    from django.utils import timezone
    from prepare import privacy_person

    from members.personal_data.engine import export_tables
    from members.personal_data.exports import build_zip, person_files

    person = privacy_person()
    if person is None:
        return {"error": "no person for the export"}
    times, cpu = [], []
    for _ in range(int(runs)):
        started, started_cpu = time.perf_counter(), time.process_time()
        tables = export_tables(person)
        content, _missing = build_zip(
            person=person,
            tables=tables,
            files=person_files(person, tables),
            when=timezone.now(),
        )
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        summary = archive.read("summary.pdf")
    return {
        "best_s": round(min(times), 3),
        "median_s": round(statistics.median(times), 3),
        "cpu_s": round(statistics.median(cpu), 3),
        "pages": _pages(summary),
        "kb": round(len(content) / 1024),
        "rows": sum(len(table.rows) for table in tables),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json")
    parser.add_argument("--label", default="")
    parser.add_argument("--target", type=float, default=DEMO_TARGET_S)
    args = parser.parse_args()
    results = measure(args.runs, set(args.names))
    print(
        f"{'document':<16} {'best s':>7} {'median s':>9} {'CPU s':>6} {'pages':>6} "
        f"{'KB':>6}"
    )
    for name, entry in results.items():
        if "error" in entry:
            print(f"{name:<16} {entry['error']}")
            continue
        flag = "" if entry["median_s"] <= args.target else "  > target"
        if "background_build_s" in entry:
            flag += f"  (in the background, built in {entry['background_build_s']} s)"
        print(
            f"{name:<16} {entry['best_s']:>7.2f} {entry['median_s']:>9.2f} "
            f"{entry['cpu_s']:>6.2f} {entry['pages']:>6} {entry['kb']:>6}{flag}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
