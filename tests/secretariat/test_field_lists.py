"""Each field list is written once, on the model, and the form, the edit page and
the service take it from there."""

import pytest
from django.urls import reverse

from members.models import Person
from secretariat.forms import BodyForm, ItemForm, MeetingForm, MinutesForm, NoticeForm
from secretariat.models import AgendaItem, Body, Meeting, Minutes, Notice
from tests.secretariat import helpers as h

pytestmark = pytest.mark.django_db


def test_the_forms_hold_the_models_field_lists(demo):
    # The board has the minimum numbers of officers, and no section or category.
    assert tuple(BodyForm(instance=h.board()).fields) == tuple(
        f for f in Body.RULE_FIELDS if f not in Body.AD_HOC_ONLY_FIELDS
    )
    # The minimum numbers of officers are the board's alone.
    assert tuple(BodyForm().fields) == tuple(
        f for f in Body.RULE_FIELDS if f not in Body.BOARD_ONLY_FIELDS
    )
    assert tuple(MeetingForm(editing=True).fields) == Meeting.EDITABLE_FIELDS
    # A new meeting names its body; its papers take the body's era setting.
    assert tuple(MeetingForm().fields) == (
        "body",
        *(f for f in Meeting.EDITABLE_FIELDS if f not in Meeting.WAREKI_FIELDS),
    )
    assert set(AgendaItem.EDITABLE_FIELDS) <= set(
        ItemForm(directors=Person.objects.none()).fields
    )
    assert tuple(NoticeForm().fields) == Notice.FORM_FIELDS
    assert set(Minutes.TEXT_FIELDS) == set(MinutesForm().fields)


@pytest.mark.parametrize(
    ("name", "make", "fields"),
    [
        ("meeting_edit", lambda demo: h.meeting(demo), Meeting.EDITABLE_FIELDS),
        ("item_edit", lambda demo: h.item(demo), AgendaItem.EDITABLE_FIELDS),
    ],
)
def test_an_edit_page_starts_from_every_field_of_the_list(
    demo, client, name, make, fields
):
    obj = make(demo)
    client.force_login(demo["staff" if name == "meeting_edit" else "support"])
    response = client.get(reverse(f"secretariat:{name}", args=[obj.pk]))
    assert response.status_code == 200
    assert set(response.context["form"].initial) == set(fields)
