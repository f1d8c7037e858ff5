"""Emails show typed text as the reader typed it: escaped in the HTML part, literal in
the subject and the plain-text part (no &lt; or &quot; for a reader to puzzle over)."""

import html

import pytest
from django.core import mail

from secretariat import services as sec
from support import services as sup
from tests.hostile import output_world
from tests.hostile.output_helpers import assert_shown_as_text

pytestmark = pytest.mark.django_db


def _check(message, texts):
    """The message carries no payload as markup, and none HTML-escaped in its
    subject or text part; what its text part says, its HTML part shows as text."""
    where = f"{message.subject[:40]!r} to {message.to}"
    escaped = {html.escape(t): t for t in texts}
    for escaped_text, text in escaped.items():
        assert escaped_text not in message.subject, (where, "subject", text)
        assert escaped_text not in message.body, (where, "text part", text)
    (content, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    assert_shown_as_text(content, [t for t in texts if t in message.body], where=where)


def test_emails_about_courses_items_and_consultations_keep_text_literal(
    demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        world = output_world.build(demo)
    texts = world.texts
    with django_capture_on_commit_callbacks(execute=True):
        sup.course_email_participants(
            actor=demo["school"],
            course=world["course"],
            subject=world.p("mail_subject") + "\r\nBcc: evil@example.org",
            body=world.p("mail_body"),
            include_waitlist=True,
        )
        sec.notice_publish(actor=demo["staff"], notice=world["notice"])
        sec.meeting_convene(actor=demo["staff"], meeting=world["meeting"])
    outbox = mail.outbox
    assert len(outbox) > 8
    for message in outbox:
        _check(message, texts.values())
        # A line break typed in a subject never starts a header of its own.
        assert "\n" not in message.subject and "\r" not in message.subject
        assert "evil@example.org" not in message.recipients()

    def subjects_with(tag):
        return [m for m in outbox if texts[tag] in m.subject]

    def bodies_with(tag):
        return [m for m in outbox if texts[tag] in m.body]

    # Each occasion names the typed text literally where the reader sees it.
    for tag in ("course_title", "mail_subject", "item_title", "notice_title"):
        assert subjects_with(tag), f"{tag} not literal in any subject"
    assert subjects_with("meeting_title"), "meeting_title not literal in a subject"
    for tag in (
        "mail_body",
        "notice_text",
        "member_family",
        "person_family",
        "item_title",
        "meeting_place",
        "venue",
    ):
        assert bodies_with(tag), f"{tag} not literal in any text part"
