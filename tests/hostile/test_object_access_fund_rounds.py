"""ID guessing on the fund's applications (issue 14, rounds part): a W.Co's
application is not there for anyone who may not see it. ``tests/hostile/
test_object_access.py`` takes these lists into its own (OWNED, NOT_OWNED, OWNER_SIDE)
and runs its stranger test on them; the crossed ids are checked here."""

import pytest
from django.urls import reverse

from network.models import FundApplication
from tests.network.fund_helpers import application, funded_round


def _pk(made, record_id):
    return {"pk": record_id}


def home_wco_draft(demo):
    """A draft application of the demo's home W.Co (its representative is rep@)."""
    made = application(
        funded_round(budget=0),
        demo.ctx.data["home_wco"],
        status=FundApplication.Status.DRAFT,
    )
    return {"id": made.pk}


def owned():
    from tests.hostile.test_object_access import Owned

    return (
        Owned(
            "fund application",
            home_wco_draft,
            {
                "network:fund_application": _pk,
                "network:fund_application_edit": _pk,
                "network:fund_application_files": _pk,
                "network:fund_application_submit": _pk,
                "network:fund_application_withdraw": _pk,
            },
            ("support", "fund", "board", "member", "council", "stranger"),
        ),
    )


OWNER_SIDE = {"fund application": "rep"}

NOT_OWNED = {
    "network:fund_programme_edit": "a fund programme: the fund's runners' (404 to others)",
    "network:fund_round": "a fund round: read by those who work on the fund (404 to others)",
    "network:fund_round_edit": "a fund round: run by the secretariat and the section",
    "network:fund_round_allocate": "a fund round: run by the secretariat and the section",
    "network:fund_round_status": "a fund round: run by the secretariat and the section",
    "network:fund_public_round": "a fund round's call: public once published",
    "network:fund_apply": "a fund round's call: public once published",
}


@pytest.mark.django_db
def test_an_application_is_not_reached_through_another_wcos_rep(client, demo):
    """The representative of the home W.Co finds no page of another W.Co's draft."""
    other = application(
        funded_round(budget=0),
        demo.ctx.data["wcos"][1],
        status=FundApplication.Status.DRAFT,
    )
    client.force_login(demo["rep"])
    for name in (
        "network:fund_application",
        "network:fund_application_edit",
        "network:fund_application_files",
    ):
        assert client.get(reverse(name, args=[other.pk])).status_code == 404
    for name in (
        "network:fund_application_submit",
        "network:fund_application_withdraw",
    ):
        assert client.post(reverse(name, args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.status == FundApplication.Status.DRAFT
