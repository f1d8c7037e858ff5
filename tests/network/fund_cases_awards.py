"""The fund's permission matrix rows: awards (issue 14).

An award is read by the secretariat, the board (directors and 監事), the network
section and the representative of the awarded W.Co; the secretariat manages it
(amount, payment mode, payments, acceptance, refund, settlement); the secretariat
and the representative request changes and write the report; a change is decided by
the secretariat, or by the fund committee above the round's share. Anyone else finds
no award (404); the list answers 403 to those who read none.
"""

from tests.permission_vocabulary import (
    BOARD,
    DONE,
    FORM_ERRORS,
    NOT_ALLOWED,
    REP,
    SECRETARIAT,
    Case,
    allow,
    reach,
)

READERS = SECRETARIAT | BOARD | frozenset({"network"})
REPORTERS = SECRETARIAT | REP


def _home(demo):
    return demo.ctx.data["home_wco"]


def _other(demo):
    return demo.ctx.data["wcos"][1]


def home_award(demo, who):
    from tests.network.fund.awards_helpers import make_award

    return {"pk": make_award(_home(demo)).pk}


def other_award(demo, who):
    from tests.network.fund.awards_helpers import make_award

    return {"pk": make_award(_other(demo)).pk}


def awaiting_award(demo, who):
    from tests.network.fund.awards_helpers import make_award

    return {"pk": make_award(_home(demo), awaiting=True).pk}


def prepared_payment(demo, who):
    """A payment of the home W.Co's award, prepared by staff@."""
    from django.utils import timezone

    from network.fund import services_awards as services
    from tests.network.fund.awards_helpers import make_award

    award = make_award(_home(demo))
    payment = services.payment_prepare(
        actor=demo["staff"],
        award=award,
        kind="advance",
        amount=10_000,
        pay_on=timezone.localdate(),
        key=f"matrix-{award.pk}",
    )
    return {"pk": payment.pk}


def _change(demo, rows):
    from network.fund import services_awards as services
    from tests.network.fund.awards_helpers import make_award

    award = make_award(_home(demo))
    change = services.change_create(
        actor=demo["staff"],
        award=award,
        reason="計画の変更",
        lines=[
            {"category": c, "description": "", "amount": a, "from_fund": f}
            for c, a, f in rows
        ],
    )
    return {"pk": change.pk}


def small_change(demo, who):
    return _change(
        demo, [("personnel", 220_000, 220_000), ("supplies", 200_000, 80_000)]
    )


def large_change(demo, who):
    return _change(demo, [("personnel", 100_000, 100_000), ("venue", 200_000, 200_000)])


def _form(who):
    return {"get": reach(who), "post": reach(who, FORM_ERRORS)}


def _action(who):
    return {
        "get": reach(who, NOT_ALLOWED),
        "post": reach(who, DONE),
    }


CASES = (
    Case(
        "network:fund_awards",
        get=allow(READERS | REP),
        post=allow(READERS | REP, NOT_ALLOWED),
    ),
    Case(
        "network:fund_award",
        kwargs=home_award,
        get=reach(READERS | REP),
        post=reach(READERS | REP, NOT_ALLOWED),
    ),
    # The representative of another W.Co finds no award of it.
    Case(
        "network:fund_award",
        kwargs=other_award,
        get=reach(READERS),
        post=reach(READERS, NOT_ALLOWED),
    ),
    Case("network:fund_award_amount", kwargs=awaiting_award, **_form(SECRETARIAT)),
    Case("network:fund_award_edit", kwargs=home_award, **_form(SECRETARIAT)),
    Case(
        "network:fund_award_notice",
        kwargs=home_award,
        get=reach(REPORTERS),
        post=reach(REPORTERS, NOT_ALLOWED),
    ),
    Case(
        "network:fund_award_notice",
        kwargs=other_award,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "network:fund_payment_prepare",
        kwargs=home_award,
        **_form(SECRETARIAT),
    ),
    Case(
        "network:fund_payment_confirm",
        kwargs=prepared_payment,
        **_action(SECRETARIAT),
    ),
    Case(
        "network:fund_payment_cancel",
        kwargs=prepared_payment,
        **_action(SECRETARIAT),
    ),
    Case("network:fund_change_create", kwargs=home_award, **_form(REPORTERS)),
    Case("network:fund_change_create", kwargs=other_award, **_form(SECRETARIAT)),
    Case("network:fund_change_decide", kwargs=small_change, **_form(SECRETARIAT)),
    Case(
        "network:fund_change_decide",
        kwargs=large_change,
        **_form(frozenset({"fund"})),
    ),
    Case("network:fund_report", kwargs=home_award, **_form(REPORTERS)),
    Case("network:fund_report", kwargs=other_award, **_form(SECRETARIAT)),
    Case(
        "network:fund_report_accept",
        kwargs=home_award,
        **_action(SECRETARIAT),
    ),
    Case("network:fund_refund", kwargs=home_award, **_form(SECRETARIAT)),
    Case(
        "network:fund_award_settle",
        kwargs=home_award,
        **_action(SECRETARIAT),
    ),
)
