"""Reminders (お支払いのお願い): once per dues and day, to the right address."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext as _

from members.dues import dues_payment_record, dues_remind, dues_remind_all
from tests.factories import OrganizationFactory, PersonFactory
from tests.members.dues_support import *  # noqa: F403  (fixtures)
from tests.members.dues_support import issue, this_year, today
from wco_sse.core.errors import PermissionDenied, ServiceError
from wco_sse.core.models import AuditEntry, OutboundEmail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_registry")]


def test_a_reminder_goes_once_a_day_however_often_it_is_asked(
    staff, dues, django_capture_on_commit_callbacks
):
    """A double click, or "remind all" after "remind", sends one email that day."""
    with django_capture_on_commit_callbacks(execute=True):
        first = dues_remind(actor=staff, dues=dues)
        again = dues_remind(actor=staff, dues=dues)
        dues_remind_all(actor=staff, fiscal_year=this_year())
    assert first is not None and again is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["aoba@example.jp"]
    assert "12,000" in message.body
    assert dues.invoice_number in message.body
    assert f"/members/organizations/{dues.organization_id}/" in message.body
    dues.refresh_from_db()
    assert dues.last_reminded_on == today()
    assert AuditEntry.objects.filter(action="dues.remind").count() == 1


def test_the_next_day_brings_a_new_reminder(staff, dues):
    dues_remind(actor=staff, dues=dues, day=today() - datetime.timedelta(days=7))
    assert dues_remind(actor=staff, dues=dues) is not None
    assert OutboundEmail.objects.filter(template="dues_reminder").count() == 2


def test_the_clicks_of_two_staff_on_one_page_send_once(staff, dues, client):
    client.force_login(staff)
    url = reverse("members:dues_remind", args=[dues.pk])
    assert client.post(url).status_code == 302
    response = client.post(url, follow=True)
    assert OutboundEmail.objects.filter(template="dues_reminder").count() == 1
    assert response.status_code == 200


def test_a_reminder_states_what_is_still_owed(staff, dues):
    dues_payment_record(actor=staff, dues=dues, paid_on=today(), amount=5_000)
    email = dues_remind(actor=staff, dues=dues)
    assert "7,000" in email.body_text
    assert "5,000" in email.body_text
    assert "7,000" in email.body_html


def test_paid_dues_are_not_reminded(staff, dues):
    dues_payment_record(actor=staff, dues=dues, paid_on=today(), amount=12_000)
    with pytest.raises(ServiceError) as error:
        dues_remind(actor=staff, dues=dues)
    assert error.value.message == _(
        "These dues are paid in full; there is nothing to remind of."
    )
    assert not OutboundEmail.objects.exists()


def test_without_its_own_email_an_organization_is_reminded_through_its_representative(
    staff, dues, rep
):
    organization = dues.organization
    organization.email = ""
    organization.save()
    rep.person.language = "en"
    rep.person.save()
    email = dues_remind(actor=staff, dues=dues)
    assert email.to == rep.email
    assert email.language == "en"


def test_a_member_without_any_email_gets_a_clear_refusal(staff, dues):
    organization = dues.organization
    organization.email = ""
    organization.save()
    with pytest.raises(ServiceError) as error:
        dues_remind(actor=staff, dues=dues)
    assert error.value.code == "no_address"
    assert organization.name in error.value.message


def test_an_individual_member_is_reminded_in_their_language(staff, dues):
    person = PersonFactory(
        is_individual_supporter=True, email="hanako@example.jp", language="en"
    )
    issue(staff)
    email = dues_remind(actor=staff, dues=person.dues.get())
    assert (email.to, email.language) == ("hanako@example.jp", "en")
    assert "/members/me/" in email.body_text


def test_remind_all_reports_sent_already_and_unreachable(staff, dues):
    no_email = OrganizationFactory(email="")
    paid = OrganizationFactory(email="paid@example.jp")
    issue(staff)
    dues_payment_record(
        actor=staff, dues=paid.dues.get(), paid_on=today(), amount=12_000
    )
    dues_remind(actor=staff, dues=dues)
    result = dues_remind_all(actor=staff, fiscal_year=this_year())
    assert result["sent"] == []
    assert [d.pk for d in result["already"]] == [dues.pk]
    assert [d.organization for d in result["no_address"]] == [no_email]
    assert OutboundEmail.objects.filter(template="dues_reminder").count() == 1


def test_only_the_secretariat_reminds(auditor, rep, dues):
    for user in (auditor, rep):
        with pytest.raises(PermissionDenied):
            dues_remind(actor=user, dues=dues)
        with pytest.raises(PermissionDenied):
            dues_remind_all(actor=user, fiscal_year=this_year())
    assert not OutboundEmail.objects.exists()


def test_remind_all_from_the_unpaid_list(staff, dues, client):
    OrganizationFactory(email="")
    issue(staff)
    client.force_login(staff)
    response = client.post(
        reverse("members:dues_remind_all", args=[this_year()]), follow=True
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert len(shown) == 2  # one sent, one without an address
    assert OutboundEmail.objects.filter(template="dues_reminder").count() == 1
