"""The dry run, row by row: messy cells, matching, duplicates — and nothing saved."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from members import imports
from members.models import (
    ImportRow,
    Industry,
    LegalForm,
    Municipality,
    Organization,
)
from members.models.places import KANAGAWA
from tests.factories import OrganizationFactory, PersonFactory, UserFactory
from tests.members.test_import_helpers import (  # noqa: F401 (fixtures)
    NUMBER_A,
    NUMBER_B,
    csv_file,
    english_fixture,
    row,
    staff_fixture,
    xlsx_file,
)
from wco_sse.core.errors import PermissionDenied

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("english"),
    pytest.mark.usefixtures("empty_registry"),
]

AOBA = "横浜市青葉区"


def municipality(label):
    return next(m for m in Municipality.objects.all() if m.label == label)


def check(staff, *rows, file=None):
    batch = imports.import_check(actor=staff, uploaded=file or csv_file(list(rows)))
    return batch, list(batch.rows.order_by("row_number"))


def errors_of(import_row):
    return {(e["column"], e["message"]) for e in import_row.errors}


def columns_in_error(import_row):
    return {e["column"] for e in import_row.errors}


def good(**cells):
    """A valid row: a voluntary W.Co reached by phone, with what the cells change."""
    base = {
        "団体名": "ワーカーズ・コレクティブ あおば",
        "フリガナ": "ワーカーズコレクティブアオバ",
        "市区町村": AOBA,
        "電話番号": "045-000-0000",
        "連絡方法": "電話",
    }
    return row(**(base | cells))


def test_a_clean_row_is_new_with_every_value_read(staff):
    batch, (only,) = check(
        staff,
        good(
            法人格="NPO法人", 法人番号=NUMBER_A, 業種="配食", 郵便番号="225-0002",
            住所="美しが丘1-2-3", FAX="045-000-0001", メール="info@example.jp",
            設立日="平成15年4月1日", 従事者数="12人", 会員種別="正会員",
            入会日="2008/10/01", 状態="活動中",
        ),
    )  # fmt: skip
    assert only.outcome == ImportRow.Outcome.NEW
    assert only.errors == []
    data = only.values["data"]
    assert data["municipality"] == municipality(AOBA).pk
    assert data["industry"] == Industry.objects.get(name="配食").pk
    assert data["corporate_number"] == NUMBER_A
    assert data["founded_on"] == "2003-04-01"
    assert data["joined_on"] == "2008-10-01"
    assert data["workers_count"] == 12
    assert data["membership_class"] == Organization.MembershipClass.REGULAR
    assert data["preferred_contact"] == "phone"
    assert only.values["legal_form"] == LegalForm.NPO
    assert batch.counts["new"] == 1
    assert not Organization.objects.exists()  # a dry run saves nothing


def test_full_width_digits_and_dashes_are_normalized(staff):
    _batch, (only,) = check(
        staff,
        good(
            法人格="NPO法人",
            法人番号="３０２０－００５－００３８１１",
            郵便番号="〒２２５ー０００２",
            電話番号="０４５－０００－００００",
            従事者数="１２",
        ),
    )
    assert only.errors == []
    data = only.values["data"]
    assert data["corporate_number"] == NUMBER_A
    assert data["postal_code"] == "225-0002"
    assert data["phone"] == "045-000-0000"
    assert data["workers_count"] == 12


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("平成15年4月1日", "2003-04-01"),
        ("H15.4.1", "2003-04-01"),
        ("令和元年5月1日", "2019-05-01"),
        ("2008/10/01", "2008-10-01"),
        ("2023年2月1日", "2023-02-01"),
        ("２０２３年２月１日", "2023-02-01"),
        ("2008-10-01", "2008-10-01"),
    ],
)
def test_dates_in_wareki_and_western_forms(staff, written, read):
    _batch, (only,) = check(staff, good(設立日=written))
    assert only.errors == []
    assert only.values["data"]["founded_on"] == read


def test_excel_date_cells_and_serial_numbers(staff):
    file = xlsx_file(
        [
            good(設立日=datetime.datetime(2008, 10, 1)),
            good(団体名="みどり", フリガナ="ミドリ", 設立日=39722),
        ]
    )
    _batch, rows = check(staff, file=file)
    assert [r.values["data"]["founded_on"] for r in rows] == ["2008-10-01"] * 2


def test_excel_numbers_keep_their_leading_zeros(staff):
    """Excel shows 045… but keeps the number 45…: the 0 of a phone or postal code is
    put back."""
    file = xlsx_file(
        [good(電話番号=451234567, 郵便番号=600001, 法人番号=int(NUMBER_A))]
    )
    _batch, (only,) = check(staff, file=file)
    assert only.values["data"]["phone"] == "0451234567"
    assert only.values["data"]["postal_code"] == "060-0001"
    assert only.values["data"]["corporate_number"] == NUMBER_A


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ({"法人格": "NPO法人", "法人番号": "1234567890123"}, "法人番号", "check digit"),
        ({"法人格": "NPO法人", "法人番号": "12345"}, "法人番号", "13 digits"),
        ({"法人格": "NPO法人", "法人番号": "302-0005-0038"}, "法人番号", "13 digits"),
        ({"郵便番号": "2510-025"}, "郵便番号", "first 3 digits"),
        ({"郵便番号": "〒2510-025"}, "郵便番号", "first 3 digits"),
        ({"住所": "町田市原町田1-1", "市区町村": ""}, "住所", "prefecture"),
        ({"郵便番号": "225-002"}, "郵便番号", "7 digits"),
        ({"市区町村": "町田市"}, "市区町村", "not a municipality of Kanagawa"),
        ({"市区町村": "緑区"}, "市区町村", "横浜市緑区、相模原市緑区"),
        ({"フリガナ": "漢字のよみ"}, "フリガナ", "katakana"),
        ({"フリガナ": ""}, "フリガナ", "required"),
        ({"団体名": ""}, "団体名", "required"),
        ({"設立日": "昨年の春"}, "設立日", "2008/10/01"),
        ({"設立日": "2999/01/01"}, "設立日", "future"),
        ({"入会日": "2020/04/01", "退会日": "2019/03/31"}, "退会日", "before"),
        ({"メール": "info@", "連絡方法": "メール"}, "メール", "email"),
        ({"電話番号": "12-34"}, "電話番号", "045-123-4567"),
        ({"法人格": "有限責任事業組合"}, "法人格", "NPO法人"),
        ({"会員種別": "名誉会員"}, "会員種別", "正会員、賛助会員、非会員"),
        ({"業種": "宇宙開発"}, "業種", "配食"),
        ({"従事者数": "約12人"}, "従事者数", "whole number"),
        ({"連絡方法": "FAX"}, "連絡方法", "fax number"),
        ({"電話番号": "", "連絡方法": ""}, "連絡方法", "no contact details"),
        ({"都道府県": "ムー大陸"}, "都道府県", "not a prefecture"),
    ],
)
def test_bad_cells_get_a_message_at_their_row_and_column(staff, cells, column, words):
    batch, (only,) = check(staff, good(**cells))
    assert only.outcome == ImportRow.Outcome.ERROR
    assert only.row_number == 2
    messages = [e["message"] for e in only.errors if e["column"] == column]
    assert messages, only.errors
    assert any(words in message for message in messages), messages
    assert batch.counts["error"] == 1


def test_kana_typed_in_hiragana_or_half_width_is_converted(staff):
    _batch, rows = check(
        staff,
        good(フリガナ="ﾜｰｶｰｽﾞ ｱｵﾊﾞ"),
        good(団体名="みどり", フリガナ="わーかーず みどり"),
    )
    assert [r.values["data"]["name_kana"] for r in rows] == [
        "ワーカーズ アオバ",
        "ワーカーズ ミドリ",
    ]


def test_labels_become_values(staff):
    _batch, rows = check(
        staff,
        good(区分="連携団体", 法人格="特定非営利活動法人", 法人番号=NUMBER_A,
             会員種別="賛助会員", 状態="休止", 連絡方法="ＦＡＸ", FAX="045-000-0001"),
        good(団体名="みどり", フリガナ="ミドリ", 会員種別="非会員", 法人格="任意団体"),
        good(団体名="あさひ", フリガナ="アサヒ", 会員種別="Regular member"),
    )  # fmt: skip
    first, second, third = (r.values for r in rows)
    assert first["data"]["kind"] == Organization.Kind.PARTNER
    assert first["legal_form"] == LegalForm.NPO
    assert first["data"]["membership_class"] == "supporting"
    assert first["data"]["status"] == Organization.Status.SUSPENDED
    assert first["data"]["preferred_contact"] == "fax"
    assert second["data"]["membership_class"] == "none"
    assert second["legal_form"] == LegalForm.VOLUNTARY
    assert third["data"]["membership_class"] == "regular"


def test_municipality_by_label_by_unambiguous_name_or_by_code(staff):
    _batch, rows = check(
        staff,
        good(市区町村="青葉区"),
        good(団体名="b", フリガナ="ビー", 市区町村="神奈川県横浜市青葉区"),
        good(団体名="c", フリガナ="シー", 市区町村="鎌倉市"),
        good(団体名="d", フリガナ="ディー", 市区町村="保土ヶ谷区"),
    )
    assert [r.errors for r in rows] == [[]] * 4
    assert [Municipality.objects.get(pk=r.values["data"]["municipality"]).label
            for r in rows] == [AOBA, AOBA, "鎌倉市", "横浜市保土ケ谷区"]  # fmt: skip


def test_an_address_outside_kanagawa(staff):
    _batch, (only,) = check(staff, good(都道府県="東京", 市区町村="町田市"))
    assert only.errors == []
    data = only.values["data"]
    assert (data["prefecture"], data["municipality"], data["city_outside"]) == (
        "東京都",
        None,
        "町田市",
    )


def test_a_whole_address_in_one_column_is_split(staff):
    _batch, (only,) = check(
        staff, good(市区町村="", 住所="神奈川県横浜市中区山下町1-2")
    )
    data = only.values["data"]
    assert data["municipality"] == municipality("横浜市中区").pk
    assert data["prefecture"] == KANAGAWA
    assert data["address"] == "山下町1-2"


def test_contact_method_defaults_to_what_the_row_has(staff):
    _batch, rows = check(
        staff,
        good(連絡方法="", 電話番号="", FAX="045-000-0001"),
        good(団体名="b", フリガナ="ビー", 連絡方法="", メール="b@example.jp"),
    )
    assert [r.values["data"]["preferred_contact"] for r in rows] == ["fax", "email"]


def test_duplicate_rows_in_the_file(staff):
    """The same 法人番号, or the same name in the same municipality, below a row."""
    batch, rows = check(
        staff,
        good(法人格="NPO法人", 法人番号=NUMBER_A),
        good(団体名="別の名前", フリガナ="ベツ", 法人格="NPO法人", 法人番号=NUMBER_A),
        good(団体名="ワーカーズ・コレクティブ　あおば"),  # same name, full-width space
        good(市区町村="鎌倉市"),  # same name elsewhere: another organization
    )
    assert [r.outcome for r in rows] == ["new", "duplicate", "duplicate", "new"]
    assert "row 2" in rows[1].errors[0]["message"]
    assert "row 2" in rows[2].errors[0]["message"]
    assert batch.counts["duplicate"] == 2


def test_match_by_corporate_number(staff):
    existing = OrganizationFactory(
        name="旧名称", name_kana="キュウメイショウ", legal_form=LegalForm.NPO,
        corporate_number=NUMBER_A, municipality=municipality("鎌倉市"),
        phone="0467-00-0000", preferred_contact="phone",
    )  # fmt: skip
    _batch, (only,) = check(staff, good(法人番号=NUMBER_A, 法人格="NPO法人"))
    assert only.outcome == ImportRow.Outcome.UPDATE
    assert only.organization == existing
    assert only.matched_version == existing.version
    changed = {c["column"] for c in only.values["changes"]}
    assert {"団体名", "フリガナ", "市区町村", "電話番号"} <= changed
    assert only.values["data"]["name"] == "ワーカーズ・コレクティブ あおば"


def test_match_by_name_and_municipality_and_blank_cells_keep_values(staff):
    existing = OrganizationFactory(
        name="ワーカーズ・コレクティブ あおば", name_kana="ワーカーズコレクティブアオバ",
        municipality=municipality(AOBA), phone="045-000-0000", preferred_contact="phone",
        email="keep@example.jp", workers_count=8,
    )  # fmt: skip
    OrganizationFactory(
        name="ワーカーズ・コレクティブ あおば", municipality=municipality("鎌倉市")
    )
    _batch, (only,) = check(staff, good(団体名="ﾜｰｶｰｽﾞ・ｺﾚｸﾃｨﾌﾞ あおば", 従事者数="9"))
    assert only.outcome == ImportRow.Outcome.UPDATE
    assert only.organization == existing
    assert {c["column"] for c in only.values["changes"]} == {"団体名", "従事者数"}
    assert "email" not in only.values["data"]  # an empty cell keeps the registry's


def test_an_identical_row_is_unchanged(staff):
    existing = OrganizationFactory(
        name="ワーカーズ・コレクティブ あおば", name_kana="ワーカーズコレクティブアオバ",
        municipality=municipality(AOBA), phone="045-000-0000", preferred_contact="phone",
    )  # fmt: skip
    batch, (only,) = check(staff, good())
    assert only.outcome == ImportRow.Outcome.UNCHANGED
    assert only.organization == existing
    assert batch.counts["unchanged"] == 1


def test_name_alone_matches_when_the_row_has_no_municipality(staff):
    existing = OrganizationFactory(
        name="ワーカーズ・コレクティブ あおば", name_kana="ワーカーズコレクティブアオバ",
        municipality=municipality(AOBA), phone="045-000-0000", preferred_contact="phone",
    )  # fmt: skip
    _batch, (only,) = check(staff, good(市区町村=""))
    assert only.organization == existing
    OrganizationFactory(
        name="ワーカーズ・コレクティブ あおば", municipality=municipality("鎌倉市")
    )
    _batch, (only,) = check(staff, good(市区町村=""))
    assert only.outcome == ImportRow.Outcome.ERROR
    assert columns_in_error(only) == {"市区町村"}


def test_a_name_registered_with_another_corporate_number_is_an_error(staff):
    OrganizationFactory(
        name="ワーカーズ・コレクティブ あおば", municipality=municipality(AOBA),
        legal_form=LegalForm.NPO, corporate_number=NUMBER_B,
    )  # fmt: skip
    _batch, (only,) = check(staff, good(法人格="NPO法人", 法人番号=NUMBER_A))
    assert only.outcome == ImportRow.Outcome.ERROR
    assert NUMBER_B in only.errors[0]["message"]


def test_a_new_legal_form_needs_its_date(staff):
    existing = OrganizationFactory(
        name="ワーカーズ・コレクティブ あおば", name_kana="ワーカーズコレクティブアオバ",
        municipality=municipality(AOBA), phone="045-000-0000", preferred_contact="phone",
    )  # fmt: skip
    _batch, (only,) = check(staff, good(法人格="労働者協同組合", 法人番号=NUMBER_A))
    assert only.outcome == ImportRow.Outcome.ERROR
    assert columns_in_error(only) == {"法人格"}
    _batch, (only,) = check(
        staff,
        good(
            法人格="労働者協同組合", 法人番号=NUMBER_A, 法人格の取得日="令和5年4月1日"
        ),
    )
    assert only.outcome == ImportRow.Outcome.UPDATE, only.errors
    assert only.organization == existing
    assert only.values["legal_form"] == LegalForm.WORKERS_COOPERATIVE
    assert only.values["legal_form_since"] == "2023-04-01"


def test_the_dry_run_changes_nothing_in_the_registry(staff):
    existing = OrganizationFactory(
        name="ワーカーズ・コレクティブ あおば", municipality=municipality(AOBA)
    )
    before = Organization.objects.values().get(pk=existing.pk)
    check(staff, good(従事者数="30"), good(団体名="新しい団体", フリガナ="アタラシイ"))
    assert Organization.objects.count() == 1
    assert Organization.objects.values().get(pk=existing.pk) == before


def test_only_the_secretariat_may_import():
    someone = PersonFactory(account=UserFactory()).account
    with pytest.raises(PermissionDenied):
        imports.import_check(
            actor=someone, uploaded=SimpleUploadedFile("a.csv", b"\xe5\x9b\xa3")
        )


def test_an_update_that_would_make_a_duplicate_is_an_error(staff):
    """Renaming a record (found by its 法人番号) to the name of another organization in
    the same municipality is refused in the dry run, as the commit would refuse it."""
    OrganizationFactory(
        name="ワーカーズ・コレクティブ あおば", municipality=municipality(AOBA)
    )
    OrganizationFactory(
        name="旧名称", municipality=municipality(AOBA), legal_form=LegalForm.NPO,
        corporate_number=NUMBER_A, phone="045-000-0000", preferred_contact="phone",
    )  # fmt: skip
    _batch, (only,) = check(staff, good(法人格="NPO法人", 法人番号=NUMBER_A))
    assert only.outcome == ImportRow.Outcome.ERROR
    assert columns_in_error(only) == {"団体名"}
    assert "already registered" in only.errors[0]["message"]
