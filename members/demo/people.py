"""The demo's people: one account per role (DESIGN's contract), the officers without
an account, and the helpers that make records once."""

import datetime

from allauth.account.models import EmailAddress

from ..models import Affiliation, Desk, Person, Role, RoleAssignment, Section, User

# Terms run from the founding general assembly of 2024 (DESIGN: started July 2024).
TERM_START = datetime.date(2024, 6, 22)

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


def account(ctx, email):
    """The demo account of ``email``, with the run's password and a verified address."""
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


def person(family, given, family_kana, given_kana, *, account=None, email=""):
    """The person of ``account``, or the one of that name without an account."""
    lookup = (
        {"account": account}
        if account
        else {"family_name": family, "given_name": given, "account__isnull": True}
    )
    found, _created = Person.objects.get_or_create(
        **lookup,
        defaults={
            "family_name": family,
            "given_name": given,
            "family_name_kana": family_kana,
            "given_name_kana": given_kana,
            "email": email,
        },
    )
    return found


def role(person, role, scope, start):
    if not RoleAssignment.objects.filter(
        person=person, role=role, scope=scope
    ).exists():
        RoleAssignment.objects.create(
            person=person, role=role, scope=scope, start=start
        )


def affiliate(person, organization, position, confirmed=True, start=None):
    Affiliation.objects.get_or_create(
        person=person,
        organization=organization,
        position=position,
        defaults={"confirmed": confirmed, "start": start},
    )


def seed_accounts(ctx):
    """One account per role (DESIGN's contract), each with their person and role."""
    for email, family, given, fkana, gkana, held, scope in DEMO_PEOPLE:
        user = account(ctx, email)
        ctx.accounts[email] = found = person(
            family, given, fkana, gkana, account=user, email=email
        )
        if held:
            role(found, held, scope, TERM_START)


def seed_home_wco(ctx, home, partners):
    """The representative and the member belong to a 正会員 W.Co; the member's
    colleague has signed up but is not yet confirmed by the representative."""
    ctx.data["home_wco"] = home
    affiliate(
        ctx.accounts["rep@example.org"],
        home,
        Affiliation.Position.REPRESENTATIVE,
        start=datetime.date(2015, 4, 1),
    )
    affiliate(
        ctx.accounts["member@example.org"],
        home,
        Affiliation.Position.MEMBER,
        start=datetime.date(2019, 10, 1),
    )
    pending = person("石川", "千尋", "イシカワ", "チヒロ")
    affiliate(pending, home, Affiliation.Position.MEMBER, confirmed=False)
    # Directors are drawn from the member W.Cos and the founding partners.
    affiliate(
        ctx.accounts["board@example.org"],
        partners[0],
        Affiliation.Position.REPRESENTATIVE,
    )


def seed_officers(ctx):
    for family, given, fkana, gkana, held in OFFICERS_WITHOUT_ACCOUNTS:
        role(person(family, given, fkana, gkana), held, "", TERM_START)
    # 事務局長 and the full-time officer are the same person in a small secretariat.
    role(ctx.accounts["secgen@example.org"], Role.FULL_TIME_OFFICER, "", TERM_START)


def seed_individual_supporters(names):
    """A few people support the association as individual 賛助会員."""
    for family, given, fkana, gkana in names:
        supporter = person(family, given, fkana, gkana)
        if not supporter.is_individual_supporter:
            supporter.is_individual_supporter = True
            supporter.supporter_since = datetime.date(2024, 7, 1)
            supporter.save()
