"""The network section's demo data: the councils (demo_councils), the initiatives
(demo_initiatives), the proposals (demo_proposals), the bulk data for load tests
(demo_scale) and, here, a year of contacts with partners (生活クラブ,
横浜市, 川崎市 and two partners added here: a workers' co-op federation and a labour
bank), with follow-ups open, overdue and done.

Recorded through the services (which send no email for a contact). Idempotent: a
database whose partners already have contacts is left as it is.
"""

import datetime

from django.utils import timezone

from members.models import LegalForm, LegalFormChange, Organization

from . import demo_councils, demo_initiatives, demo_proposals, demo_scale, services
from .fund import demo as fund_demo
from .models import Contact

NEW_PARTNERS = (
    (
        "日本労働者協同組合連合会 神奈川事業本部",
        "ニホンロウドウシャキョウドウクミアイレンゴウカイカナガワジギョウホンブ",
        LegalForm.WORKERS_COOPERATIVE,
        None,
    ),
    ("中央労働金庫 神奈川県本部", "チュウオウロウドウキンコカナガワケンホンブ", LegalForm.OTHER, "business_finance"),
)  # fmt: skip
PARTNER_NAMES = ("生活クラブ生活協同組合（神奈川）", "横浜市", "川崎市")
TOPICS = (
    ("meeting", "まちづくり会議の進め方", "次回の議題と日程を相談した。", "議事メモを共有する"),
    ("phone", "協働事業の相談", "来年度の協働事業の枠組みについて意見交換した。", "企画書の素案を送る"),
    ("visit", "地域拠点の共同利用", "拠点の空き時間の使い方を現地で確認した。", ""),
    ("conference", "連携会議への参加依頼", "連携会議へのオブザーバー参加をお願いした。", "案内状を送る"),
    ("email", "調査への協力依頼", "W.Coの実態調査への協力をお願いした。", "調査票を送る"),
    ("other", "年次報告の送付", "年次報告書を送付した。", ""),
)  # fmt: skip
CONTACTS_PER_PARTNER = 6


def _partners():
    partners = list(Organization.objects.filter(name__in=PARTNER_NAMES))
    for name, kana, legal_form, _category in NEW_PARTNERS:
        organization = Organization.objects.filter(name=name).first()
        if organization is None:
            organization = Organization.objects.create(
                name=name,
                name_kana=kana,
                kind=Organization.Kind.PARTNER,
                legal_form=legal_form,
                membership_class=Organization.MembershipClass.NONE,
            )
            LegalFormChange.objects.create(
                organization=organization, legal_form=legal_form
            )
        partners.append(organization)
    return partners


def seed(ctx):
    demo_councils.seed(ctx)
    _contacts(ctx)
    demo_initiatives.seed(ctx)
    demo_proposals.seed(ctx)
    fund_demo.seed(ctx)
    if ctx.scale:
        demo_scale.seed_scale(ctx)


def _contacts(ctx):
    partners = _partners()
    if Contact.objects.filter(organization__in=partners).exists():
        return
    network = ctx.accounts["network@example.org"]
    staff = ctx.accounts["staff@example.org"]
    categories = {name: category for name, _kana, _form, category in NEW_PARTNERS}
    today = timezone.localdate()
    added = 0
    for p_index, organization in enumerate(partners):
        for index in range(CONTACTS_PER_PARTNER):
            number = p_index * CONTACTS_PER_PARTNER + index
            channel, topic, summary, follow_up = TOPICS[index % len(TOPICS)]
            date = today - datetime.timedelta(days=12 * (30 - number))
            owner = network if number % 2 else staff
            data = {
                "date": date,
                "channel": channel,
                "category": categories.get(organization.name)
                or services.contact_initial_category(organization=organization),
                "topic": topic,
                "summary": summary,
                "their_people": "担当課長、担当者",
                "our_people": [network, staff] if number % 3 else [network],
            }
            if follow_up:
                data.update(
                    follow_up=follow_up,
                    follow_up_owner=owner,
                    follow_up_due=date + datetime.timedelta(days=14),
                )
            contact = services.contact_create(
                actor=staff.account, organization=organization, data=data
            )
            # The older follow-ups were done; the last few are open or overdue.
            if follow_up and number < 24:
                services.contact_follow_up_done(actor=staff.account, contact=contact)
            added += 1
    ctx.log(f"Network: {added} contacts with partners added.")
