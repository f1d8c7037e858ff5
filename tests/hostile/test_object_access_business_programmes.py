"""ID guessing on the business section's programmes (issue 17). ``tests/hostile/
test_object_access.py`` takes these lists into its own (OWNED, NOT_OWNED, OWNER_SIDE)
and runs its stranger test on them; the crossed ids are checked here."""

import pytest
from django.urls import reverse

from business.models import Partner

# Those with no business with a programme: no section of theirs runs it, no office of
# theirs reads it, and their W.Co takes no part in it.
STRANGERS = (
    "support",
    "network",
    "school",
    "advisor",
    "fund",
    "rep",
    "member",
    "stranger",
)


def _pk(made, record_id):
    return {"pk": record_id}


def _partner(made, record_id):
    return {"pk": made["programme"], "partner_pk": record_id}


def a_programme(demo):
    from tests.business.programmes.helpers import programme

    return {"id": programme(demo).pk}


def a_programmes_partner(demo):
    from tests.business.programmes.helpers import partner, programme

    made = programme(demo)
    return {
        "id": partner(demo, made, demo.ctx.data["wcos"][1]).pk,
        "programme": made.pk,
    }


def owned():
    from tests.hostile.test_object_access import Owned

    return (
        Owned(
            "programme",
            a_programme,
            {
                "business:programme_detail": _pk,
                "business:programme_edit": _pk,
                "business:programme_move": _pk,
                "business:partner_add": _pk,
                "business:programme_file_upload": _pk,
                "business:programme_draft_item": _pk,
            },
            STRANGERS,
        ),
        Owned(
            "programme partner",
            a_programmes_partner,
            {"business:partner_remove": _partner},
            STRANGERS,
        ),
    )


OWNER_SIDE = {"programme": "business", "programme partner": "business"}

NOT_OWNED = {
    "business:kind_edit": "a programme kind: the section's list, kept by its runners",
}


@pytest.mark.django_db
def test_a_partner_is_not_reached_through_another_programme(client, demo):
    """A partner of one programme is not removed through another programme's id."""
    from tests.business.programmes.helpers import partner, programme

    mine = programme(demo)
    theirs = partner(demo, programme(demo, title="別の事業"))
    client.force_login(demo["business"])
    answer = client.post(
        reverse(
            "business:partner_remove", kwargs={"pk": mine.pk, "partner_pk": theirs.pk}
        )
    )
    assert answer.status_code == 404
    assert Partner.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db
def test_the_rep_reaches_only_programmes_their_wco_takes_part_in(client, demo):
    from tests.business.programmes.helpers import programme, with_home_wco

    theirs = with_home_wco(demo)
    other = programme(demo, title="関係のない事業")
    client.force_login(demo["rep"])
    assert client.get(theirs.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    # Reading is not running: the rep finds no edit page.
    edit = reverse("business:programme_edit", args=[theirs.pk])
    assert client.get(edit).status_code == 404
