"""Text people typed is shown as text on every page that shows it back, never as
markup: names, titles, agenda bodies, consultation records, notices, course titles."""

import pytest
from django.urls import reverse

from tests.hostile import output_world
from tests.hostile.output_helpers import assert_shown_as_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(demo):
    return output_world.build(demo)


def _visit(client, user, pages, world):
    """GET each (url, tags) as ``user``; each page shows its tags' payloads as text."""
    client.force_login(user)
    for url, tags in pages:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert_shown_as_text(
            response.content, [world.texts[t] for t in tags], where=url
        )


def test_registry_pages_show_names_and_notes_as_text(client, demo, world):
    org, person = world["org"], world["person"]
    name_tags = ("person_family", "person_given")
    _visit(
        client,
        demo["secgen"],
        [
            (reverse("members:organization_list"), ("org_name",)),
            (reverse("members:organization_list") + "?q=pwn", ()),
            (
                reverse("members:organization_detail", args=[org.pk]),
                ("org_name", "org_notes", "org_address", "org_building", *name_tags),
            ),
            (reverse("members:person_list") + "?q=person_family", name_tags),
            (
                reverse("members:person_detail", args=[person.pk]),
                (*name_tags, "org_name"),
            ),
            (
                reverse("members:organization_edit", args=[org.pk]),
                ("org_name", "org_notes", "org_building"),
            ),
            (
                reverse("members:person_edit", args=[person.pk]),
                (*name_tags, "person_notes", "person_address"),
            ),
        ],
        world,
    )
    _visit(
        client,
        demo["member"],
        [("/", ()), (reverse("members:mypage"), ("member_family",))],
        world,
    )


def test_school_pages_show_course_texts_and_notes_as_text(client, demo, world):
    course = world["course"]
    course_tags = ("course_title", "course_description", "course_instructor", "venue")
    _visit(
        client,
        demo["citizen"],
        [
            (reverse("support:course_list"), ("course_title",)),
            (reverse("support:course_detail", args=[course.pk]), course_tags),
        ],
        world,
    )
    _visit(
        client,
        demo["member"],
        [
            (
                reverse("support:application_detail", args=[world["application"].pk]),
                ("course_title", "application_note"),
            ),
            (reverse("members:mypage"), ("course_title",)),
        ],
        world,
    )
    _visit(
        client,
        demo["school"],
        [
            (reverse("support:course_manage_list"), ("course_title",)),
            (
                reverse("support:course_manage", args=[course.pk]),
                ("course_title", "member_family", "person_family"),
            ),
            (reverse("support:course_edit", args=[course.pk]), course_tags),
            (
                reverse(
                    "support:session_attendance", args=[course.sessions.first().pk]
                ),
                ("member_family",),
            ),
        ],
        world,
    )


def test_desk_pages_show_requests_and_records_as_text(client, demo, world):
    consultation = world["consultation"]
    _visit(
        client,
        demo["staff"],
        [
            (reverse("support:consultation_queue"), ("person_family",)),
            (
                reverse("support:consultation_detail", args=[consultation.pk]),
                ("consultation_description", "preferred_times", "referred_to"),
            ),
        ],
        world,
    )
    _visit(
        client,
        demo["advisor"],
        [
            (reverse("support:assigned_cases"), ("person_family",)),
            (
                reverse("support:consultation_records", args=[consultation.pk]),
                ("record_body",),
            ),
            (reverse("support:slot_list"), ("slot_place",)),
        ],
        world,
    )


def test_secretariat_pages_show_items_meetings_and_notices_as_text(client, demo, world):
    item, meeting, notice = world["item"], world["meeting"], world["notice"]
    _visit(
        client,
        demo["staff"],
        [
            (reverse("secretariat:body_list"), ("body_name",)),
            (
                reverse("support:application_detail", args=[world["waiting"].pk]),
                ("course_title", "person_family", "proxy_note"),
            ),
            (
                reverse("secretariat:body_detail", args=[world["body"].pk]),
                ("body_name",),
            ),
            (reverse("secretariat:meeting_list"), ("meeting_title",)),
            (
                reverse("secretariat:meeting_detail", args=[meeting.pk]),
                ("meeting_title", "meeting_place", "item_title"),
            ),
            (
                reverse("secretariat:meeting_agenda", args=[meeting.pk]),
                ("item_title",),
            ),
            (reverse("secretariat:item_list"), ("item_title",)),
            (
                reverse("secretariat:item_detail", args=[item.pk]),
                ("item_title", "item_body", "item_comment", "return_reason"),
            ),
            (reverse("secretariat:notice_list"), ("notice_title",)),
            (
                reverse("secretariat:notice_detail", args=[notice.pk]),
                ("notice_title", "notice_text"),
            ),
        ],
        world,
    )
    _visit(
        client,
        demo["support"],
        [
            (
                reverse("secretariat:item_detail", args=[item.pk]),
                ("item_title", "item_body", "return_reason"),
            )
        ],
        world,
    )


def test_minutes_page_shows_what_the_secretariat_wrote_as_text(client, demo):
    world = output_world.build(demo, parts=("registry", "secretariat", "minutes"))
    _visit(
        client,
        demo["staff"],
        [
            (
                reverse("secretariat:minutes_detail", args=[world["minutes"].pk]),
                (
                    "meeting_title",
                    "item_title",
                    "minutes_opening",
                    "auditors_statements",
                    "other_matters",
                    "discussion",
                ),
            )
        ],
        world,
    )


def test_messages_and_fragments_show_names_as_text(client, demo, world):
    """A confirmation naming a person, and an htmx fragment of a list, escape too."""
    org, person = world["org"], world["person"]
    affiliation = person.affiliations.get(organization=org)
    affiliation.confirmed = False
    affiliation.save(update_fields=["confirmed"])
    client.force_login(demo["secgen"])
    response = client.post(
        reverse("members:affiliation_confirm", args=[affiliation.pk]), follow=True
    )
    assert response.status_code == 200
    assert_shown_as_text(
        response.content,
        [world.texts["person_family"], world.texts["org_name"]],
        where="message",
    )
    response = client.get(
        reverse("members:person_list") + "?q=person_family",
        headers={"HX-Request": "true"},
    )
    assert_shown_as_text(
        response.content, [world.texts["person_family"]], where="fragment"
    )


def test_a_website_becomes_a_link_only_when_it_is_a_web_address(client, demo):
    """A script URL typed as a W.Co's website, in place or in the form, is refused
    and the page links nothing that runs script."""
    home = demo.ctx.data["home_wco"]
    client.force_login(demo["rep"])
    url = reverse("members:organization_field", args=[home.pk, "website"])
    for bad in ("javascript:alert(document.cookie)", "data:text/html,<b>x</b>"):
        response = client.post(url, {"website": bad, "version": home.version})
        assert response.status_code == 200
        assert 'role="alert"' in response.content.decode(), bad
        home.refresh_from_db()
        assert home.website != bad
    page = client.get(reverse("members:organization_detail", args=[home.pk]))
    assert_shown_as_text(page.content, where="W.Co page")
