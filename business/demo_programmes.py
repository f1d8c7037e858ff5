"""The programmes part's demo data (issue 17): the social-workplace model project's
plan (a document) and the board's adoption of it (an adopted item, which is why it
is in preparation); a draft item on continuing the 横浜市 contract next year.

Built at the model level (no email), as the support section's demo builds its
projects' items; each record is looked up first, so a second seed adds nothing.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Max
from django.utils import timezone

from secretariat.demo.builder import at
from secretariat.models import AgendaItem, Body, Decision, Meeting
from wco_sse.core.files import file_attach, files_attached_to

from .models import Programme

PLAN_NAME = "社会的事業所モデル事業_事業計画書（案）.pdf"
PLAN_CHAPTERS = (
    (
        "1. 目的",
        "障がいや生きづらさの有無にかかわらず、ともに働き、ともに運営する職場を"
        "W.Coとともにつくり、その運営の手引きをまとめます。",
    ),
    (
        "2. 実施体制",
        "事業セクションが事務局を務め、協力W.Coの現場で就労体験と職場づくりを"
        "進めます。月1回、協力W.Coと振り返りの会を開きます。",
    ),
    (
        "3. スケジュール",
        "準備期間（3か月）：受け入れ体制の整備と研修。実施期間（9か月）："
        "就労体験の受け入れ、運営の手引きのとりまとめ。",
    ),
    (
        "4. 予算の考え方",
        "人件費と研修費を中心に、助成金と自主財源で賄います。詳細は別紙とします。",
    ),
)
ADOPTED_TITLE = "「共に働く社会的事業所モデル事業」の実施について"
DRAFT_TITLE = "「横浜市 就労準備支援事業」の次年度受託について"


def _plan_pdf():
    from weasyprint import HTML

    sections = "".join(
        f"<h2>{title}</h2><p>{text}</p>" for title, text in PLAN_CHAPTERS
    )
    html = (
        '<html lang="ja"><body style="font-family: \'Noto Sans CJK JP\', sans-serif">'
        f"<h1>共に働く社会的事業所モデル事業 事業計画書（案）</h1>{sections}"
        "</body></html>"
    )
    return SimpleUploadedFile(
        PLAN_NAME, HTML(string=html).write_pdf(), content_type="application/pdf"
    )


def _attach_plan(programme, actor):
    if any(f.original_name == PLAN_NAME for f in files_attached_to(programme)):
        return
    file_attach(
        actor=actor,
        target=programme,
        uploaded=_plan_pdf(),
        description="理事会に諮った事業計画書（案）",
    )


def _item_body(programme):
    return (
        f"種別：{programme.kind}\n\n担当者：{programme.lead.full_name}\n\n"
        f"目的：{programme.purpose}"
    )


def _subject(programme):
    return {
        "subject_type": ContentType.objects.get_for_model(Programme),
        "subject_id": programme.pk,
    }


def _past_board_meeting(ctx, today):
    """The latest board meeting held (the secretariat's demo), or one made for it
    where there is none (the test suite)."""
    board = Body.objects.statutory(Body.Kind.BOARD)
    held = (
        Meeting.objects.filter(
            body=board,
            status__in=Meeting.HAS_TAKEN_PLACE,
            starts_at__lt=at(today, 0),
        )
        .order_by("-starts_at")
        .first()
    )
    if held is not None:
        return held
    day = today - datetime.timedelta(days=30)
    meeting, _created = Meeting.objects.get_or_create(
        body=board,
        title="理事会（事業の承認）",
        defaults={
            "starts_at": at(day),
            "ends_at": at(day, 16),
            "place": "W.Co SSE 事務所 会議室（横浜市）",
            "status": Meeting.Status.HELD,
            "submission_deadline": at(day) - datetime.timedelta(days=14),
            "convened_at": at(day) - datetime.timedelta(days=10),
            "created_by": ctx.accounts["staff@example.org"].account,
        },
    )
    return meeting


def _adopted_item(ctx, programme, today):
    """The item the board adopted: it moved the project from study into
    preparation."""
    if AgendaItem.objects.filter(title=ADOPTED_TITLE, **_subject(programme)).exists():
        return
    meeting = _past_board_meeting(ctx, today)
    order = (meeting.items.aggregate(top=Max("order"))["top"] or 0) + 1
    author = ctx.accounts["business@example.org"].account
    item = AgendaItem.objects.create(
        source="business",
        kind=AgendaItem.Kind.DELIBERATION,
        title=ADOPTED_TITLE,
        body=_item_body(programme),
        status=AgendaItem.Status.APPROVED,
        target_meeting=meeting,
        meeting=meeting,
        order=order,
        submitted_at=meeting.starts_at - datetime.timedelta(days=20),
        created_by=author,
        **_subject(programme),
    )
    Decision.objects.create(
        item=item,
        meeting=meeting,
        outcome=AgendaItem.Status.APPROVED,
        adopted=True,
        quorum_met=True,
        discussion="協力W.Coの受け入れ体制を確かめたうえで、準備を始めることとした。",
        agenda_order=order,
        decided_on=meeting.day,
        recorded_by=ctx.accounts["staff@example.org"].account,
    )


def _draft_item(ctx, programme):
    if AgendaItem.objects.filter(title=DRAFT_TITLE, **_subject(programme)).exists():
        return
    AgendaItem.objects.create(
        source="business",
        kind=AgendaItem.Kind.DELIBERATION,
        title=DRAFT_TITLE,
        body=_item_body(programme),
        status=AgendaItem.Status.DRAFT,
        created_by=ctx.accounts["business@example.org"].account,
        **_subject(programme),
    )


def seed(ctx):
    programmes = ctx.data["business_programmes"]
    today = timezone.localdate()
    lead = ctx.accounts["business@example.org"].account
    social = programmes["social_workplace"]
    _attach_plan(social, lead)
    _adopted_item(ctx, social, today)
    _draft_item(ctx, programmes["yokohama_employment"])
