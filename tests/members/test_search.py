import pytest
from django.urls import reverse

from tests.factories import OrganizationFactory, PersonFactory
from wco_sse.core.search import normalize, sort_key


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ﾜｰｶｰｽﾞ", "ワーカーズ"),
        ("わーかーず", "ワーカーズ"),
        ("ワーカーズ", "ワーカーズ"),
        ("ワーカーズ・コレクティブ", "ワーカーズコレクティブ"),
        ("ﾜｰｶｰｽﾞ ｺﾚｸﾃｨﾌﾞ", "ワーカーズ・コレクティブ"),
        ("髙橋", "高橋"),
        ("山﨑", "山崎"),
        ("渡邊", "渡辺"),
        ("渡邉", "渡辺"),
        ("ＷＣＯ", "wco"),
        ("ｗ．ｃｏ", "W.Co"),
        ("さとう　けいこ", "サトウ ケイコ"),
        ("０４５－１２３", "045-123"),
    ],
)
def test_forms_people_type_match(typed, stored):
    """Half-width, hiragana, full-width and variant kanji all find the same name."""
    assert normalize(typed) == normalize(stored)
    assert normalize(typed) in normalize(f"前{stored}後")


@pytest.mark.parametrize(
    ("kana", "name", "key"),
    [
        ("カブシキガイシャ サクラ", "", "サクラ"),
        ("サクラ カブシキガイシャ", "", "サクラ"),
        ("エヌピーオーホウジン ミドリ", "", "ミドリ"),
        ("", "株式会社さくら", "サクラ"),
        ("", "NPO法人みどり", "ミドリ"),
        ("", "（株）ひかり", "ヒカリ"),
        (
            "ハイショクサービスアオバ",
            "ワーカーズ・コレクティブ 配食サービスあおば",
            "ハイショクサービスアオバ",
        ),
    ],
)
def test_sort_key_leaves_out_legal_forms(kana, name, key):
    assert sort_key(kana, name) == key


@pytest.mark.django_db
def test_list_sorts_in_kana_order_ignoring_the_legal_form(client, demo):
    OrganizationFactory(name="株式会社あおい", name_kana="カブシキガイシャアオイ")
    OrganizationFactory(name="いずみ企業組合", name_kana="イズミキギョウクミアイ")
    OrganizationFactory(name="NPO法人うみ", name_kana="エヌピーオーホウジンウミ")
    client.force_login(demo["staff"])
    response = client.get(reverse("members:organization_list"), {"q": ""})
    names = [o.name for o in response.context["organizations"]]
    assert (
        names.index("株式会社あおい")
        < names.index("いずみ企業組合")
        < names.index("NPO法人うみ")
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["ﾊｲｼｮｸｻｰﾋﾞｽ", "はいしょくさーびす", "配食サービス", "ハイショク"]
)
def test_organization_search_in_japanese(client, demo, query):
    client.force_login(demo["staff"])
    response = client.get(reverse("members:organization_list"), {"q": query})
    names = [o.name for o in response.context["organizations"]]
    assert "ワーカーズ・コレクティブ 配食サービスあおば" in names
    assert "ワーカーズ・コレクティブ 清掃 みなと" not in names


@pytest.mark.django_db
def test_person_search_treats_variant_kanji_as_one(client, demo):
    PersonFactory(family_name="髙橋", given_name="花子", family_name_kana="タカハシ")
    client.force_login(demo["staff"])
    for query in ("高橋花子", "髙橋", "たかはし"):
        response = client.get(reverse("members:person_list"), {"q": query})
        assert "髙橋 花子" in [p.full_name for p in response.context["people"]], query
