"""相談記録（非公開）through the pages: who reads them, and the read log."""

import pytest
from django.contrib import admin
from django.urls import reverse

from members.models import Desk, Role
from support import services
from support.models import Consultation, ConsultationRecord, ConsultationRecordRead
from tests.factories import PersonFactory, RoleAssignmentFactory, UserFactory
from tests.support.factories import ConsultationFactory, advisor, staff_user
from wco_sse.core.models import ExportLog

pytestmark = pytest.mark.django_db

SECRET = "家族の病気で休業中。借入の返済が三か月滞っている。"


@pytest.fixture
def case():
    counsellor = advisor(Desk.FINANCE)
    consultation = ConsultationFactory(
        desk=Desk.FINANCE, advisor=counsellor, status=Consultation.Status.ASSIGNED
    )
    services.consultation_record_add(
        actor=counsellor.account, consultation=consultation, body=SECRET
    )
    consultation.refresh_from_db()
    return consultation


def records_url(case):
    return reverse("support:consultation_records", args=[case.pk])


def read(client, user, case):
    client.force_login(user)
    return client.get(records_url(case))


def test_the_assigned_advisor_reads_and_the_read_is_logged(client, case):
    response = read(client, case.advisor.account, case)
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    log = ConsultationRecordRead.objects.get()
    assert (log.reader, log.purpose, log.record_count) == (
        case.advisor.account,
        "view",
        1,
    )


def test_the_secretary_general_reads_and_is_logged(client, case):
    secgen = staff_user(Role.SECRETARY_GENERAL)
    response = read(client, secgen, case)
    assert response.status_code == 200 and SECRET in response.content.decode()
    assert ConsultationRecordRead.objects.get().reader == secgen


@pytest.mark.parametrize(
    "who",
    # The staff and the requester see the case, not its records: to them, as to
    # everyone else, the records page is not there.
    ["staff", "requester", "other_advisor", "superuser", "director"],
)
def test_nobody_else_reads_and_no_read_is_logged(client, case, who):
    if who == "staff":
        user = staff_user()
    elif who == "requester":
        user = case.requester.account
    elif who == "other_advisor":
        user = advisor(Desk.FINANCE).account
    elif who == "superuser":
        # A superuser account, even with a registry record: the rules alone decide.
        user = UserFactory(is_superuser=True, is_staff=True)
        PersonFactory(account=user)
    else:
        person = PersonFactory(with_account=True)
        RoleAssignmentFactory(person=person, role=Role.REPRESENTATIVE_DIRECTOR)
        user = person.account
    response = read(client, user, case)
    assert response.status_code == 404
    assert SECRET not in response.content.decode()
    assert not ConsultationRecordRead.objects.exists()
    detail = client.get(reverse("support:consultation_detail", args=[case.pk]))
    assert SECRET not in detail.content.decode()


def test_the_case_page_itself_never_shows_the_records(client, case):
    for user in (case.advisor.account, staff_user(Role.SECRETARY_GENERAL)):
        client.force_login(user)
        response = client.get(reverse("support:consultation_detail", args=[case.pk]))
        assert response.status_code == 200
        assert SECRET not in response.content.decode()
    assert not ConsultationRecordRead.objects.exists()


def test_disclosure_export_is_the_secretary_generals_and_logged(client, case):
    secgen = staff_user(Role.SECRETARY_GENERAL)
    url = reverse("support:consultation_disclosure", args=[case.requester_id])
    client.force_login(staff_user())
    assert client.get(url).status_code == 404
    client.force_login(secgen)
    response = client.get(url, {"format": "csv"})
    assert response.status_code == 200
    assert SECRET in response.content.decode("utf-8-sig")
    assert ExportLog.objects.get().row_count == 1
    log = ConsultationRecordRead.objects.get()
    assert (log.reader, log.purpose) == (secgen, "disclosure")


def test_records_stay_out_of_the_admin_the_exports_and_the_wco_page(client, case):
    assert ConsultationRecord not in admin.site._registry
    assert Consultation not in admin.site._registry
    # The W.Co page and "my page" panels carry no record text.
    client.force_login(case.requester.account)
    page = client.get(reverse("members:mypage")).content.decode()
    assert SECRET not in page
    assert f"/support/consultations/{case.pk}/" in page


def test_reassignment_closes_the_former_advisors_door(client, case):
    former = case.advisor
    successor = advisor(Desk.FINANCE)
    services.consultation_assign(
        actor=staff_user(), consultation=case, advisor=successor
    )
    assert read(client, former.account, case).status_code == 404
    assert read(client, successor.account, case).status_code == 200
    assert ConsultationRecordRead.objects.get().reader == successor.account
