"""The personal-data demo (issue 16): requests in every state and kind, the seeded
retention rules and a past run's report.

Seeded late (``seed_late``, after every app's ``seed``) so the retention runs see the
records the other apps made. Requests are made once (by person, kind and details);
the runs only when the demo has none yet. Dates are set back so the pages read like
a year in use: an export whose file is long deleted, a run dated last month.
"""

import datetime

from django.utils import timezone

from ..models import PrivacyRequest, RetentionRun
from ..personal_data import reference
from ..personal_data.retention import retention_dry_run, retention_run

Kind = PrivacyRequest.Kind
State = PrivacyRequest.State
Channel = PrivacyRequest.Channel

# (who: an account's email or a registry name, kind, state, channel, days ago,
#  details, answer, rows exported)
REQUESTS = (
    (
        "member@example.org",
        Kind.EXPORT,
        State.DONE,
        Channel.MY_PAGE,
        60,
        "講座の申込や相談の記録を含め、登録されている私の情報をすべて開示してください。",
        "開示ファイルを作成し、事務局長からお渡ししました。",
        42,
    ),
    (
        "member@example.org",
        Kind.CORRECTION,
        State.DONE,
        Channel.MY_PAGE,
        40,
        "昨年秋の講座の申込で、所属W.Coが前の団体のままになっています。現在の所属に直してください。",
        "申込記録の所属W.Coを訂正しました。ご連絡ありがとうございました。",
        None,
    ),
    (
        "citizen@example.org",
        Kind.CORRECTION,
        State.IN_PROGRESS,
        Channel.EMAIL,
        6,
        "相談の記録にある私の氏名の漢字が誤っています（「翔太」が正しい表記です）。",
        "",
        None,
    ),
    (
        ("青木", "順子"),
        Kind.ERASURE,
        State.RECEIVED,
        Channel.PHONE,
        2,
        "転居のため活動をやめるので、登録情報を削除してほしいとのお電話がありました（事務局で受付）。",
        "",
        None,
    ),
    (
        ("石田", "和美"),
        Kind.ERASURE,
        State.REFUSED,
        Channel.LETTER,
        90,
        "総会の議事録から私の名前を削除してください。",
        "議事録は法律で保存が義務づけられた記録のため、削除には応じられません。"
        "ご本人の連絡先など、それ以外の情報は利用を停止しました。",
        None,
    ),
    (
        "citizen@example.org",
        Kind.ERASURE,
        State.WITHDRAWN,
        Channel.MY_PAGE,
        30,
        "講座を受講する予定がなくなったので、登録を削除したいです。",
        "",
        None,
    ),
)


def _person(ctx, who):
    from ..models import Person

    if isinstance(who, str):
        return ctx.accounts.get(who)
    family, given = who
    return (
        Person.objects.filter(family_name=family, given_name=given)
        .order_by("pk")
        .first()
    )


def seed_requests(ctx):
    now = timezone.now()
    staff = ctx.accounts.get("staff@example.org")
    secgen = ctx.accounts.get("secgen@example.org")
    made = 0
    for who, kind, state, channel, days, details, answer, rows in REQUESTS:
        person = _person(ctx, who)
        if person is None:
            continue
        request, created = PrivacyRequest.objects.get_or_create(
            person=person,
            kind=kind,
            details=details,
            defaults={"state": state, "channel": channel, "answer": answer},
        )
        if not created:
            continue
        made += 1
        received = now - datetime.timedelta(days=days)
        handler = secgen if kind != Kind.CORRECTION else staff
        recorder = staff if channel != Channel.MY_PAGE else person
        values = {
            "created_at": received,
            "requested_by_id": getattr(recorder, "account_id", None),
        }
        if state != State.RECEIVED:
            values["handled_by_id"] = getattr(handler, "account_id", None)
        if state in (State.DONE, State.REFUSED, State.WITHDRAWN):
            values["closed_at"] = received + datetime.timedelta(days=3)
        if kind == Kind.EXPORT and state == State.DONE:
            # The ZIP went 7 days after it was made: only its date remains.
            values["export_rows"] = rows
            values["expires_at"] = received + datetime.timedelta(days=10)
        PrivacyRequest.objects.filter(pk=request.pk).update(**values)
    return made


def _last_month(day):
    first = day.replace(day=1)
    return first - datetime.timedelta(days=1)


def seed_runs(ctx):
    """Last month's monthly dry run and nightly run, through the services."""
    if RetentionRun.objects.exists():
        return 0
    today = timezone.localdate()
    previous = _last_month(today)
    dry = retention_dry_run(scheduled=True)
    report_at = timezone.make_aware(
        datetime.datetime.combine(previous.replace(day=1), datetime.time(6, 0))
    )
    RetentionRun.objects.filter(pk=dry.pk).update(
        started_at=report_at, finished_at=report_at + datetime.timedelta(seconds=2)
    )
    run = retention_run(scheduled=True)
    run_at = timezone.make_aware(
        datetime.datetime.combine(previous.replace(day=2), datetime.time(3, 0))
    )
    RetentionRun.objects.filter(pk=run.pk).update(
        started_at=run_at, finished_at=run_at + datetime.timedelta(seconds=5)
    )
    return 2


def seed_privacy(ctx):
    reference.ensure_loaded()
    requests = seed_requests(ctx)
    runs = seed_runs(ctx)
    ctx.log(f"Personal data: {requests} requests, {runs} retention runs.")
