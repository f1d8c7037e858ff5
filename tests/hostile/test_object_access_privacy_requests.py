"""ID guessing on the personal-data requests part (issue 16). ``tests/hostile/
test_object_access.py`` takes these lists into its own (OWNED, NOT_OWNED,
OWNER_SIDE).

A request is its person's and the secretariat's: anyone else finds no request by
its id (404), as for an id that does not exist. Withdrawing is the person's alone."""

from members.models import PrivacyRequest


def _pk(made, record_id):
    return {"pk": record_id}


def member_correction(demo):
    request = PrivacyRequest.objects.create(
        person=demo.ctx.accounts["member@example.org"],
        kind=PrivacyRequest.Kind.CORRECTION,
        channel=PrivacyRequest.Channel.MY_PAGE,
        details="ID guessing",
    )
    return {"id": request.pk}


STRANGERS = (
    "rep",
    "board",
    "auditor",
    "council",
    "support",
    "network",
    "business",
    "school",
    "advisor",
    "fund",
    "citizen",
    "stranger",
)


def owned():
    from tests.hostile.test_object_access import Owned

    return (
        Owned(
            "personal-data request",
            member_correction,
            {
                "members:privacy_request": _pk,
                "members:privacy_request_answer": _pk,
                "members:privacy_request_refuse": _pk,
            },
            STRANGERS,
        ),
        Owned(
            "personal-data request (its person's withdrawal)",
            member_correction,
            {"members:privacy_request_withdraw": _pk},
            ("staff", "secgen", *STRANGERS),
        ),
    )


NOT_OWNED = {
    "members:privacy_request_new": "a kind of request (export, correction, erasure), not a record: everyone asks for their own data",
}
OWNER_SIDE = {
    "personal-data request": "staff",
    "personal-data request (its person's withdrawal)": "member",
}
