"""Importing a list of people with their W.Co: matching, affiliations, the commit."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from members import imports
from members.models import Affiliation, ImportBatch, ImportRow, Municipality, Person
from members.services import person_update
from tests.factories import AffiliationFactory, OrganizationFactory, PersonFactory
from tests.members.test_import_helpers import (  # noqa: F401 (fixtures)
    NUMBER_A,
    csv_bytes,
    english_fixture,
    staff_fixture,
)
from wco_sse.core.exports import to_csv, to_xlsx
from wco_sse.core.models import AuditEntry

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.usefixtures("empty_registry"),
]

HEADERS = [column.header for column in imports.PERSON_COLUMNS]
PEOPLE = ImportBatch.Kind.PEOPLE


def person_row(**cells):
    base = {
        "姓": "山田",
        "名": "花子",
        "セイ": "ヤマダ",
        "メイ": "ハナコ",
        "電話番号": "045-000-0000",
        "連絡方法": "電話",
    }
    return [(base | cells).get(header, "") for header in HEADERS]


def check(staff, *rows, headers=HEADERS, content=None, name="people.csv"):
    data = content or csv_bytes(list(rows), headers=headers)
    batch = imports.import_check(
        actor=staff, uploaded=SimpleUploadedFile(name, data), kind=PEOPLE
    )
    return batch, list(batch.rows.order_by("row_number"))


def commit(staff, batch, capture):
    with capture(execute=True):
        imports.import_commit_start(actor=staff, batch=batch)
    batch.refresh_from_db()
    return batch


@pytest.fixture
def aoba_wco(db):
    aoba = next(m for m in Municipality.objects.all() if m.label == "横浜市青葉区")
    return OrganizationFactory(
        name="ワーカーズ・コレクティブ あおば", municipality=aoba, corporate_number=None
    )


def test_a_person_and_their_place_in_a_wco_are_imported(
    staff, aoba_wco, django_capture_on_commit_callbacks
):
    batch, (only,) = check(
        staff,
        person_row(所属団体="ワーカーズ・コレクティブあおば", 役職="代表者",
                   所属開始日="平成20年4月1日", 個人賛助会員="○",
                   賛助会員となった日="2020/04/01"),
    )  # fmt: skip
    assert batch.kind == PEOPLE
    assert (only.outcome, only.errors) == (ImportRow.Outcome.NEW, [])
    assert only.values["affiliation"] == {
        "organization": aoba_wco.pk,
        "position": "representative",
        "start": "2008-04-01",
    }
    batch = commit(staff, batch, django_capture_on_commit_callbacks)
    assert batch.status == ImportBatch.Status.COMMITTED, batch.error
    person = Person.objects.get(family_name="山田", given_name="花子")
    assert person.family_name_kana == "ヤマダ"
    assert person.is_individual_supporter is True
    assert person.supporter_since == datetime.date(2020, 4, 1)
    affiliation = Affiliation.objects.get(person=person)
    assert (affiliation.organization, affiliation.position, affiliation.confirmed) == (
        aoba_wco,
        Affiliation.Position.REPRESENTATIVE,
        True,
    )
    assert affiliation.start == datetime.date(2008, 4, 1)
    assert batch.rows.get().person == person
    assert AuditEntry.objects.get(action="person.import").message == (
        "Imported from people.csv, row 2"
    )


def test_one_column_for_the_name_and_one_for_its_reading(staff):
    _batch, (only,) = check(
        staff,
        ["鈴木　一郎", "すずき いちろう", "a@example.jp"],
        headers=["氏名", "フリガナ", "メール"],
    )
    assert only.errors == []
    data = only.values["data"]
    assert (data["family_name"], data["given_name"]) == ("鈴木", "一郎")
    assert (data["family_name_kana"], data["given_name_kana"]) == ("スズキ", "イチロウ")
    assert data["preferred_contact"] == "email"


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ({"セイ": "山田"}, "セイ", "katakana"),
        ({"セイ": ""}, "セイ", "required"),
        ({"所属団体": "存在しない団体"}, "所属団体", "not in the registry"),
        ({"役職": "代表者"}, "所属団体", "Name the organization"),
        (
            {"所属団体": "ワーカーズ・コレクティブ あおば", "役職": "会長"},
            "役職",
            "代表者",
        ),
        ({"個人賛助会員": "たぶん"}, "個人賛助会員", "はい"),
        ({"メール": "yamada@", "連絡方法": "メール"}, "メール", "email"),
        ({"郵便番号": "1234"}, "郵便番号", "7 digits"),
    ],
)
def test_bad_cells_of_a_person(staff, aoba_wco, cells, column, words):
    _batch, (only,) = check(staff, person_row(**cells))
    assert only.outcome == ImportRow.Outcome.ERROR
    messages = [e["message"] for e in only.errors if e["column"] == column]
    assert any(words in message for message in messages), only.errors


def test_the_wco_is_found_by_its_corporate_number(staff, aoba_wco):
    aoba_wco.corporate_number = NUMBER_A
    aoba_wco.save()
    _batch, (only,) = check(staff, person_row(所属団体="３０２０００５００３８１１"))
    assert only.values["affiliation"]["organization"] == aoba_wco.pk
    assert only.values["affiliation"]["position"] == "member"


def test_a_person_is_matched_by_name_and_kana_and_blank_cells_keep_values(staff):
    existing = PersonFactory(
        family_name="山田", given_name="花子", family_name_kana="ヤマダ",
        given_name_kana="ハナコ", email="hanako@example.jp", phone="045-000-0000",
        preferred_contact="phone",
    )  # fmt: skip
    PersonFactory(family_name="山田", given_name="花子", family_name_kana="ヤマダ",
                  given_name_kana="ハルコ")  # fmt: skip
    _batch, (only,) = check(staff, person_row(携帯電話="090-1234-5678"))
    assert only.outcome == ImportRow.Outcome.UPDATE
    assert only.person == existing
    assert only.matched_version == existing.version
    assert only.values["data"] == {"mobile": "090-1234-5678"}


def test_two_people_with_one_name_need_an_email_to_tell_them_apart(staff):
    first = PersonFactory(family_name="山田", given_name="花子", family_name_kana="ヤマダ",
                          given_name_kana="ハナコ", email="a@example.jp")  # fmt: skip
    PersonFactory(family_name="山田", given_name="花子", family_name_kana="ヤマダ",
                  given_name_kana="ハナコ", email="b@example.jp")  # fmt: skip
    _batch, (only,) = check(staff, person_row())
    assert only.outcome == ImportRow.Outcome.ERROR
    assert {e["column"] for e in only.errors} == {"姓"}
    _batch, (only,) = check(staff, person_row(メール="a@example.jp"))
    assert only.person == first


def test_the_same_person_twice_in_a_file(staff):
    _batch, rows = check(staff, person_row(), person_row(名="花子", 電話番号=""))
    assert [r.outcome for r in rows] == ["new", "duplicate"]
    assert "row 2" in rows[1].errors[0]["message"]


def test_a_place_already_held_is_no_change(staff, aoba_wco):
    existing = PersonFactory(
        family_name="山田", given_name="花子", family_name_kana="ヤマダ",
        given_name_kana="ハナコ", phone="045-000-0000", preferred_contact="phone",
        email="",
    )  # fmt: skip
    AffiliationFactory(person=existing, organization=aoba_wco)
    _batch, (only,) = check(
        staff, person_row(所属団体="ワーカーズ・コレクティブ あおば", 役職="メンバー")
    )
    assert only.outcome == ImportRow.Outcome.UNCHANGED, only.values["changes"]


def test_a_person_edited_after_the_dry_run_fails_the_commit(
    staff, aoba_wco, django_capture_on_commit_callbacks
):
    existing = PersonFactory(
        family_name="山田", given_name="花子", family_name_kana="ヤマダ",
        given_name_kana="ハナコ", phone="045-000-0000", preferred_contact="phone",
    )  # fmt: skip
    # 佐藤 is common enough for a factory-made person to carry it: count, don't look.
    satos = Person.objects.filter(family_name="佐藤").count()
    batch, _rows = check(
        staff,
        person_row(所属団体="ワーカーズ・コレクティブ あおば"),
        person_row(姓="佐藤", セイ="サトウ"),
    )
    person_update(
        actor=staff, person=existing, data={"notes": "電話済"}, expected_version=1
    )
    batch = commit(staff, batch, django_capture_on_commit_callbacks)
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.error.startswith("Row 2: Someone else saved this record")
    assert Person.objects.filter(family_name="佐藤").count() == satos
    assert not Affiliation.objects.exists()


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_an_export_of_people_reads_back_unchanged(staff, file_format):
    people = [
        PersonFactory(phone="045-000-0000", preferred_contact="phone", email=""),
        PersonFactory(email="x@example.jp", is_individual_supporter=True,
                      supporter_since=datetime.date(2020, 4, 1)),
    ]  # fmt: skip
    columns = imports.person_export_columns()
    if file_format == "xlsx":
        content, _count = to_xlsx(columns, people, title="個人名簿")
    else:
        content, _count = to_csv(columns, people, encoding="cp932")
    _batch, rows = check(staff, content=content, name=f"people.{file_format}")
    assert [(r.outcome, r.errors, r.values["changes"]) for r in rows] == [
        ("unchanged", [], [])
    ] * 2
    assert [r.person for r in rows] == people


def test_the_people_template_and_its_example(staff, aoba_wco):
    from io import BytesIO

    from openpyxl import Workbook, load_workbook

    content, _type, name = imports.import_template("xlsx", PEOPLE)
    assert name == "people_list_template.xlsx"
    workbook = load_workbook(BytesIO(content))
    assert [c.value for c in workbook.worksheets[0][1]] == HEADERS
    example = Workbook()
    for values in workbook.worksheets[1].iter_rows(values_only=True):
        example.active.append(
            [aoba_wco.name if v is None and i == HEADERS.index("所属団体") else v
             for i, v in enumerate(values)]
        )  # fmt: skip
    buffer = BytesIO()
    example.save(buffer)
    _batch, rows = check(staff, content=buffer.getvalue(), name="example.xlsx")
    assert [(r.outcome, r.errors) for r in rows] == [("new", [])]


def test_an_organization_list_is_not_a_people_list(staff):
    data = csv_bytes([["あおば"]], headers=["団体名"])
    with pytest.raises(imports.ImportFileError) as error:
        check(staff, content=data)
    assert "姓" in error.value.message
