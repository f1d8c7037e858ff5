"""Bulk data for load tests (``seed_demo --scale N``): N × 25 W.Cos and 500 people
with accounts, each a member of one of them."""

import random

from allauth.account.models import EmailAddress
from django.utils import timezone

from ..models import Affiliation, Organization, Person, User

_FAMILY = [
    ("佐々木", "ササキ"),
    ("山崎", "ヤマザキ"),
    ("阿部", "アベ"),
    ("石井", "イシイ"),
    ("橋本", "ハシモト"),
    ("小川", "オガワ"),
    ("岡田", "オカダ"),
    ("後藤", "ゴトウ"),
    ("長谷川", "ハセガワ"),
    ("村上", "ムラカミ"),
    ("近藤", "コンドウ"),
    ("坂本", "サカモト"),
]
_GIVEN = [
    ("陽子", "ヨウコ"),
    ("裕美", "ヒロミ"),
    ("聡", "サトシ"),
    ("久美子", "クミコ"),
    ("由紀", "ユキ"),
    ("浩", "ヒロシ"),
    ("典子", "ノリコ"),
    ("真由美", "マユミ"),
    ("恵", "メグミ"),
    ("亮", "リョウ"),
    ("千春", "チハル"),
    ("修", "オサム"),
]
_PLACES = [
    ("あおば", "アオバ"),
    ("みどり", "ミドリ"),
    ("つづき", "ツヅキ"),
    ("こうなん", "コウナン"),
    ("ひらつか", "ヒラツカ"),
    ("ふじさわ", "フジサワ"),
    ("ちがさき", "チガサキ"),
    ("さがみはら", "サガミハラ"),
    ("あつぎ", "アツギ"),
    ("やまと", "ヤマト"),
]
_TRADES = [
    ("配食", "ハイショク"),
    ("介護", "カイゴ"),
    ("子育て", "コソダテ"),
    ("清掃", "セイソウ"),
    ("カフェ", "カフェ"),
    ("移動サービス", "イドウサービス"),
    ("編集", "ヘンシュウ"),
]
SCALE_ORGS, SCALE_PEOPLE = 25, 500
SCALE_EMAIL_DOMAIN = "scale.example.org"


def seed_scale(ctx):
    """Bulk data for load tests; tops up to the requested scale and no further."""
    rng = random.Random(2024)
    new_orgs = _scale_organizations(ctx, rng)
    org_ids = list(
        Organization.objects.filter(name__startswith="W.Co ").values_list(
            "pk", flat=True
        )
    )
    accounts = _scale_accounts(ctx)
    people = _scale_people(accounts)
    Affiliation.objects.bulk_create(
        [
            Affiliation(
                person_id=pk,
                organization_id=rng.choice(org_ids),
                confirmed=True,
                position=Affiliation.Position.MEMBER,
            )
            for pk in Person.objects.filter(account__in=accounts).values_list(
                "pk", flat=True
            )
        ],
        batch_size=2000,
    )
    _refresh_scale_search_fields()
    ctx.log(
        f"Scale {ctx.scale}: {len(new_orgs)} organizations and {len(people)} people added."
    )


def _scale_organizations(ctx, rng):
    """The W.Cos missing up to the scale."""
    have = Organization.objects.filter(name__startswith="W.Co ").count()
    new = []
    for i in range(have, SCALE_ORGS * ctx.scale):
        place, place_kana = _PLACES[i % len(_PLACES)]
        trade, trade_kana = _TRADES[i % len(_TRADES)]
        organization = Organization(
            name=f"W.Co {place}{trade} {i + 1:04d}",
            name_kana=f"{place_kana}{trade_kana}{i + 1:04d}",
            kind=Organization.Kind.WCO,
            membership_class=rng.choice(Organization.MembershipClass.values),
        )
        organization.refresh_search_fields()  # bulk_create skips save()
        new.append(organization)
    Organization.objects.bulk_create(new, batch_size=1000)
    return new


def _scale_accounts(ctx):
    """The accounts missing up to the scale, as saved (with their ids)."""
    have = User.objects.filter(email__endswith="@" + SCALE_EMAIL_DOMAIN).count()
    now = timezone.now()
    users = [
        User(
            email=f"person{i + 1:06d}@{SCALE_EMAIL_DOMAIN}",
            password=ctx.password_hash,
            date_joined=now,
        )
        for i in range(have, SCALE_PEOPLE * ctx.scale)
    ]
    User.objects.bulk_create(users, batch_size=2000)
    return User.objects.filter(email__in=[u.email for u in users]).order_by("pk")


def _scale_people(accounts):
    """A person and a verified email address for each new account."""
    people = []
    emails = []
    for index, user in enumerate(accounts):
        family, fkana = _FAMILY[index % len(_FAMILY)]
        given, gkana = _GIVEN[(index // len(_FAMILY)) % len(_GIVEN)]
        person = Person(
            family_name=family,
            given_name=given,
            family_name_kana=fkana,
            given_name_kana=gkana,
            email=user.email,
            account=user,
        )
        person.refresh_search_fields()
        people.append(person)
        emails.append(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
        )
    Person.objects.bulk_create(people, batch_size=2000)
    EmailAddress.objects.bulk_create(emails, batch_size=2000)
    return people


def _refresh_scale_search_fields():
    """Scale rows seeded before their search and sort keys were filled get them now."""
    for model, rows in (
        (Organization, Organization.objects.filter(name__startswith="W.Co ")),
        (Person, Person.objects.filter(email__endswith="@" + SCALE_EMAIL_DOMAIN)),
    ):
        stale = list(rows.filter(sort_key=""))
        for row in stale:
            row.refresh_search_fields()
        model.objects.bulk_update(stale, ["search_text", "sort_key"], batch_size=2000)
