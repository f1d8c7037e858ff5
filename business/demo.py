"""The business section's demo data (issue 17): the programmes every part hangs its
records on, then each part's own seed.

- 就労準備支援 with 横浜市, this fiscal year (contract, monthly reports, budget and
  expenses);
- 自立相談支援 with 川崎市 as a joint venture with 生活クラブ;
- a 共に働く社会的事業所 model project in preparation;
- a programme of places (a café run by a demo W.Co, a 子ども食堂, a pantry run by
  the organization, and a pantry run by the home W.Co that member@example.org
  records), with a year of sessions.

``business@example.org`` leads them. Idempotent: programmes are found by title.
"""

from django.utils import timezone

from members.models import Organization
from wco_sse.core.japan import fiscal_year, fiscal_year_bounds

from . import demo_contracts, demo_programmes, demo_reports, demo_sites, reference
from .models import Partner, Programme, ProgrammeKind

# key: (kind name, title, state, purpose)
PROGRAMMES = {
    "yokohama_employment": (
        "就労準備支援",
        "横浜市 就労準備支援事業",
        Programme.State.ACTIVE,
        "生活困窮者自立支援法に基づき、すぐに一般就労が難しい方に、生活習慣の"
        "立て直しから就労体験までを段階的に支援します。",
    ),
    "kawasaki_jv": (
        "自立相談支援",
        "川崎市 自立相談支援事業（生活クラブとの共同企業体）",
        Programme.State.ACTIVE,
        "生活クラブ生活協同組合と共同企業体を組み、市内の相談窓口を運営します。",
    ),
    "social_workplace": (
        "共に働く社会的事業所モデル事業",
        "共に働く社会的事業所モデル事業",
        Programme.State.PREPARING,
        "障がいのある人もない人も、ともに働き、ともに運営する職場づくりを"
        "W.Coと進めるモデル事業です。",
    ),
    "places": (
        "食支援",
        "地域の居場所・食支援事業",
        Programme.State.ACTIVE,
        "カフェ、子ども食堂、フードパントリーを地域のW.Coと運営し、"
        "食と居場所を届けます。",
    ),
}


def _organization(name):
    return Organization.objects.filter(name=name).first()


def seed(ctx):
    if not ProgrammeKind.objects.exists():
        from django.apps import apps

        reference.load(apps)  # a flushed test database has lost what migrations loaded
    lead = ctx.accounts["business@example.org"]
    today = timezone.localdate()
    year_start, year_end = fiscal_year_bounds(fiscal_year(today))
    programmes = {}
    for key, (kind_name, title, state, purpose) in PROGRAMMES.items():
        programme = Programme.objects.filter(title=title).first()
        if programme is None:
            programme = Programme.objects.create(
                kind=ProgrammeKind.objects.get(name=kind_name),
                title=title,
                purpose=purpose,
                state=state,
                start=year_start if state == Programme.State.ACTIVE else None,
                end=year_end if key != "places" else None,
                lead=lead,
                created_by=lead.account,
            )
        programmes[key] = programme
    ctx.data["business_programmes"] = programmes

    yokohama = _organization("横浜市")
    kawasaki = _organization("川崎市")
    coop = _organization("生活クラブ生活協同組合（神奈川）")
    partners = (
        ("yokohama_employment", yokohama, Partner.Part.CLIENT, None),
        ("kawasaki_jv", kawasaki, Partner.Part.CLIENT, None),
        ("kawasaki_jv", coop, Partner.Part.JV_MEMBER, 40),
        ("social_workplace", ctx.data["home_wco"], Partner.Part.COOPERATING, None),
        ("places", coop, Partner.Part.COOPERATING, None),
    )
    for key, organization, part, share in partners:
        if organization is None:
            continue
        Partner.objects.get_or_create(
            programme=programmes[key],
            organization=organization,
            part=part,
            defaults={"share": share},
        )

    demo_programmes.seed(ctx)
    demo_contracts.seed(ctx)
    demo_reports.seed(ctx)
    demo_sites.seed(ctx)
