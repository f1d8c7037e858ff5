"""A 社員's consent to the general assembly's notices by email, given in the browser by
the W.Co's representative or recorded by the secretariat; without it, notices go by post."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Organization
from secretariat import services
from secretariat.models import EmailNoticeConsent
from tests.secretariat import helpers as h

pytestmark = pytest.mark.django_db


def _url(organization):
    return reverse("secretariat:email_notice_consent", args=[organization.pk])


def _by_post(demo, organization):
    meeting = h.meeting(demo, body=h.assembly(), days=20, title="定時社員総会")
    (by_post,) = [
        post
        for who, _email, post in services.convocation_recipients(meeting)
        if who == organization
    ]
    return by_post


def test_the_representative_agrees_on_the_wco_page_and_notices_then_go_by_email(
    client, demo
):
    home = demo.ctx.data["home_wco"]
    Organization.objects.filter(pk=home.pk).update(email="office@aoba-wco.example.jp")
    assert _by_post(demo, home)
    client.force_login(demo["rep"])

    page = client.get(reverse("members:organization_detail", args=[home.pk]))
    assert "郵送" in page.content.decode()
    assert _url(home) in page.content.decode()

    response = client.post(_url(home), {"agreed": "on"}, follow=True)
    assert "office@aoba-wco.example.jp" in response.content.decode()
    consent = EmailNoticeConsent.objects.get(organization=home)
    assert consent.agreed_on == timezone.localdate()
    assert consent.recorded_by == demo["rep"]
    assert not _by_post(demo, home)

    client.post(_url(home), {})  # withdrawn
    assert not EmailNoticeConsent.objects.filter(organization=home).exists()
    assert _by_post(demo, home)


def test_the_secretariat_records_a_consent_given_on_paper_with_its_date(client, demo):
    other = demo.ctx.data["wcos"][1]
    Organization.objects.filter(pk=other.pk).update(email="info@wco.example.jp")
    client.force_login(demo["staff"])
    client.post(_url(other), {"agreed": "on", "agreed_on": "2025-06-21"})
    assert EmailNoticeConsent.objects.get(organization=other).agreed_on == (
        datetime.date(2025, 6, 21)
    )


NO_ADDRESS = (
    "団体のメールアドレスが登録されていません。通知はそのアドレスに送りますので、"
    "先に団体情報にメールアドレスを入力してください。"
)


def test_a_consent_needs_an_address_and_a_date_that_has_come(client, demo):
    home = demo.ctx.data["home_wco"]
    client.force_login(demo["staff"])
    Organization.objects.filter(pk=home.pk).update(email="")
    response = client.post(_url(home), {"agreed": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["agreed"] == [NO_ADDRESS]

    Organization.objects.filter(pk=home.pk).update(email="office@wco.example.jp")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(_url(home), {"agreed": "on", "agreed_on": tomorrow})
    assert response.context["form"].errors["agreed_on"] == [
        "承諾日に未来の日付は指定できません。"
    ]
    assert not EmailNoticeConsent.objects.filter(organization=home).exists()


def test_only_regular_members_sit_in_the_assembly(client, demo):
    supporting = Organization.objects.exclude(
        membership_class=Organization.MembershipClass.REGULAR
    ).first()
    client.force_login(demo["staff"])
    assert client.get(_url(supporting)).status_code == 404
