"""New W.Cos and associations (創出・継続支援): initiatives, their stages and support."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network import services_initiatives as services
from network.models import Initiative, InitiativeStageChange
from tests.network.helpers import partner, person_of
from tests.network.initiative_helpers import initiative, registered_wco
from wco_sse.core.errors import ServiceError
from wco_sse.core.models import AuditEntry, ExportLog

KEEPERS = ("network", "staff", "secgen")
READERS = ("board", "auditor", "council")
OTHERS = ("support", "business", "fund", "school", "rep", "member")


@pytest.mark.django_db
@pytest.mark.parametrize("role", KEEPERS + READERS + OTHERS)
def test_who_sees_and_changes_initiatives(client, demo, role):
    """The network section and the secretariat keep initiatives; the board, the 監事
    and the council read them; nobody else finds one (404) or opens the list (403)."""
    made = initiative(demo)
    client.force_login(demo[role])
    listing = client.get(reverse("network:initiative_list"))
    detail = client.get(reverse("network:initiative_detail", args=[made.pk]))
    edit = client.get(reverse("network:initiative_edit", args=[made.pk]))
    create = client.get(reverse("network:initiative_create"))
    if role in KEEPERS + READERS:
        assert listing.status_code == 200
        assert made.name in listing.content.decode()
        assert detail.status_code == 200
        assert "山田花子" in detail.content.decode()
    else:
        assert listing.status_code == 403
        assert detail.status_code == 404
    if role in KEEPERS:
        assert edit.status_code == 200
        assert create.status_code == 200
    else:
        assert edit.status_code == 404
        assert create.status_code == 403


@pytest.mark.django_db
def test_an_initiative_is_recorded_with_its_founders(client, demo):
    client.force_login(demo["network"])
    response = client.post(
        reverse("network:initiative_create"),
        {
            "name": "配食サービスの会",
            "form": "association",
            "lead": person_of(demo, "network").pk,
            "founders": [person_of(demo, "member").pk],
            "founder_texts": "佐藤一郎 / sato@example.jp\n鈴木 ：045-000-0000",
            "next_step": "",
        },
    )
    made = Initiative.objects.get(name="配食サービスの会")
    assert response.status_code == 302
    assert made.stage == Initiative.Stage.IDEA
    assert [f.name for f in made.unregistered_founders.all()] == ["佐藤一郎", "鈴木"]
    assert list(made.founders.all()) == [person_of(demo, "member")]
    assert AuditEntry.objects.filter(action="initiative.create").exists()


@pytest.mark.django_db
def test_a_stage_change_without_a_reason_is_refused_at_the_field(client, demo):
    made = initiative(demo)
    client.force_login(demo["network"])
    response = client.post(
        reverse("network:initiative_stage", args=[made.pk]),
        {"stage": "preparation", "date": "2026-11-01", "reason": "   "},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["変更の理由を書いてください。"]
    made.refresh_from_db()
    assert made.stage == Initiative.Stage.IDEA
    assert not InitiativeStageChange.objects.exists()


@pytest.mark.django_db
def test_a_stage_change_is_dated_and_shown_with_its_reason(client, demo):
    made = initiative(demo)
    client.force_login(demo["staff"])
    response = client.post(
        reverse("network:initiative_stage", args=[made.pk]),
        {"stage": "preparation", "date": "2026-11-01", "reason": "準備会を結成した"},
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.stage == Initiative.Stage.PREPARATION
    page = client.get(made.get_absolute_url()).content.decode()
    assert "準備会を結成した" in page
    assert "2026年11月1日" in page or "2026-11-01" in page or "11月1日" in page


@pytest.mark.django_db
def test_support_is_logged(client, demo):
    made = initiative(demo)
    client.force_login(demo["network"])
    response = client.post(
        reverse("network:initiative_support", args=[made.pk]),
        {
            "date": "2026-11-02",
            "kind": "consultation",
            "note": "相談窓口を紹介した",
            "by": person_of(demo, "network").pk,
        },
    )
    assert response.status_code == 302
    page = client.get(made.get_absolute_url()).content.decode()
    assert "相談窓口を紹介した" in page


@pytest.mark.django_db
def test_the_initiative_links_to_its_registered_organization(client, demo):
    """Once linked, the W.Co's page shows the initiative to the network section and
    the secretariat only."""
    made = initiative(demo)
    wco = registered_wco()
    client.force_login(demo["network"])
    refused = client.post(
        reverse("network:initiative_link", args=[made.pk]),
        {"organization": partner().pk},
    )
    assert refused.status_code == 200
    assert "organization" in refused.context["form"].errors
    response = client.post(
        reverse("network:initiative_link", args=[made.pk]), {"organization": wco.pk}
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.organization == wco
    assert AuditEntry.objects.filter(action="initiative.link").exists()
    for role in ("network", "staff", "board", "council", "support"):
        client.force_login(demo[role])
        page = client.get(reverse("members:organization_detail", args=[wco.pk]))
        shown = reverse("network:initiative_detail", args=[made.pk]) in (
            page.content.decode()
        )
        assert shown == (role in ("network", "staff")), role


def _count_queries(client, url):
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_for_one_row_or_ten(client, demo):
    client.force_login(demo["network"])
    url = reverse("network:initiative_list")
    initiative(demo, founders=[person_of(demo, "member")])
    one = _count_queries(client, url)
    for index in range(9):
        made = initiative(
            demo,
            name=f"準備会{index}",
            founders=[person_of(demo, "member"), person_of(demo, "rep")],
            lead=person_of(demo, "staff" if index % 2 else "network"),
        )
        made.organization = registered_wco()
        made.save()
    assert _count_queries(client, url) == one


@pytest.mark.django_db
def test_the_export_is_logged(client, demo):
    initiative(demo, name='=HYPERLINK("x")')
    initiative(demo, name="別の会", form="other")
    client.force_login(demo["network"])
    response = client.get(
        reverse("network:initiative_export"), {"format": "csv", "form": "wco"}
    )
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "山田花子" in text
    assert "別の会" not in text
    log = ExportLog.objects.latest("pk")
    assert log.actor == demo["network"]
    assert log.row_count == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", ("board", "support"))
def test_only_the_keepers_export(client, demo, role):
    client.force_login(demo[role])
    response = client.get(reverse("network:initiative_export"), {"format": "csv"})
    assert response.status_code == 403
    assert not ExportLog.objects.filter(actor=demo[role]).exists()


@pytest.mark.django_db
def test_the_service_refuses_a_stage_change_without_a_reason(demo):
    """Whatever path the change comes by, not only the form."""
    made = initiative(demo)
    with pytest.raises(ServiceError) as refused:
        services.initiative_change_stage(
            actor=demo["network"], initiative=made, stage="preparation", reason=" \n"
        )
    assert refused.value.field == "reason"
    made.refresh_from_db()
    assert made.stage == Initiative.Stage.IDEA
    assert not InitiativeStageChange.objects.exists()
