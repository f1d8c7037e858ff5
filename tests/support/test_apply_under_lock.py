"""What happens while an application holds the course row (issue 18): the row every
applicant of the course waits for in a registration rush. Under it only the seat is
decided and recorded; the email is written by the worker after the commit."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from support import services
from support.models import Application
from tests.factories import AffiliationFactory, PersonFactory
from tests.support.factories import CourseFactory
from wco_sse.core import versions
from wco_sse.core.models import OutboundEmail


def applicant():
    person = PersonFactory(with_account=True)
    AffiliationFactory(person=person)
    return person


def apply(course, person):
    return services.application_create(
        actor=person.account, course=course, person=person
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_under_the_course_lock_only_the_seat_is_decided_and_recorded(monkeypatch):
    course = CourseFactory(capacity=1)
    apply(course, applicant())
    person = applicant()
    renewals = []
    real_renew = versions._renew
    monkeypatch.setattr(
        versions,
        "_renew",
        lambda keys: (
            renewals.append(connection.in_atomic_block),
            real_renew(keys),
        ),
    )
    # The worker's part (writing and sending the email) is not this request's.
    handed = []
    monkeypatch.setattr("wco_sse.core.emails._enqueue_key", handed.append)
    with CaptureQueriesContext(connection) as queries:
        application = apply(course, person)
    assert application.status == Application.Status.WAITLISTED
    statements = [q["sql"] for q in queries.captured_queries]
    locked = next(i for i, sql in enumerate(statements) if "FOR UPDATE" in sql)
    assert statements[-1] == "COMMIT"
    under_lock = statements[locked + 1 : -1]
    # The count, the application, its audit entry, the email's promise.
    assert len(under_lock) == 4, under_lock
    assert not any("SAVEPOINT" in sql for sql in under_lock)
    assert not any(
        table in sql
        for sql in under_lock
        for table in ('"members_affiliation"', '"members_person"', '"auth_user"')
    ), "membership, names and accounts are read before the lock"
    # No round trip to the cache while the row is held: the stamps are renewed
    # after the commit.
    assert renewals and not any(renewals)
    assert handed == [f"course-application:{application.pk}:waitlisted"]


@pytest.mark.django_db
def test_the_application_email_is_written_by_the_worker_as_it_was_when_queued(
    django_capture_on_commit_callbacks,
):
    course = CourseFactory(capacity=1, title="はじめての協同労働")
    first, second, third = applicant(), applicant(), applicant()
    with django_capture_on_commit_callbacks(execute=False) as sending:
        apply(course, first)
        apply(course, second)
        waiting = apply(course, third)
    assert waiting.waitlist_position == 2
    email = OutboundEmail.objects.get(key=f"course-application:{waiting.pk}:waitlisted")
    # Queued under the lock as a promise: no words yet.
    assert email.subject == "" and email.body_text == ""
    assert email.render_later["params"]["position"] == 2
    # The person ahead leaves the waitlist before the worker gets to the email.
    ahead = Application.objects.get(course=course, person=second)
    services.application_cancel(actor=second.account, application=ahead)
    mail.outbox.clear()
    for callback in sending:
        callback()
    sent = [m for m in mail.outbox if m.to == [third.contact_email]]
    assert len(sent) == 1
    assert "はじめての協同労働" in sent[0].subject
    # What the email told them is what was true when they applied.
    assert "2" in sent[0].body
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.render_later == {}
    assert "はじめての協同労働" in email.subject and email.body_text


@pytest.mark.django_db
def test_an_email_whose_application_is_gone_is_not_sent(
    django_capture_on_commit_callbacks,
):
    course = CourseFactory(capacity=5)
    person = applicant()
    with django_capture_on_commit_callbacks(execute=False) as sending:
        application = apply(course, person)
    Application.objects.filter(pk=application.pk).delete()
    mail.outbox.clear()
    for callback in sending:
        callback()
    assert mail.outbox == []
    email = OutboundEmail.objects.get(
        key=f"course-application:{application.pk}:confirmed"
    )
    assert email.status == OutboundEmail.Status.EXPIRED
