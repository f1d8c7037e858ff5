"""A federation's member list as offices keep it: exported from Japanese Excel (CP932
CSV or XLSX), without 法人番号, with its representatives, its own headers (就労人数),
counts in kanji, addresses outside Kanagawa — previewed, then imported at once."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from members import imports
from members.models import (
    Affiliation,
    ImportBatch,
    ImportRow,
    LegalForm,
    Municipality,
    Organization,
    Person,
)
from members.models.places import KANAGAWA
from tests.factories import PersonFactory
from tests.members.test_import_helpers import (  # noqa: F401 (fixtures)
    csv_bytes,
    staff_fixture,
    xlsx_bytes,
)
from wco_sse.core.models import AuditEntry
from wco_sse.core.validators import clean_postal_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_registry")]

REPRESENTATIVE = Affiliation.Position.REPRESENTATIVE

# As a federation's office keeps its list: its own headers, no 法人番号.
FEDERATION_HEADERS = ["団体名", "団体名フリガナ", "法人格", "代表者", "代表者フリガナ",
                      "〒", "住所", "TEL", "就労人数", "設立年月日", "入会日"]  # fmt: skip
FEDERATION_ROWS = [
    ["ワーカーズ・コレクティブ 配食あおば", "わーかーずこれくてぃぶ はいしょくあおば",
     "任意団体", "綿貫　澄香", "わたぬき　すみか", "２２５－０００２",
     "横浜市青葉区美しが丘1-2-3", "045-000-0000", "十八", "平成15年4月1日",
     "平成20年10月1日"],
    ["NPO法人 まちだ虹の家", "エヌピーオーホウジン マチダニジノイエ", "NPO法人",
     "九十九 一朗", "ツクモ イチロウ", "〒194-0013", "東京都町田市原町田1-1-1",
     "042-000-0000", "９", "令和2年4月1日", "2021/4/1"],
    ["企業組合 かもめ", "キギョウクミアイ カモメ", "企業組合", "綿貫 澄香",
     "ワタヌキ スミカ", "2510025", "藤沢市鵠沼石上1-1", "0466-00-0000", "二十五",
     "", ""],
]  # fmt: skip


def federation_file(file_format):
    if file_format == "csv":
        content = csv_bytes(
            FEDERATION_ROWS, headers=FEDERATION_HEADERS, encoding="cp932"
        )
        return SimpleUploadedFile("会員名簿.csv", content, "text/csv")
    content = xlsx_bytes(FEDERATION_ROWS, headers=FEDERATION_HEADERS)
    return SimpleUploadedFile("会員名簿.xlsx", content)


@pytest.fixture
def japanese_staff(client, staff):
    client.force_login(staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ja"
    return client


def text_of(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_federation_list_is_previewed_and_imported_with_its_representatives(
    japanese_staff, file_format, django_capture_on_commit_callbacks
):
    response = japanese_staff.post(
        reverse("members:import_upload"),
        {"file": federation_file(file_format), "kind": "organizations"},
    )
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.counts["new"] == 3 and batch.counts["error"] == 0
    assert batch.counts["ignored_columns"] == []

    # The preview shows, for every row, what will be saved.
    page = japanese_staff.get(response["Location"])
    text = text_of(page)
    for shown in (
        "ワーカーズ・コレクティブ 配食あおば",
        "ワーカーズコレクティブ ハイショクアオバ",  # read as katakana
        "任意団体",
        "〒225-0002",
        "神奈川県横浜市青葉区美しが丘1-2-3",
        "2003年4月1日",  # 平成15年4月1日, read
        "2008年10月1日",
        "18名",
        "綿貫 澄香",
        "ワタヌキ スミカ",
        "NPO法人",
        "〒194-0013",
        "東京都町田市原町田1-1-1",  # its own prefecture, not 神奈川県
        "2020年4月1日",
        "9名",
        "25名",
        "〒251-0025",
        "神奈川県藤沢市鵠沼石上1-1",
    ):
        assert shown in text, shown
    assert "神奈川県東京都" not in text
    # Two corporations without 法人番号: imported, and listed to complete.
    box = text[text.index("取り込み後に補うこと") :]
    assert "NPO法人 まちだ虹の家" in box and "企業組合 かもめ" in box

    with django_capture_on_commit_callbacks(execute=True):
        japanese_staff.post(reverse("members:import_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED

    aoba = Organization.objects.get(name="ワーカーズ・コレクティブ 配食あおば")
    machida = Organization.objects.get(name="NPO法人 まちだ虹の家")
    kamome = Organization.objects.get(name="企業組合 かもめ")
    assert (aoba.prefecture, aoba.municipality.label, aoba.address) == (
        KANAGAWA,
        "横浜市青葉区",
        "美しが丘1-2-3",
    )
    assert (machida.prefecture, machida.municipality, machida.city_outside) == (
        "東京都",
        None,
        "町田市",
    )
    assert machida.address == "原町田1-1-1"
    assert (aoba.workers_count, machida.workers_count, kamome.workers_count) == (
        18,
        9,
        25,
    )
    assert machida.legal_form == LegalForm.NPO and machida.corporate_number is None
    assert kamome.postal_code == "251-0025"

    # One 綿貫 澄香, confirmed 代表者 of two W.Cos; 九十九 一朗 of the third.
    watanuki = Person.objects.get(family_name="綿貫", given_name="澄香")
    assert (watanuki.family_name_kana, watanuki.given_name_kana) == (
        "ワタヌキ",
        "スミカ",
    )
    representatives = Affiliation.objects.filter(position=REPRESENTATIVE)
    assert {(a.organization, a.person.full_name, a.confirmed) for a in representatives} == {
        (aoba, watanuki.full_name, True),
        (kamome, watanuki.full_name, True),
        (machida, Person.objects.get(family_name="九十九").full_name, True),
    }  # fmt: skip

    # Afterwards: the result page links them, and the registry's filter finds them.
    page = text_of(
        japanese_staff.get(reverse("members:import_detail", args=[batch.pk]))
    )
    assert "取り込み後に補うこと" in page
    listed = japanese_staff.get(
        reverse("members:organization_list"), {"to_complete": "corporate_number"}
    ).content.decode()
    assert (
        "まちだ虹の家" in listed and "かもめ" in listed and "配食あおば" not in listed
    )


def test_a_representative_already_registered_is_matched_and_confirmed(
    staff, django_capture_on_commit_callbacks
):
    """The person is found by name and reading; an unconfirmed 代表者 affiliation is
    confirmed rather than doubled; an organization unchanged but for its
    representative is an update."""
    person = PersonFactory(
        family_name="綿貫", given_name="澄香",
        family_name_kana="ワタヌキ", given_name_kana="スミカ",
    )  # fmt: skip
    kamome = Organization.objects.create(
        name="企業組合 かもめ", name_kana="キギョウクミアイ カモメ",
        legal_form=LegalForm.BUSINESS_COOPERATIVE, phone="0466-00-0000",
        preferred_contact="phone", postal_code="251-0025",
        municipality=next(m for m in Municipality.objects.all() if m.label == "藤沢市"),
        address="鵠沼石上1-1",
    )  # fmt: skip
    waiting = Affiliation.objects.create(
        person=person, organization=kamome, position=REPRESENTATIVE, confirmed=False
    )
    batch = imports.import_check(actor=staff, uploaded=federation_file("csv"))
    assert batch.rows.get(row_number=4).outcome == ImportRow.Outcome.UPDATE
    with django_capture_on_commit_callbacks(execute=True):
        imports.import_commit_start(actor=staff, batch=batch)
    waiting.refresh_from_db()
    assert waiting.confirmed
    assert Affiliation.objects.filter(organization=kamome).count() == 1
    assert Person.objects.filter(family_name="綿貫", given_name="澄香").count() == 1
    assert set(
        Affiliation.objects.filter(person=person, confirmed=True).values_list(
            "organization__name", "position"
        )
    ) == {
        ("ワーカーズ・コレクティブ 配食あおば", REPRESENTATIVE),
        ("企業組合 かもめ", REPRESENTATIVE),
    }

    # The same list again, with a new representative for あおば only.
    rows = [list(row) for row in FEDERATION_ROWS]
    rows[0][3:5] = ["東雲 道子", "シノノメ ミチコ"]
    batch = imports.import_check(
        actor=staff,
        uploaded=SimpleUploadedFile(
            "名簿2.csv", csv_bytes(rows, headers=FEDERATION_HEADERS, encoding="cp932")
        ),
    )
    outcomes = list(batch.rows.order_by("row_number").values_list("outcome", flat=True))
    assert outcomes == [
        ImportRow.Outcome.UPDATE,
        ImportRow.Outcome.UNCHANGED,
        ImportRow.Outcome.UNCHANGED,
    ]
    first = batch.rows.get(row_number=2)
    assert {"column": "代表者", "old": "綿貫 澄香", "new": "東雲 道子"} in first.values[
        "changes"
    ]
    with django_capture_on_commit_callbacks(execute=True):
        imports.import_commit_start(actor=staff, batch=batch)
    assert Affiliation.objects.get(
        organization__name="ワーカーズ・コレクティブ 配食あおば",
        person__family_name="東雲",
    ).confirmed


def test_a_failed_commit_leaves_no_representative_behind(
    staff, django_capture_on_commit_callbacks
):
    batch = imports.import_check(actor=staff, uploaded=federation_file("csv"))
    # Someone registers 企業組合 かもめ between the dry run and the commit.
    fujisawa = next(m for m in Municipality.objects.all() if m.label == "藤沢市")
    Organization.objects.create(
        name="企業組合 かもめ", name_kana="カモメ", municipality=fujisawa
    )
    people = Person.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        imports.import_commit_start(actor=staff, batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert Person.objects.count() == people
    assert not Affiliation.objects.exists()
    assert Organization.objects.count() == 1


def _aoba_represented_by_watanuki():
    """あおば as registered, with 綿貫 澄香 its confirmed 代表者 for two years."""
    aoba = Organization.objects.create(
        name="ワーカーズ・コレクティブ 配食あおば",
        name_kana="ワーカーズコレクティブ ハイショクアオバ",
        municipality=next(
            m for m in Municipality.objects.all() if m.label == "横浜市青葉区"
        ),
        address="美しが丘1-2-3",
        phone="045-000-0000",
        preferred_contact="phone",
    )
    watanuki = PersonFactory(
        family_name="綿貫", given_name="澄香",
        family_name_kana="ワタヌキ", given_name_kana="スミカ",
    )  # fmt: skip
    held = Affiliation.objects.create(
        person=watanuki,
        organization=aoba,
        position=REPRESENTATIVE,
        confirmed=True,
        start=timezone.localdate() - datetime.timedelta(days=730),
    )
    return aoba, held


def _aoba_with_a_new_representative():
    rows = [list(row) for row in FEDERATION_ROWS]
    rows[0][3:5] = ["東雲 道子", "シノノメ ミチコ"]
    return SimpleUploadedFile(
        "名簿2.csv", csv_bytes(rows, headers=FEDERATION_HEADERS, encoding="cp932")
    )


def test_a_new_representative_ends_the_previous_one(
    staff, django_capture_on_commit_callbacks
):
    """The preview shows 綿貫 → 東雲; after the commit 東雲 alone represents あおば:
    綿貫's 代表者 affiliation ends the day before, recorded in the history."""
    aoba, held = _aoba_represented_by_watanuki()
    batch = imports.import_check(
        actor=staff, uploaded=_aoba_with_a_new_representative()
    )
    assert {
        "column": "代表者",
        "old": "綿貫 澄香",
        "new": "東雲 道子",
    } in batch.rows.get(row_number=2).values["changes"]
    with django_capture_on_commit_callbacks(execute=True):
        imports.import_commit_start(actor=staff, batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.COMMITTED
    representatives = Affiliation.objects.current().filter(
        organization=aoba, position=REPRESENTATIVE
    )
    assert [a.person.family_name for a in representatives] == ["東雲"]
    held.refresh_from_db()
    assert held.end == timezone.localdate() - datetime.timedelta(days=1)
    assert AuditEntry.objects.filter(
        action="affiliation.end", message__contains="綿貫"
    ).exists()


def test_a_failed_commit_keeps_the_previous_representative(
    staff, django_capture_on_commit_callbacks
):
    """All or nothing: when a later row fails, 綿貫 still represents あおば."""
    aoba, held = _aoba_represented_by_watanuki()
    batch = imports.import_check(
        actor=staff, uploaded=_aoba_with_a_new_representative()
    )
    # Someone registers 企業組合 かもめ between the dry run and the commit.
    fujisawa = next(m for m in Municipality.objects.all() if m.label == "藤沢市")
    Organization.objects.create(
        name="企業組合 かもめ", name_kana="カモメ", municipality=fujisawa
    )
    with django_capture_on_commit_callbacks(execute=True):
        imports.import_commit_start(actor=staff, batch=batch)
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    held.refresh_from_db()
    assert held.end is None
    assert [
        a.person.family_name
        for a in Affiliation.objects.current().filter(
            organization=aoba, position=REPRESENTATIVE
        )
    ] == ["綿貫"]


@pytest.mark.parametrize(
    ("written", "read"),
    [("九", 9), ("十八", 18), ("二十五", 25), ("１８", 18), ("１８人", 18),
     ("百二十", 120), ("12名", 12)],
)  # fmt: skip
def test_counts_as_people_type_them(staff, written, read):
    content = csv_bytes(
        [["あおば", "アオバ", "横浜市青葉区美しが丘1", "045-000-0000", written]],
        headers=["団体名", "フリガナ", "住所", "電話番号", "就労人数"],
        encoding="cp932",
    )
    batch = imports.import_check(
        actor=staff, uploaded=SimpleUploadedFile("名簿.csv", content)
    )
    (only,) = batch.rows.all()
    assert only.errors == []
    assert only.values["data"]["workers_count"] == read


@pytest.mark.parametrize(
    "written",
    ["2510025", "251-0025", "２５１００２５", "２５１－００２５", "〒251-0025",
     "〒２５１－００２５"],
)  # fmt: skip
def test_postal_codes_in_the_forms_people_write_them(written):
    assert clean_postal_code(written) == "251-0025"


@pytest.mark.parametrize("written", ["2510-025", "25-10025", "251-00255", "〒2510-025"])
def test_a_misplaced_dash_in_a_postal_code_is_an_error_not_fixed(written):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        clean_postal_code(written)


@pytest.mark.parametrize(
    ("cells", "prefecture", "city", "address"),
    [
        ({"住所": "東京都町田市原町田1-1-1"}, "東京都", "町田市", "原町田1-1-1"),
        ({"住所": "大阪府大阪市北区梅田1-1"}, "大阪府", "大阪市北区", "梅田1-1"),
        ({"都道府県": "東京都", "住所": "東京都新宿区西新宿2-8-1"}, "東京都",
         "新宿区", "西新宿2-8-1"),
        ({"都道府県": "東京", "住所": "町田市原町田1-1-1"}, "東京都", "町田市",
         "原町田1-1-1"),
        ({"市区町村": "東京都町田市", "住所": "原町田1-1-1"}, "東京都", "町田市",
         "原町田1-1-1"),
        ({"住所": "神奈川県横浜市中区山下町1-2"}, KANAGAWA, "", "山下町1-2"),
    ],
)  # fmt: skip
def test_an_address_keeps_its_own_prefecture(staff, cells, prefecture, city, address):
    headers = ["団体名", "フリガナ", "電話番号", *cells]
    content = csv_bytes(
        [["あおば", "アオバ", "045-000-0000", *cells.values()]],
        headers=headers,
        encoding="cp932",
    )
    batch = imports.import_check(
        actor=staff, uploaded=SimpleUploadedFile("名簿.csv", content)
    )
    (only,) = batch.rows.all()
    assert only.errors == []
    data = only.values["data"]
    assert data["prefecture"] == prefecture
    assert data["city_outside"] == city
    assert data["address"] == address


def test_an_address_outside_kanagawa_without_its_prefecture_is_not_guessed(staff):
    content = csv_bytes(
        [["あおば", "アオバ", "045-000-0000", "町田市原町田1-1-1"]],
        headers=["団体名", "フリガナ", "電話番号", "住所"],
        encoding="cp932",
    )
    batch = imports.import_check(
        actor=staff, uploaded=SimpleUploadedFile("名簿.csv", content)
    )
    (only,) = batch.rows.all()
    assert only.outcome == ImportRow.Outcome.ERROR
    assert [e["column"] for e in only.errors] == ["住所"]


def test_a_malformed_corporate_number_is_still_an_error(staff):
    content = csv_bytes(
        [["NPO法人 まちだ", "マチダ", "NPO法人", "302000500381", "042-000-0000"]],
        headers=["団体名", "フリガナ", "法人格", "法人番号", "電話番号"],
        encoding="cp932",
    )
    batch = imports.import_check(
        actor=staff, uploaded=SimpleUploadedFile("名簿.csv", content)
    )
    (only,) = batch.rows.all()
    assert only.outcome == ImportRow.Outcome.ERROR
    assert [e["column"] for e in only.errors] == ["法人番号"]


def test_an_imported_corporation_without_its_number_can_still_be_edited(staff):
    """The registry's form asks a new corporation for its 法人番号, but one imported
    without it can be edited (its phone corrected) before the number is known."""
    from django.forms.models import model_to_dict

    from members.forms import OrganizationForm

    batch = imports.import_check(actor=staff, uploaded=federation_file("csv"))
    assert batch.counts["to_complete"] == 2
    data = {
        "name": "NPO法人 べつの会",
        "name_kana": "ベツノカイ",
        "kind": "wco",
        "legal_form": LegalForm.NPO,
        "membership_class": "none",
        "status": "active",
        "phone": "045-000-0000",
        "preferred_contact": "phone",
        "prefecture": KANAGAWA,
    }
    assert "corporate_number" in OrganizationForm(data=data).errors
    machida = Organization.objects.create(
        name="NPO法人 まちだ", name_kana="マチダ", legal_form=LegalForm.NPO,
        prefecture="東京都", city_outside="町田市", phone="042-000-0000",
        preferred_contact="phone",
    )  # fmt: skip
    edited = model_to_dict(machida, fields=OrganizationForm.Meta.fields)
    edited = {k: ("" if v is None else v) for k, v in edited.items()}
    form = OrganizationForm(
        data=edited | {"phone": "042-111-1111", "version": machida.version},
        instance=machida,
    )
    assert form.is_valid(), form.errors


def with_columns(rows, headers, extra_headers, extra_values):
    return [*headers, *extra_headers], [
        [*row, *values] for row, values in zip(rows, extra_values, strict=True)
    ]


# The same list with two columns the importer does not know.
MAPPED_HEADERS, MAPPED_ROWS = with_columns(
    [row[:8] + row[9:] for row in FEDERATION_ROWS],
    [h for h in FEDERATION_HEADERS if h != "就労人数"],
    ["会員番号", "働き手の人数"],
    [["A-001", "十八"], ["A-002", "９"], ["A-003", "二十五"]],
)


def mapped_file(file_format):
    if file_format == "csv":
        content = csv_bytes(MAPPED_ROWS, headers=MAPPED_HEADERS, encoding="cp932")
        return SimpleUploadedFile("会員名簿.csv", content, "text/csv")
    return SimpleUploadedFile(
        "会員名簿.xlsx", xlsx_bytes(MAPPED_ROWS, headers=MAPPED_HEADERS)
    )


def test_unknown_columns_are_mapped_once_and_remembered_for_the_same_headers(
    japanese_staff, django_capture_on_commit_callbacks
):
    response = japanese_staff.post(
        reverse("members:import_upload"),
        {"file": mapped_file("csv"), "kind": "organizations"},
    )
    first = ImportBatch.objects.get()
    assert first.counts["ignored_columns"] == ["会員番号", "働き手の人数"]
    page = japanese_staff.get(response["Location"]).content.decode()
    # The step comes first, in a warning box, with what each column holds; no import
    # is offered until every column is decided.
    assert 'id="unread-columns"' in page and "alert-warning" in page
    assert "A-001" in page and "十八" in page
    assert reverse("members:import_commit", args=[first.pk]) not in page
    columns = reverse("members:import_columns", args=[first.pk])
    assert columns in page

    # Nothing chosen, or one field chosen twice: said at the columns concerned.
    response = japanese_staff.post(columns, {"column_0": "", "column_1": "-"})
    assert response.status_code == 200
    assert "この列の内容を選ぶか" in text_of(response)
    response = japanese_staff.post(
        columns, {"column_0": "workers_count", "column_1": "workers_count"}
    )
    assert "「会員番号」" in text_of(response)
    assert ImportBatch.objects.count() == 1

    response = japanese_staff.post(
        columns, {"column_0": "-", "column_1": "workers_count"}
    )
    assert response.status_code == 302
    second = ImportBatch.objects.exclude(pk=first.pk).get()
    assert response["Location"] == reverse("members:import_detail", args=[second.pk])
    first.refresh_from_db()
    assert first.status == ImportBatch.Status.DISCARDED
    assert second.counts["ignored_columns"] == []
    assert second.counts["skipped_columns"] == ["会員番号"]
    assert second.counts["mapped_columns"] == {"働き手の人数": "従事者数"}
    page = japanese_staff.get(response["Location"])
    assert "18名" in text_of(page)
    assert reverse("members:import_commit", args=[second.pk]) in page.content.decode()

    # A choice made wrongly can be made again.
    response = japanese_staff.post(
        reverse("members:import_forget_columns", args=[second.pk])
    )
    again = ImportBatch.objects.latest("created_at")
    assert response["Location"] == reverse("members:import_detail", args=[again.pk])
    assert again.counts["ignored_columns"] == ["会員番号", "働き手の人数"]
    response = japanese_staff.post(
        reverse("members:import_columns", args=[again.pk]),
        {"column_0": "-", "column_1": "workers_count"},
    )
    assert response.status_code == 302

    # The next file with the same headers (here an XLSX) skips the step.
    japanese_staff.post(
        reverse("members:import_upload"),
        {"file": mapped_file("xlsx"), "kind": "organizations"},
    )
    third = ImportBatch.objects.latest("created_at")
    assert third.counts["ignored_columns"] == []
    counts = [
        r.values["data"]["workers_count"] for r in third.rows.order_by("row_number")
    ]
    assert counts == [18, 9, 25]
    with django_capture_on_commit_callbacks(execute=True):
        japanese_staff.post(reverse("members:import_commit", args=[third.pk]))
    third.refresh_from_db()
    assert third.status == ImportBatch.Status.COMMITTED
    assert sorted(Organization.objects.values_list("workers_count", flat=True)) == [
        9,
        18,
        25,
    ]


def test_an_import_with_unread_columns_cannot_be_committed(staff):
    batch = imports.import_check(actor=staff, uploaded=mapped_file("csv"))
    assert not batch.can_commit
    from wco_sse.core.errors import ServiceError

    with pytest.raises(ServiceError):
        imports.import_commit_start(actor=staff, batch=batch)


@pytest.mark.parametrize(
    ("postal_code", "address", "prefecture", "place", "rest"),
    [
        ("194-0013", "町田市原町田1-1-1", "東京都", "町田市", "原町田1-1-1"),
        ("〒２２５－０００２", "美しが丘1-2-3", KANAGAWA, "横浜市青葉区", "美しが丘1-2-3"),
    ],
)  # fmt: skip
def test_an_address_without_its_prefecture_is_placed_by_its_postal_code(
    staff, postal_code, address, prefecture, place, rest
):
    """No prefecture and no municipality of Kanagawa at its start: the postal code
    says where the address is, rather than 神奈川県 by default."""
    content = csv_bytes(
        [["あおば", "アオバ", "045-000-0000", postal_code, address]],
        headers=["団体名", "フリガナ", "電話番号", "郵便番号", "住所"],
        encoding="cp932",
    )
    batch = imports.import_check(
        actor=staff, uploaded=SimpleUploadedFile("名簿.csv", content)
    )
    (only,) = batch.rows.all()
    assert only.errors == []
    data = only.values["data"]
    shown = (
        Municipality.objects.get(pk=data["municipality"]).label
        if data["municipality"]
        else data["city_outside"]
    )
    assert (data["prefecture"], shown, data["address"]) == (prefecture, place, rest)


def test_a_city_outside_kanagawa_without_its_prefecture_is_placed_by_its_postal_code(
    staff,
):
    content = csv_bytes(
        [["あおば", "アオバ", "045-000-0000", "194-0013", "町田市", "原町田1-1-1"],
         ["みどり", "ミドリ", "045-000-0000", "225-0002", "町田市", "原町田1-1-1"]],
        headers=["団体名", "フリガナ", "電話番号", "郵便番号", "市区町村", "住所"],
        encoding="cp932",
    )  # fmt: skip
    batch = imports.import_check(
        actor=staff, uploaded=SimpleUploadedFile("名簿.csv", content)
    )
    first, second = batch.rows.order_by("row_number")
    assert first.errors == []
    assert (
        first.values["data"]["prefecture"],
        first.values["data"]["city_outside"],
    ) == (
        "東京都",
        "町田市",
    )
    # A postal code of another city does not vouch for it.
    assert [e["column"] for e in second.errors] == ["市区町村"]


def test_a_row_in_error_still_shows_what_it_was_read_as(japanese_staff):
    rows = [list(row) for row in FEDERATION_ROWS]
    rows[2][5] = "2510-025"
    japanese_staff.post(
        reverse("members:import_upload"),
        {
            "file": SimpleUploadedFile(
                "名簿.csv",
                csv_bytes(rows, headers=FEDERATION_HEADERS, encoding="cp932"),
            ),
            "kind": "organizations",
        },
    )
    batch = ImportBatch.objects.get()
    assert batch.counts["error"] == 1
    page = japanese_staff.get(reverse("members:import_detail", args=[batch.pk]))
    row = text_of(page).split("企業組合 かもめ", 1)[1]
    assert "郵便番号" in row and "231-0023" in row  # the error, at its column
    assert "25名" in row and "綿貫 澄香" in row  # and what the rest reads as


def _renamed_file(name_header, *, title=None):
    """The federation list as a CP932 CSV whose name column is headed
    ``name_header``, with a title line above the header when given."""
    headers = [name_header if h == "団体名" else h for h in FEDERATION_HEADERS]
    content = csv_bytes(FEDERATION_ROWS, headers=headers, encoding="cp932")
    if title:
        content = f"{title}\r\n".encode("cp932") + content
    return SimpleUploadedFile("会員名簿.csv", content, "text/csv")


@pytest.mark.parametrize(
    "name_header",
    ["事業所名称", "法人名", "組合名", "団体名称", "事業所名", "法人名称"],
)
def test_common_names_of_the_name_column_are_read(staff, name_header):
    batch = imports.import_check(
        actor=staff, uploaded=_renamed_file(name_header, title="会員名簿 2026年度")
    )
    assert batch.counts["ignored_columns"] == []
    assert "missing_key_column" not in batch.counts
    names = [r.values["data"]["name"] for r in batch.rows.order_by("row_number")]
    assert names == [row[0] for row in FEDERATION_ROWS]
    assert batch.rows.filter(outcome=ImportRow.Outcome.ERROR).count() == 0


def test_a_name_column_of_unknown_header_is_asked_for_not_refused(
    japanese_staff, django_capture_on_commit_callbacks
):
    """The header row is found by the columns it does name; the mapping step asks
    which column holds the name, and then the list imports."""
    response = japanese_staff.post(
        reverse("members:import_upload"),
        {
            "file": _renamed_file("ワーコレの名前", title="会員名簿 2026年度"),
            "kind": "organizations",
        },
    )
    assert response.status_code == 302
    first = ImportBatch.objects.get()
    assert first.counts["ignored_columns"] == ["ワーコレの名前"]
    page = text_of(japanese_staff.get(response["Location"]))
    assert "「団体名」として読む列がまだありません" in page
    assert "配食あおば" in page  # what the unread column holds, to choose by
    response = japanese_staff.post(
        reverse("members:import_columns", args=[first.pk]), {"column_0": "name"}
    )
    assert response.status_code == 302
    second = ImportBatch.objects.exclude(pk=first.pk).get()
    assert second.counts["mapped_columns"] == {"ワーコレの名前": "団体名"}
    assert "missing_key_column" not in second.counts
    assert second.rows.filter(outcome=ImportRow.Outcome.ERROR).count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        japanese_staff.post(reverse("members:import_commit", args=[second.pk]))
    second.refresh_from_db()
    assert second.status == ImportBatch.Status.COMMITTED
    assert Organization.objects.filter(name="企業組合 かもめ").exists()


def test_a_file_naming_none_of_the_columns_is_still_refused(staff):
    content = csv_bytes([["a", "b"]], headers=["列1", "列2"], encoding="cp932")
    with pytest.raises(imports.ImportFileError) as refused:
        imports.import_check(
            actor=staff, uploaded=SimpleUploadedFile("list.csv", content)
        )
    assert "団体名" in str(refused.value.message)
    assert not ImportBatch.objects.exists()
