"""ID guessing on the personal-data export part (issue 16). ``tests/hostile/
test_object_access.py`` takes these lists into its own (OWNED, NOT_OWNED,
OWNER_SIDE).

An export request and its ZIP are the secretary-general's alone: the secretariat
staff and the person the data is about find neither by its id."""

from tests.members.cases_privacy_export import exported_request


def _pk(made, record_id):
    return {"pk": record_id}


def member_export(demo):
    return {"id": exported_request(demo, "secgen")["pk"]}


STRANGERS = ("staff", "board", "auditor", "rep", "member", "citizen", "stranger")


def owned():
    from tests.hostile.test_object_access import Owned

    return (
        Owned(
            "personal-data export",
            member_export,
            {
                "members:privacy_export": _pk,
                "members:privacy_export_download": _pk,
            },
            STRANGERS,
        ),
    )


NOT_OWNED = {}
OWNER_SIDE = {"personal-data export": "secgen"}
