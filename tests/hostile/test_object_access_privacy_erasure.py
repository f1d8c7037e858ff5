"""ID guessing on the personal-data erasure part (issue 16). ``tests/hostile/
test_object_access.py`` takes these lists into its own (OWNED, NOT_OWNED,
OWNER_SIDE).

An erasure request's dry run and erasure are the secretary-general's: to anyone
else, the member who asked included, the page does not exist."""


def _pk(made, record_id):
    return {"pk": record_id}


def members_erasure_request(demo):
    from members.models import PrivacyRequest

    request = PrivacyRequest.objects.create(
        person=demo.ctx.accounts["member@example.org"],
        kind=PrivacyRequest.Kind.ERASURE,
        channel=PrivacyRequest.Channel.MY_PAGE,
    )
    return {"id": request.pk}


STRANGERS = ("staff", "board", "auditor", "rep", "member", "citizen", "stranger")


def owned():
    from tests.hostile.test_object_access import Owned

    return (
        Owned(
            "erasure request",
            members_erasure_request,
            {"members:privacy_erasure": _pk},
            STRANGERS,
        ),
    )


NOT_OWNED = {}
OWNER_SIDE = {"erasure request": "secgen"}
