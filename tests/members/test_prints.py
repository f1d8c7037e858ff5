"""Printed lists: 会員名簿, 社員名簿, 役員名簿 and 宛名ラベル, logged as exports."""

import datetime
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from members.models import Organization, Role
from members.models.roles import EndReason
from members.prints import (
    add_months,
    build_labels,
    label_organizations,
    label_pages,
    officers,
    officers_holding_over,
    postal_code_display,
    print_labels,
    print_member_roster,
    print_officers,
    print_voting_members,
    roster_organizations,
    term_ends_soon,
    voting_members,
)
from tests.factories import (
    AffiliationFactory,
    OrganizationFactory,
    PersonFactory,
    RoleAssignmentFactory,
)
from tests.members.dues_support import *  # noqa: F403  (fixtures)
from tests.members.dues_support import (
    needs_poppler,
    pdf_fonts,
    pdf_pages,
    pdf_text,
    today,
)
from wco_sse.core.errors import PermissionDenied
from wco_sse.core.models import ExportLog, PrintJob

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_registry")]


def _org(name, **kwargs):
    kwargs.setdefault("postal_code", "2310023")
    kwargs.setdefault("address", "横浜市中区山下町1-2")
    return OrganizationFactory(name=name, **kwargs)


# --- Helpers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "shown"),
    [("2310023", "231-0023"), ("231-0023", "231-0023"), ("", ""), ("231", "231")],
)
def test_postal_codes_are_shown_with_their_hyphen(code, shown):
    assert postal_code_display(code) == shown


@pytest.mark.parametrize(
    ("day", "months", "result"),
    [
        (datetime.date(2026, 11, 30), 3, datetime.date(2027, 2, 28)),
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 6, 15), 3, datetime.date(2026, 9, 15)),
    ],
)
def test_add_months_keeps_to_the_end_of_short_months(day, months, result):
    assert add_months(day, months) == result


@pytest.mark.parametrize(
    ("end", "soon"),
    [
        (None, False),
        (datetime.date(2026, 6, 1), False),  # ended before
        (datetime.date(2026, 6, 15), True),  # today
        (datetime.date(2026, 9, 15), True),  # three months on, the last day counted
        (datetime.date(2026, 9, 16), False),
    ],
)
def test_terms_ending_within_three_months(end, soon):
    assert term_ends_soon(end, datetime.date(2026, 6, 15)) is soon


# --- 会員名簿 -----------------------------------------------------------------------------------------


@needs_poppler
def test_the_member_roster_lists_members_by_class_with_contact(staff, tmp_path):
    regular = _org("ワーカーズ・コレクティブ 配食あおば", phone="045-000-1111")
    representative = PersonFactory(family_name="松本", given_name="幸子")
    AffiliationFactory(person=representative, organization=regular, representative=True)
    _org("ワーカーズ・コレクティブ 編集工房", supporting=True, email="edit@example.jp")
    _org("惣菜の店 さがみ", non_member=True)
    _org("解散した会", status=Organization.Status.DISSOLVED)
    PersonFactory(family_name="安藤", given_name="聡子", is_individual_supporter=True)

    content = print_member_roster(actor=staff)

    text = pdf_text(content, tmp_path)
    assert "配食あおば" in text and "045-000-1111" in text and "松本 幸子" in text
    assert "〒231-0023" in text
    assert "編集工房" in text and "edit@example.jp" in text
    assert "安藤 聡子" in text
    assert "さがみ" not in text and "解散した会" not in text
    assert text.index("配食あおば") < text.index("編集工房") < text.index("安藤")
    fonts = pdf_fonts(content, tmp_path)
    assert "CJK" in fonts or "Noto" in fonts
    log = ExportLog.objects.get()
    assert (log.row_count, log.file_format, log.actor) == (3, "pdf", staff)


def test_the_roster_reads_in_a_fixed_number_of_queries():
    def count():
        with CaptureQueriesContext(connection) as queries:
            rows = list(roster_organizations(day=today()))
            for organization in rows:
                _ = organization.current_representatives
                _ = organization.full_address
        return len(queries)

    organization = _org("最初の会")
    AffiliationFactory(organization=organization, representative=True)
    one = count()
    for index in range(10):
        organization = _org(f"会{index}")
        AffiliationFactory(organization=organization, representative=True)
    assert count() == one


# --- 社員名簿 -----------------------------------------------------------------------------------------


@needs_poppler
def test_the_list_of_voting_members_is_the_regular_members_as_of_a_day(staff, tmp_path):
    as_of = datetime.date(2026, 6, 20)
    _org("正会員 あおば", joined_on=datetime.date(2024, 7, 1))
    _org("正会員 後から入会", joined_on=datetime.date(2026, 7, 1))
    _org("正会員 退会済み", left_on=datetime.date(2026, 3, 31))
    _org("賛助会員 ことのは", supporting=True)
    assert [o.name for o in voting_members(as_of=as_of)] == ["正会員 あおば"]

    content = print_voting_members(actor=staff, as_of=as_of, wareki=True)

    text = pdf_text(content, tmp_path)
    assert "正会員 あおば" in text
    assert "神奈川県横浜市中区山下町1-2" in text  # the address the law asks for
    assert "令和8年6月20日" in text  # the day it is as of
    assert "令和6年7月1日" in text
    assert (
        "後から入会" not in text and "退会済み" not in text and "ことのは" not in text
    )
    assert ExportLog.objects.get().row_count == 1


# --- 役員名簿 -----------------------------------------------------------------------------------------


def _officer(name, role, start, end=None, **kwargs):
    family, given = name.split()
    return RoleAssignmentFactory(
        person=PersonFactory(family_name=family, given_name=given),
        role=role,
        start=start,
        end=end,
        **kwargs,
    )


@needs_poppler
def test_the_list_of_officers_marks_terms_ending_within_three_months(staff, tmp_path):
    as_of = datetime.date(2026, 6, 15)
    start = datetime.date(2024, 6, 22)
    _officer("高橋 由美子", Role.REPRESENTATIVE_DIRECTOR, start)
    _officer("清水 良子", Role.DIRECTOR, start, end=datetime.date(2026, 6, 27))
    _officer("林 和子", Role.EXECUTIVE_DIRECTOR, start, end=datetime.date(2028, 6, 30))
    _officer("池田 裕子", Role.AUDITOR, start, end=datetime.date(2026, 9, 15))
    _officer("辞任 済子", Role.DIRECTOR, start, end=datetime.date(2026, 5, 31))
    _officer("事務 局子", Role.SECRETARIAT_STAFF, start)

    rows = list(officers(as_of=as_of))
    assert [a.person.family_name for a in rows] == ["高橋", "林", "清水", "池田"]

    content = print_officers(actor=staff, as_of=as_of)
    text = pdf_text(content, tmp_path)
    lines = [line for line in text.splitlines() if line.strip()]
    for name in ("高橋 由美子", "林 和子", "清水 良子", "池田 裕子"):
        assert name in text
    assert "辞任" not in text and "事務" not in text
    assert "2026年6月27日" in text
    # One mark per term ending by 15 September, and one in the legend.
    assert text.count("◆") == 3
    marked = [line for line in lines if "◆" in line]
    assert len(marked) == 3
    assert ExportLog.objects.get().row_count == 4


@needs_poppler
def test_the_list_of_officers_includes_those_holding_over(staff, tmp_path):
    """A director or auditor whose term ended while the board would fall short of its
    minimum keeps the office until a successor takes office (権利義務理事・権利義務
    監事): the 役員名簿 lists them, so marked; one dismissed is not listed."""
    as_of = datetime.date(2026, 6, 15)
    start = datetime.date(2024, 6, 22)
    ended = datetime.date(2026, 5, 31)
    _officer("高橋 由美子", Role.REPRESENTATIVE_DIRECTOR, start)
    _officer("林 和子", Role.EXECUTIVE_DIRECTOR, start)
    holding = _officer("清水 良子", Role.DIRECTOR, start, end=ended)
    _officer(
        "解任 された", Role.DIRECTOR, start, end=ended, end_reason=EndReason.DISMISSED
    )
    _officer("池田 裕子", Role.AUDITOR, start, end=ended)
    AffiliationFactory(person=holding.person, organization=_org("あおば"))

    held = officers_holding_over(as_of=as_of)
    assert [(office, t.person.family_name) for office, t in held] == [
        ("director", "清水"),
        ("auditor", "池田"),
    ]

    content = print_officers(actor=staff, as_of=as_of)
    text = pdf_text(content, tmp_path)
    path = tmp_path / "layout.pdf"
    path.write_bytes(content)
    layout = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = [line.split() for line in layout.splitlines() if "2024年6月22日" in line]
    # Directors in office, the director holding over, then the auditor holding over.
    assert [row[:2] for row in rows] == [
        ["代表理事", "高橋"],
        ["業務執行理事", "林"],
        ["権利義務理事", "清水"],
        ["権利義務監事", "池田"],
    ]
    assert "あおば" in text
    assert "2026年5月31日" in text
    assert "解任" not in text
    # Their ended terms are not marked as ending soon.
    assert text.count("◆") == 1
    assert ExportLog.objects.get().row_count == 4


def test_officers_holding_over_are_read_in_a_fixed_number_of_queries():
    as_of = today()
    start = as_of - datetime.timedelta(days=400)
    ended = as_of - datetime.timedelta(days=10)

    def count():
        with CaptureQueriesContext(connection) as queries:
            for _office, term in officers_holding_over(as_of=as_of):
                _ = [a.organization.name for a in term.person.current_affiliations]
        return len(queries)

    first = _officer("一 人目", Role.DIRECTOR, start, end=ended)
    AffiliationFactory(person=first.person)
    one = count()
    for index in range(2):
        assignment = _officer(f"役員 {index}", Role.DIRECTOR, start, end=ended)
        AffiliationFactory(person=assignment.person)
    assert len(officers_holding_over(as_of=as_of)) == 3
    assert count() == one


def test_officers_are_read_in_a_fixed_number_of_queries():
    as_of = today()
    start = as_of - datetime.timedelta(days=100)

    def count():
        with CaptureQueriesContext(connection) as queries:
            for assignment in officers(as_of=as_of):
                _ = [
                    a.organization.name for a in assignment.person.current_affiliations
                ]
        return len(queries)

    first = _officer("一 人目", Role.DIRECTOR, start)
    AffiliationFactory(person=first.person)
    one = count()
    for index in range(8):
        assignment = _officer(f"役員 {index}", Role.DIRECTOR, start)
        AffiliationFactory(person=assignment.person)
    assert count() == one


# --- 宛名ラベル ---------------------------------------------------------------------------------------


def test_labels_address_organizations_onchu_and_people_sama():
    organization = _org("ワーカーズ・コレクティブ あおば", building="あおばビル3階")
    person = PersonFactory(
        family_name="安藤",
        given_name="聡子",
        postal_code="2500011",
        address="小田原市栄町1-1",
    )
    nowhere = OrganizationFactory(address="", postal_code="")
    labels = build_labels(organizations=[organization, nowhere], people=[person])
    assert labels == [
        {
            "postal_code": "231-0023",
            "address": "神奈川県横浜市中区山下町1-2",
            "building": "あおばビル3階",
            "name": "ワーカーズ・コレクティブ あおば",
            "honorific": "御中",
        },
        {
            "postal_code": "250-0011",
            "address": "神奈川県小田原市栄町1-1",
            "building": "",
            "name": "安藤 聡子",
            "honorific": "様",
        },
    ]


@pytest.mark.parametrize(
    ("count", "layout", "start", "sheets"),
    [
        (0, 12, 1, 1),
        (12, 12, 1, 1),
        (13, 12, 1, 2),
        (24, 24, 1, 1),
        (20, 24, 5, 1),
        (21, 24, 5, 2),
    ],
)
def test_labels_fill_sheets_from_the_start_position(count, layout, start, sheets):
    pages = label_pages(list(range(count)), layout=layout, start=start)
    assert len(pages) == sheets
    assert pages[0][: start - 1] == [None] * (start - 1)
    assert sum(1 for page in pages for cell in page if cell is not None) == count


def test_labels_without_a_filter_are_every_regular_member():
    regular = _org("正会員")
    _org("賛助会員", supporting=True)
    _org("会員外", non_member=True)
    assert list(label_organizations()) == [regular]
    everyone = Organization.objects.all()
    assert {o.name for o in label_organizations(everyone)} == {"正会員", "賛助会員"}


@needs_poppler
@pytest.mark.parametrize(("layout", "per_sheet"), [(12, 12), (24, 24)])
def test_a_label_pdf_holds_every_label_on_full_sheets(
    staff, tmp_path, layout, per_sheet
):
    organizations = [
        _org(f"ワーカーズ・コレクティブ 会{i:02d}") for i in range(per_sheet + 1)
    ]
    content = print_labels(
        actor=staff, organizations=label_organizations(), layout=layout
    )
    assert pdf_pages(content, tmp_path) == 2
    text = pdf_text(content, tmp_path)
    assert text.count("〒231-0023") == len(organizations)
    for organization in organizations:
        assert organization.name + "御中" in text
    fonts = pdf_fonts(content, tmp_path)
    assert "CJK" in fonts or "Noto" in fonts
    log = ExportLog.objects.get()
    assert (log.row_count, log.file_format) == (per_sheet + 1, "pdf")


@needs_poppler
def test_labels_for_the_current_filter_through_the_page(client, staff, tmp_path):
    _org("ワーカーズ・コレクティブ あおば", name_kana="アオバ")
    _org("ワーカーズ・コレクティブ みどり", name_kana="ミドリ", supporting=True)
    _org("会員ではない あおば", name_kana="アオバ", non_member=True)
    client.force_login(staff)
    response = client.get(
        reverse("members:print_labels"), {"q": "あおば", "layout": "24"}
    )
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert "ワーカーズ・コレクティブ あおば" in text
    assert "みどり" not in text and "会員ではない" not in text
    log = ExportLog.objects.get()
    assert log.row_count == 1 and "あおば" in log.filters


@needs_poppler
def test_labels_for_individual_supporting_members(client, staff, tmp_path):
    PersonFactory(
        family_name="安藤",
        given_name="聡子",
        is_individual_supporter=True,
        postal_code="2500011",
        address="小田原市栄町1-1",
    )
    client.force_login(staff)
    response = client.get(reverse("members:print_labels"), {"audience": "supporters"})
    assert "安藤 聡子 様" in pdf_text(response.content, tmp_path)


def test_bad_print_options_come_back_with_their_message(client, staff):
    client.force_login(staff)
    response = client.get(
        reverse("members:print_labels"), {"layout": "12", "start": "13"}
    )
    assert response.status_code == 200
    assert response.context["label_form"].errors["start"] == [
        _("A sheet of %(layout)s labels has no label %(start)s.")
        % {"layout": 12, "start": 13}
    ]
    response = client.get(reverse("members:print_officers"), {"as_of": "someday"})
    assert response.context["options_form"].errors["as_of"] == [
        _("Enter a valid date.")
    ]
    response = client.get(reverse("members:print_labels"), {"municipality": "999999"})
    assert response.status_code == 200
    assert not ExportLog.objects.exists()


@pytest.mark.parametrize(
    "printer",
    [print_member_roster, print_voting_members, print_officers, print_labels],
)
def test_only_the_secretariat_prints(rep, auditor, printer):
    for user in (rep, auditor):
        with pytest.raises(PermissionDenied):
            printer(actor=user)
    assert not ExportLog.objects.exists()


def test_each_list_opens_from_the_print_page(client, staff):
    client.force_login(staff)
    page = client.get(reverse("members:print_index")).content.decode()
    for name in (
        "print_member_roster",
        "print_voting_members",
        "print_officers",
        "print_labels",
    ):
        assert reverse(f"members:{name}") in page
    index = client.get(reverse("members:index")).content.decode()
    assert reverse("members:print_index") in index
    assert reverse("members:dues_list") in index


# --- A large roster is printed in the background -----------------------------------------


@needs_poppler
def test_a_roster_above_the_threshold_is_printed_in_the_background(
    client, staff, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.WCO_PRINT_JOB_THRESHOLD = 1
    _org("ワーカーズ・コレクティブ 配食あおば")
    _org("ワーカーズ・コレクティブ 編集工房", supporting=True)
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("members:print_member_roster"), {"era": "wareki"})

    job = PrintJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("members:print_job", args=[job.pk])
    assert (job.requested_by, job.status) == (staff, PrintJob.Status.DONE)
    page = client.get(response["Location"]).content.decode()
    download = reverse("members:print_job_download", args=[job.pk])
    assert download in page
    pdf = client.get(download)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith('inline; filename="member_roster_')
    text = pdf_text(b"".join(pdf), tmp_path)
    assert "配食あおば" in text and "編集工房" in text
    assert ExportLog.objects.get().row_count == 2


@needs_poppler
def test_a_long_list_of_voting_members_is_printed_in_the_background(
    client, staff, settings, tmp_path, django_capture_on_commit_callbacks
):
    """社員名簿 of more 社員 than the threshold: the browser goes to the job's page,
    and the file lists them as the list printed at once would."""
    settings.WCO_PRINT_JOB_THRESHOLD = 1
    _org("配食あおば")
    _org("清掃みどり")
    _org("編集工房", supporting=True)
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("members:print_voting_members"))

    job = PrintJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("members:print_job", args=[job.pk])
    assert (job.requested_by, job.status) == (staff, PrintJob.Status.DONE)
    pdf = client.get(reverse("members:print_job_download", args=[job.pk]))
    assert pdf["Content-Disposition"].startswith('inline; filename="voting_members_')
    text = pdf_text(b"".join(pdf), tmp_path)
    assert "配食あおば" in text and "清掃みどり" in text
    assert "編集工房" not in text  # a 賛助会員 is no 社員
    assert ExportLog.objects.get().row_count == 2


@pytest.mark.parametrize(
    ("url", "threshold"),
    [
        # Two member organizations, at the threshold.
        ("members:print_member_roster", 2),
        # One 社員: the 賛助会員 does not count towards the 社員名簿's length.
        ("members:print_voting_members", 1),
    ],
)
def test_a_list_at_the_threshold_is_printed_at_once(
    client, staff, settings, url, threshold
):
    settings.WCO_PRINT_JOB_THRESHOLD = threshold
    _org("ワーカーズ・コレクティブ 配食あおば")
    _org("ワーカーズ・コレクティブ 編集工房", supporting=True)
    client.force_login(staff)
    response = client.get(reverse(url))
    assert response["Content-Type"] == "application/pdf"
    assert not PrintJob.objects.exists()
