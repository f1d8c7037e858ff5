import pytest
from django.core import mail

from tests.factories import PersonFactory
from wco_sse.core.emails import email_deliver, email_queue
from wco_sse.core.models import OutboundEmail

pytestmark = pytest.mark.django_db


def _queue(person, key="reset:1", language="ja"):
    return email_queue(
        key=key,
        template="second_factor_reset",
        to="sato@example.jp",
        language=language,
        context={"person": person},
    )


def test_email_has_text_and_html_parts_in_the_recipients_language(
    django_capture_on_commit_callbacks,
):
    person = PersonFactory(family_name="佐藤", given_name="恵子")
    with django_capture_on_commit_callbacks(execute=True):
        _queue(person, language="ja")
    message = mail.outbox[0]
    assert "佐藤 恵子" in message.body
    assert "二段階認証" in message.subject
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "佐藤 恵子" in html

    with django_capture_on_commit_callbacks(execute=True):
        _queue(person, key="reset:2", language="en")
    assert "second factor" in mail.outbox[1].subject.lower()


def test_a_key_is_queued_once():
    person = PersonFactory()
    assert _queue(person) is not None
    assert _queue(person) is None
    assert OutboundEmail.objects.count() == 1


def test_delivering_twice_sends_once(django_capture_on_commit_callbacks):
    """A retried or duplicated task finds the email already sent."""
    with django_capture_on_commit_callbacks(execute=False):
        email = _queue(PersonFactory())
    assert email_deliver(email_id=email.pk) is True
    assert email_deliver(email_id=email.pk) is False
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.sent_at is not None


def test_nothing_is_queued_when_the_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    from django.db import transaction

    person = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                _queue(person)
                raise RuntimeError("the use case failed")
        except RuntimeError:
            pass
    assert not callbacks
    assert not OutboundEmail.objects.exists()
    assert not mail.outbox


def test_plain_text_part_is_not_html_escaped(django_capture_on_commit_callbacks):
    person = PersonFactory(family_name="<b>O'Brien</b>", given_name="&")
    with django_capture_on_commit_callbacks(execute=True):
        _queue(person)
    message = mail.outbox[0]
    assert "<b>O'Brien</b> &" in message.body
    assert "&lt;b&gt;O&#x27;Brien&lt;/b&gt;" in message.alternatives[0][0]
