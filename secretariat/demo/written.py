"""Resolutions without a meeting: one adopted (with its minutes), one lapsed on a
director's objection, one still collecting consents."""

import datetime

from django.utils import timezone

from .. import services
from ..models import WrittenResolution, WrittenResponse
from .builder import at, month_day


def _propose_and_circulate(b, proposer, title, text, *, days):
    resolution = services.written_resolution_propose(
        actor=b.staff, proposer=proposer, title=title, text=text
    )
    services.written_resolution_circulate(
        actor=b.staff,
        resolution=resolution,
        deadline=timezone.now() + datetime.timedelta(days=days),
    )
    return resolution


def _on_paper(b, resolution, person, answer):
    services.written_response_answer(
        actor=b.staff,
        response=resolution.responses.get(person=person),
        answer=answer,
        via=WrittenResponse.Via.PAPER,
    )


def _adopted(b):
    cast = b.cast
    adopted = _propose_and_circulate(
        b,
        cast.representative,
        "事務所賃貸借契約の更新",
        "現事務所の賃貸借契約を同条件で2年間更新する。",
        days=7,
    )
    for person in cast.directors:
        _on_paper(b, adopted, person, "consent")
    adopted_day = month_day(b.today, -4, day=5)
    WrittenResolution.objects.filter(pk=adopted.pk).update(adopted_on=adopted_day)
    adopted.responses.update(answered_at=at(adopted_day, 10))
    minutes = adopted.minutes
    services.minutes_update(
        actor=b.staff,
        minutes=minutes,
        opening="",
        auditors_statements="",
        other_matters="",
        writer=cast.representative,
    )
    services.minutes_finalize(actor=b.staff, minutes=minutes)


def written_resolutions(b):
    cast = b.cast
    _adopted(b)
    lapsed = _propose_and_circulate(
        b, cast.hayashi, "広報誌の外部委託", "広報誌の編集を外部に委託する。", days=7
    )
    _on_paper(b, lapsed, cast.mori, "object")
    open_one = _propose_and_circulate(
        b,
        cast.representative,
        "年末年始の臨時休業日の設定",
        "12月28日から1月5日までを事務局の休業日とする。",
        days=10,
    )
    for person in (cast.hayashi, cast.yamaguchi):
        _on_paper(b, open_one, person, "consent")
