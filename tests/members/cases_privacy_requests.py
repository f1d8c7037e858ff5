# ruff: noqa: F403, F405
"""The permission matrix rows of the personal-data requests part (issue 16).

Everyone with a registry record (every demo account) asks about their own data and
follows their requests; a request is its person's and the secretariat's (404 to
anyone else); the secretariat keeps the queue, records requests for people who
phoned or wrote and answers corrections; declining an export or an erasure is the
secretary-general's."""

from members.models import PrivacyRequest
from tests.permission_vocabulary import *


def _member_request(demo, kind):
    """A fresh open request of the member's (made again for every request, so a
    withdrawal or an answer always finds one open)."""
    return PrivacyRequest.objects.create(
        person=demo.ctx.accounts["member@example.org"],
        kind=kind,
        channel=PrivacyRequest.Channel.MY_PAGE,
        details="Permission matrix",
    )


def member_correction(demo, who):
    return {"pk": _member_request(demo, PrivacyRequest.Kind.CORRECTION).pk}


def member_export(demo, who):
    return {"pk": _member_request(demo, PrivacyRequest.Kind.EXPORT).pk}


def correction_kind(demo, who):
    return {"kind": "correction"}


CASES = (
    Case(
        "members:privacy_mine",
        get=allow(SIGNED_IN),
        post=allow(SIGNED_IN, NOT_ALLOWED),
    ),
    # An empty correction: its parts are required.
    Case(
        "members:privacy_request_new",
        kwargs=correction_kind,
        get=allow(SIGNED_IN),
        post=allow(SIGNED_IN, FORM_ERRORS),
    ),
    Case(
        "members:privacy_request_withdraw",
        kwargs=member_correction,
        get=reach(MEMBER, NOT_ALLOWED),
        post=reach(MEMBER, DONE),
    ),
    Case(
        "members:privacy_requests",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, NOT_ALLOWED),
    ),
    Case(
        "members:privacy_request_record",
        get=allow(SECRETARIAT),
        post=allow(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "members:privacy_request",
        kwargs=member_correction,
        get=reach(SECRETARIAT | MEMBER),
        post=reach(SECRETARIAT | MEMBER, NOT_ALLOWED),
    ),
    Case(
        "members:privacy_request_answer",
        kwargs=member_correction,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    # Only a correction is answered here (an export or an erasure is carried out on
    # its own page).
    Case(
        "members:privacy_request_answer",
        kwargs=member_export,
        get=reach(),
        post=reach(),
    ),
    Case(
        "members:privacy_request_refuse",
        kwargs=member_correction,
        get=reach(SECRETARIAT),
        post=reach(SECRETARIAT, FORM_ERRORS),
    ),
    Case(
        "members:privacy_request_refuse",
        kwargs=member_export,
        get=reach(SECGEN),
        post=reach(SECGEN, FORM_ERRORS),
    ),
)
