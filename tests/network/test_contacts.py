import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import LegalForm
from network import services
from network.models import Contact, PartnerCategory
from tests.network.helpers import contact, partner, person_of
from wco_sse.core.models import AuditEntry, ExportLog, OutboundEmail

KEEPERS = ("network", "staff", "secgen")
READERS = ("board", "auditor", "council")
OTHERS = ("support", "business", "fund", "school", "rep", "member")


@pytest.mark.django_db
@pytest.mark.parametrize("role", KEEPERS + READERS + OTHERS)
def test_who_sees_the_contact_log(client, demo, role):
    """The network section and the secretariat keep the log; the board, the 監事 and
    the council read it; nobody else finds a contact (404) or opens the list (403)."""
    made = contact(demo)
    client.force_login(demo[role])
    listing = client.get(reverse("network:contact_list"))
    detail = client.get(reverse("network:contact_detail", args=[made.pk]))
    page = client.get(
        reverse("members:organization_detail", args=[made.organization.pk])
    )
    if role in KEEPERS + READERS:
        assert listing.status_code == 200
        assert detail.status_code == 200
        assert made.topic in listing.content.decode()
        assert made.topic in page.content.decode()
    else:
        assert listing.status_code == 403
        assert detail.status_code == 404
        assert made.topic not in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", READERS)
def test_readers_do_not_change_the_log(client, demo, role):
    made = contact(demo)
    client.force_login(demo[role])
    edit = client.get(reverse("network:contact_edit", args=[made.pk]))
    create = client.get(reverse("network:contact_create", args=[made.organization.pk]))
    assert edit.status_code == 404
    assert create.status_code == 404


def _form(demo, **overrides):
    return {
        "date": "2026-11-20",
        "channel": "phone",
        "category": "government",
        "our_people": [person_of(demo, "network").pk],
        "their_people": "横浜市 市民局 田中",
        "topic": "協働事業の相談",
        "summary": "来年度の協働事業について電話で相談した。",
        "follow_up": "企画書を送る",
        "follow_up_owner": person_of(demo, "network").pk,
        "follow_up_due": "2026-12-01",
        **overrides,
    }


@pytest.mark.django_db
def test_a_contact_is_recorded_from_the_organization(client, demo):
    organization = partner(legal_form=LegalForm.LOCAL_GOVERNMENT)
    client.force_login(demo["network"])
    response = client.post(
        reverse("network:contact_create", args=[organization.pk]), _form(demo)
    )
    recorded = Contact.objects.get(organization=organization)
    assert response.status_code == 302
    assert response["Location"] == recorded.get_absolute_url()
    assert recorded.follow_up_owner == person_of(demo, "network")
    assert list(recorded.our_people.all()) == [person_of(demo, "network")]
    assert AuditEntry.objects.filter(action="contact.create").exists()


@pytest.mark.django_db
def test_a_follow_up_without_an_owner_is_refused_at_the_field(client, demo):
    organization = partner()
    client.force_login(demo["network"])
    response = client.post(
        reverse("network:contact_create", args=[organization.pk]),
        _form(demo, follow_up_owner=""),
    )
    assert response.status_code == 200
    assert "follow_up_owner" in response.context["form"].errors
    assert "フォローアップの担当者" in response.content.decode()
    assert not Contact.objects.filter(organization=organization).exists()


@pytest.mark.django_db
def test_a_follow_up_owner_outside_the_section_is_refused(client, demo):
    organization = partner()
    client.force_login(demo["network"])
    response = client.post(
        reverse("network:contact_create", args=[organization.pk]),
        _form(demo, follow_up_owner=person_of(demo, "member").pk),
    )
    assert response.status_code == 200
    assert "follow_up_owner" in response.context["form"].errors
    assert not Contact.objects.filter(organization=organization).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("legal_form", "category"),
    [
        (LegalForm.CONSUMER_COOPERATIVE, PartnerCategory.CONSUMER_COOPERATIVE),
        (LegalForm.LOCAL_GOVERNMENT, PartnerCategory.GOVERNMENT),
        (LegalForm.STOCK_COMPANY, PartnerCategory.BUSINESS_FINANCE),
        (LegalForm.WORKERS_COOPERATIVE, PartnerCategory.COOPERATIVE),
        (LegalForm.NPO, PartnerCategory.OTHER),
    ],
)
def test_the_category_starts_from_the_legal_form(client, demo, legal_form, category):
    organization = partner(legal_form=legal_form)
    client.force_login(demo["network"])
    response = client.get(reverse("network:contact_create", args=[organization.pk]))
    assert response.context["form"].initial["category"] == category
    assert response.context["form"].initial["date"] == timezone.localdate()
    # ... and the user may change it.
    client.post(
        reverse("network:contact_create", args=[organization.pk]),
        _form(demo, category="academia"),
    )
    assert Contact.objects.get(organization=organization).category == "academia"


@pytest.mark.django_db
def test_the_overdue_filter(client, demo):
    late = contact(demo, due_in=-3, topic="期限切れの宿題")
    contact(demo, due_in=5, topic="まだ先の宿題")
    contact(demo, topic="フォローアップなし")
    done = contact(demo, due_in=-10, topic="済んだ宿題")
    services.contact_follow_up_done(actor=demo["network"], contact=done)
    client.force_login(demo["board"])
    response = client.get(reverse("network:contact_list"), {"follow_up": "overdue"})
    assert [c.pk for c in response.context["contacts"]] == [late.pk]


@pytest.mark.django_db
def test_the_list_filters_by_category_organization_and_owner(client, demo):
    coop = contact(
        demo, organization=partner(legal_form=LegalForm.CONSUMER_COOPERATIVE)
    )
    city = contact(
        demo,
        organization=partner(legal_form=LegalForm.LOCAL_GOVERNMENT),
        due_in=3,
        owner="staff",
    )
    client.force_login(demo["network"])
    url = reverse("network:contact_list")
    by_category = client.get(url, {"category": "government"}).context["contacts"]
    by_org = client.get(url, {"organization": coop.organization.pk}).context["contacts"]
    by_owner = client.get(url, {"owner": person_of(demo, "staff").pk}).context[
        "contacts"
    ]
    assert [c.pk for c in by_category] == [city.pk]
    assert [c.pk for c in by_org] == [coop.pk]
    assert [c.pk for c in by_owner] == [city.pk]


def _count_queries(client, url):
    client.get(url)  # warm caches (content types, session, roles)
    cache.clear()  # count the page as rendered, not its cached fragments
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_for_one_row_or_ten(client, demo):
    client.force_login(demo["network"])
    url = reverse("network:contact_list")
    contact(demo, due_in=-1)
    one = _count_queries(client, url)
    for index in range(9):
        contact(demo, due_in=index - 4, owner="staff" if index % 2 else "network")
    assert _count_queries(client, url) == one


@pytest.mark.django_db
def test_the_relations_panel_costs_the_same_queries_for_one_row_or_ten(client, demo):
    organization = partner()
    client.force_login(demo["network"])
    url = reverse("members:organization_detail", args=[organization.pk])
    contact(demo, organization=organization, due_in=-1)
    one = _count_queries(client, url)
    for index in range(9):
        contact(demo, organization=organization, due_in=index - 4, owner="staff")
    assert _count_queries(client, url) == one
    page = client.get(url).content.decode()
    assert page.count(reverse("network:contact_detail", args=[0])[:-2]) >= 10


@pytest.mark.django_db
def test_the_weekly_email_lists_each_owners_overdue_follow_ups_once(demo):
    contact(demo, due_in=-3, topic="企画書の送付")
    contact(demo, due_in=-1, topic="見積りの確認", follow_up="見積りを確認する")
    contact(demo, due_in=4, topic="来月の宿題")
    contact(demo, due_in=-2, owner="staff", topic="横浜市への回答")
    monday = timezone.localdate()
    assert services.follow_up_reminders_send(day=monday) == 2
    assert services.follow_up_reminders_send(day=monday) == 0  # once a week
    network = person_of(demo, "network")
    email = OutboundEmail.objects.get(
        template="network/follow_ups_overdue", to=network.contact_email
    )
    assert "期限" in email.subject
    assert "2件" in email.subject
    assert network.full_name in email.body_text
    assert "企画書の送付" in email.body_text
    assert "見積りを確認する" in email.body_text
    assert "来月の宿題" not in email.body_text
    assert "横浜市への回答" not in email.body_text
    next_week = monday + datetime.timedelta(days=7)
    assert services.follow_up_reminders_send(day=next_week) == 2


@pytest.mark.django_db
def test_the_owner_marks_the_follow_up_done(client, demo):
    made = contact(demo, due_in=-2, owner="staff", by="network")
    client.force_login(demo["staff"])
    response = client.post(reverse("network:contact_follow_up", args=[made.pk]))
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.follow_up_done
    assert not Contact.objects.overdue().filter(pk=made.pk).exists()


@pytest.mark.django_db
def test_the_export_is_logged(client, demo):
    contact(demo, due_in=-2, topic='=HYPERLINK("x")')
    client.force_login(demo["network"])
    response = client.get(
        reverse("network:contact_export"), {"format": "csv", "follow_up": "overdue"}
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    log = ExportLog.objects.latest("pk")
    assert log.actor == demo["network"]
    assert log.row_count == 1
    assert "overdue" not in log.filters and log.filters  # the filter, in words


@pytest.mark.django_db
@pytest.mark.parametrize("role", ("board", "support"))
def test_only_the_keepers_export(client, demo, role):
    client.force_login(demo[role])
    response = client.get(reverse("network:contact_export"), {"format": "csv"})
    assert response.status_code == 403
    assert not ExportLog.objects.filter(actor=demo[role]).exists()


@pytest.mark.django_db
def test_the_service_refuses_a_follow_up_without_an_owner(demo):
    """Whatever path the data comes by (a script, a later API), not only the form."""
    from wco_sse.core.errors import ServiceError

    organization = partner()
    with pytest.raises(ServiceError) as refused:
        services.contact_create(
            actor=demo["network"],
            organization=organization,
            data={
                "date": timezone.localdate(),
                "channel": "phone",
                "topic": "資料の依頼",
                "follow_up": "資料を送る",
                "follow_up_due": timezone.localdate(),
            },
        )
    assert refused.value.field == "follow_up_owner"
    assert not Contact.objects.filter(organization=organization).exists()


@pytest.mark.django_db
def test_the_cached_list_shows_a_new_contact_and_its_owner_on_the_next_request(
    client, demo
):
    contact(demo, topic="最初の打ち合わせ")
    client.force_login(demo["network"])
    url = reverse("network:contact_list")
    for _ in range(2):  # the second answer comes from the cached fragments
        page = client.get(url).content.decode()
    assert "最初の打ち合わせ" in page
    staff = person_of(demo, "staff")
    assert f'value="{staff.pk}"' not in page  # nobody's follow-up yet
    contact(demo, topic="予算要望の説明", due_in=7, owner="staff")
    page = client.get(url).content.decode()
    assert "予算要望の説明" in page
    assert f'value="{staff.pk}"' in page  # the owner filter offers them now
