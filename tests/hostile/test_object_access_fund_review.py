"""The fund review's rows of ``tests/hostile/test_object_access.py`` (issue 14): an
application under review and its round, found by nobody outside the review.

``test_object_access`` adds ``ROWS`` to its ``OWNED`` records (the stranger test runs
them) and ``KEEPERS`` to who opens each page on the owner's side."""

from collections.abc import Callable
from dataclasses import dataclass


def _application(made, record_id):
    return {"pk": record_id}


def _round(made, record_id):
    return {"pk": made["round"] if record_id == made["id"] else record_id}


def fund_application_in_review(demo):
    """An application of the home W.Co under review, fund@ having declared no
    conflict on it."""
    from network.models import ConflictDeclaration
    from tests.network.fund.review_helpers import in_review

    app = in_review(demo)
    ConflictDeclaration.objects.create(
        application=app, reviewer=demo["fund"].person, conflicted=False
    )
    return {"id": app.pk, "round": app.round_id}


@dataclass(frozen=True)
class Row:
    record: str
    make: Callable
    urls: dict
    strangers: tuple
    owner: str


ROWS = (
    Row(
        "fund application under review",
        fund_application_in_review,
        {
            "network:fund_application_screen": _application,
            "network:fund_application_conflict": _application,
            "network:fund_application_review": _application,
            "network:fund_application_recommend": _application,
            "network:fund_application_send": _application,
            "network:fund_application_paper": _application,
            "network:fund_round_reviews": _round,
        },
        # The applicant's own representative reads the application, never its review.
        ("rep", "member", "support", "council", "board", "stranger"),
        "staff",
    ),
)

KEEPERS = {
    "network:fund_application_conflict": "fund",
    "network:fund_application_review": "fund",
    "network:fund_application_send": "network",
}


def test_the_rows_name_urls_of_the_review():
    assert all(name.startswith("network:fund_") for row in ROWS for name in row.urls)
