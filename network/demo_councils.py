"""The two councils the network section runs (issue 13): the liaison council of the
正会員 W.Cos (連携会議) and the community-building council with 生活クラブ
(まちづくり会議), each with its members, a year of meetings (the past ones held, with
attendance and minutes) and action items in every state: open, done, dropped and
one overdue, some owned by the home W.Co's representative (rep@example.org) so
"My action items" shows them. The まちづくり会議 keeps its まちづくりビジョン・構想 as a
body document in two versions (PDF files that open).

Built through the services, as network@example.org runs the councils. Idempotent: a
database that has the liaison council already is left as it is.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from weasyprint import HTML

from members.demo.people import affiliate
from members.demo.people import person as demo_person
from members.models import Affiliation, Organization
from members.pickers import SEIKATSU_CLUB
from secretariat import services
from secretariat.demo.builder import P, X, at, month_day
from secretariat.models import ActionItem, Body, Meeting, MinutesSignatory
from wco_sse.core.models import OutboundEmail

LIAISON = "正会員単体W.Coによる連携会議"
COMMUNITY = "生活クラブとのまちづくり会議"
PLACE = "W.Co SSE 事務所 会議室（横浜市）"

# (months from now, title); the past ones are held with minutes.
LIAISON_MEETINGS = (
    (-10, "第1回連携会議（地域づくり）"),
    (-7, "第2回連携会議（社会共通資本）"),
    (-4, "第3回連携会議（地域づくり）"),
    (-1, "第4回連携会議（社会共通資本）"),
    (2, "第5回連携会議"),
)
COMMUNITY_MEETINGS = (
    (-9, "第1回まちづくり会議（まちづくりビジョンの検討）"),
    (-5, "第2回まちづくり会議（構想の共有）"),
    (-2, "第3回まちづくり会議（地域拠点の活用）"),
    (1, "第4回まちづくり会議"),
)
# (text, owner: "rep" / "member" / "chair", due in days after the meeting, state)
TASKS = (
    ("地域の居場所づくりの事例を集める", "rep", 30, ActionItem.State.DONE),
    ("会員W.Coへのアンケート案を作る", "chair", 21, ActionItem.State.DROPPED),
    ("次回までに拠点の共同利用の案をまとめる", "rep", 45, ActionItem.State.OPEN),
    ("生活クラブとの協働事業の素案を共有する", "member", 150, ActionItem.State.OPEN),
)


# People of 生活クラブ on the まちづくり会議 (the registry holds the co-op, not yet them).
CLUB_PEOPLE = (
    (("斉藤", "恵子", "サイトウ", "ケイコ"), Affiliation.Position.DIRECTOR),
    (("岡田", "直美", "オカダ", "ナオミ"), Affiliation.Position.STAFF),
)


def _since():
    """The councils' members sit from a year ago, before the first meeting."""
    return month_day(timezone.localdate(), -12, day=1)


def _runner(ctx):
    return ctx.accounts["network@example.org"].account


def _liaison(ctx, network):
    body = services.body_create(
        actor=ctx.accounts["staff@example.org"].account,
        name=LIAISON,
        section="network",
        category=Body.Category.LIAISON,
        description="正会員W.Coの代表者（派遣委員）による連携会議。テーマは地域づくりと社会共通資本。",
    )
    candidates = [
        organization
        for organization in services.regular_wcos_without_seat(body)
        if organization.current_representatives
    ]
    services.body_seat_regular_members(
        actor=network, body=body, organizations=candidates, day=_since()
    )
    return body


def _community(ctx, network):
    body = services.body_create(
        actor=ctx.accounts["staff@example.org"].account,
        name=COMMUNITY,
        section="network",
        category=Body.Category.COMMUNITY,
        description="生活クラブとW.Coの人が地域のまちづくりビジョン・構想を話し合う会議。",
    )
    club = Organization.objects.filter(name__contains=SEIKATSU_CLUB).order_by("pk")
    people = []
    if club:
        for names, position in CLUB_PEOPLE:
            found = demo_person(*names)
            affiliate(found, club[0], position, start=datetime.date(2020, 4, 1))
            people.append(found)
    people += [
        ctx.accounts["rep@example.org"],
        ctx.accounts["member@example.org"],
    ]
    others = (
        Affiliation.objects.current()
        .filter(
            confirmed=True,
            position=Affiliation.Position.REPRESENTATIVE,
            organization__kind=Organization.Kind.WCO,
        )
        .exclude(person__in=people)
        .select_related("person")
        .order_by("pk")
    )
    people += [a.person for a in others[:3]]
    seen = set()
    for person in people:
        if person.pk not in seen:
            seen.add(person.pk)
            services.body_member_add(
                actor=network, body=body, person=person, start=_since()
            )
    return body


def _minutes(network, meeting, chair):
    minutes = services.minutes_start(actor=network, meeting=meeting)
    services.minutes_update(
        actor=network,
        minutes=minutes,
        opening=f"定刻、{chair.full_name}が議長となり開会を宣した。",
        auditors_statements="",
        other_matters="次回の日程と議題を確認した。",
        writer=chair,
    )
    services.minutes_finalize(actor=network, minutes=minutes)
    for signatory in minutes.signatories.order_by("order"):
        services.minutes_sign(
            actor=network,
            signatory=signatory,
            method=MinutesSignatory.Method.SEAL,
            signed_on=meeting.day + datetime.timedelta(days=7),
        )


def _tasks(ctx, network, meeting, people, today):
    for text, who, days, state in TASKS:
        due = meeting.day + datetime.timedelta(days=days)
        if state == ActionItem.State.OPEN and due < today and who != "rep":
            continue
        item = services.action_item_create(
            actor=network, meeting=meeting, text=text, owner=people[who], due_on=due
        )
        if state == ActionItem.State.DONE:
            services.action_item_complete(
                actor=network, item=item, note="事例集を共有フォルダに置きました。"
            )
        elif state == ActionItem.State.DROPPED:
            services.action_item_update(
                actor=network,
                item=item,
                text=item.text,
                owner=item.owner,
                due_on=item.due_on,
                state=ActionItem.State.DROPPED,
                note="事務局の実態調査に合わせることにしました。",
            )


def _year(ctx, network, body, schedule, *, tasks_on):
    today = timezone.localdate()
    members = [m.person for m in body.members.filter(end__isnull=True).order_by("pk")]
    chair = members[0]
    people = {
        "rep": ctx.accounts["rep@example.org"],
        "member": ctx.accounts["member@example.org"],
        "chair": chair,
    }
    for months, title in schedule:
        day = month_day(today, months, day=15)
        meeting = services.meeting_create(
            actor=network,
            body=body,
            title=title,
            starts_at=at(day),
            ends_at=at(day, 16),
            place=PLACE,
            chair=chair,
        )
        if day >= today:
            continue
        services.meeting_convene(actor=network, meeting=meeting)
        # Convened in time, as it would have been ten days before.
        Meeting.objects.filter(pk=meeting.pk).update(
            convened_at=meeting.starts_at - datetime.timedelta(days=10),
            convened_late=False,
        )
        services.meeting_hold(actor=network, meeting=meeting)
        for index, person in enumerate(members):
            services.attendance_set(
                actor=network,
                meeting=meeting,
                person=person,
                kind=X if index % 4 == 3 else P,
            )
        meeting.refresh_from_db()
        _minutes(network, meeting, chair)
        if months in tasks_on:
            _tasks(ctx, network, meeting, people, today)


VISION = "まちづくりビジョン・構想"
# (chapters of the vision, the change note) per version.
VISION_VERSIONS = (
    (
        (
            "1. 目指す地域の姿",
            "誰もが役割と居場所を持ち、食・ケア・子育てを地域で支え合えるまちをつくります。",
        ),
        (
            "2. 重点テーマ",
            "地域の食の拠点づくり、高齢者と子育て世帯の居場所、空き店舗の活用。",
        ),
    ),
    "第1回会議の議論をもとにした案",
)
VISION_REVISION = (
    (
        "3. 拠点の活用",
        "生活クラブのデポーと W.Co の事業所を地域拠点として共同で活用します。",
    ),
    "第3回会議で「拠点の活用」の章を加えました",
)


def _vision_pdf(chapters, number):
    sections = "".join(f"<h2>{title}</h2><p>{text}</p>" for title, text in chapters)
    html = (
        '<html lang="ja"><body style="font-family: \'Noto Sans CJK JP\', sans-serif">'
        f"<h1>{COMMUNITY}　{VISION}（第{number}版）</h1>{sections}</body></html>"
    )
    return SimpleUploadedFile(
        f"machizukuri_vision_v{number}.pdf",
        HTML(string=html).write_pdf(),
        content_type="application/pdf",
    )


def _vision(network, body):
    """The vision as a body document: the first draft, then the version the third
    meeting revised."""
    chapters, note = VISION_VERSIONS
    document = services.body_document_add(
        actor=network,
        body=body,
        title=VISION,
        uploaded=_vision_pdf(chapters, 1),
        note=note,
    )
    chapter, revised = VISION_REVISION
    services.body_document_version_add(
        actor=network,
        document=document,
        uploaded=_vision_pdf((*chapters, chapter), 2),
        note=revised,
    )


def seed(ctx):
    if Body.objects.filter(name=LIAISON, section="network").exists():
        return
    network = _runner(ctx)
    first_email = (
        OutboundEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    )
    liaison = _liaison(ctx, network)
    community = _community(ctx, network)
    _year(ctx, network, liaison, LIAISON_MEETINGS, tasks_on={-4, -1})
    _year(ctx, network, community, COMMUNITY_MEETINGS, tasks_on={-2})
    _vision(network, community)
    # Demo emails (convocations) are recorded as sent: nobody receives them.
    OutboundEmail.objects.filter(pk__gt=first_email).update(
        status=OutboundEmail.Status.SENT, sent_at=timezone.now(), sealed=""
    )
    ctx.log(
        "Network: the liaison and community-building councils with a year of meetings."
    )
