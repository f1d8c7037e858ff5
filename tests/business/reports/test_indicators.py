"""Indicator sets: a set and its first version, indicators added while nothing uses
the version, ratios of counts of the same version only, a change as a new version
that leaves the old one and its reports as they were, the "to confirm" mark."""

import pytest
from django.urls import reverse

from business.models import Indicator, IndicatorSetVersion
from business.services import reports as services
from wco_sse.core.errors import ServiceError
from wco_sse.core.models import AuditEntry

from .helpers import indicator, indicator_set, programme, report, version

pytestmark = pytest.mark.django_db


def count(demo, version_, name, **extra):
    return services.indicator_add(
        actor=demo["business"],
        version=version_,
        data={"name": name, "kind": "count", "unit": "人", **extra},
    )


def test_a_new_set_gets_counts_and_a_ratio_of_them(client, demo):
    made = indicator_set(demo)
    first = made.versions.get()
    assert first.number == 1
    users = count(demo, first, "利用者数")
    employed = count(demo, first, "就労者数")
    services.indicator_add(
        actor=demo["business"],
        version=first,
        data={
            "name": "就労率",
            "kind": "ratio",
            "unit": "%",
            "numerator": employed,
            "denominator": users,
        },
    )
    client.force_login(demo["board"])
    page = client.get(reverse("business:indicator_set_detail", args=[made.pk]))
    text = page.content.decode()
    assert "就労率" in text and "就労者数 ÷ 利用者数" in text


def test_a_ratio_whose_term_is_of_another_version_is_refused_at_the_field(client, demo):
    made = indicator_set(demo)
    first = made.versions.get()
    count(demo, first, "利用者数")
    foreign = indicator(version(), "就労支援対象者数")
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:indicator_create", args=[first.pk]),
        {
            "name": "就労率",
            "kind": "ratio",
            "unit": "%",
            "numerator": foreign.pk,
            "denominator": first.indicators.get().pk,
            "position": 100,
        },
    )
    assert answer.status_code == 200
    assert "numerator" in answer.context["form"].errors
    assert not first.indicators.filter(name="就労率").exists()


def test_a_ratio_of_a_ratio_is_refused(demo):
    ratio = indicator(version(), "就労・増収率")
    made = indicator_set(demo)
    first = made.versions.get()
    with pytest.raises(ServiceError) as refused:
        services.indicator_add(
            actor=demo["business"],
            version=first,
            data={
                "name": "比率",
                "kind": "ratio",
                "numerator": ratio,
                "denominator": ratio,
            },
        )
    assert refused.value.field == "numerator"


def test_a_changed_definition_makes_a_new_version_and_an_old_report_keeps_its_own(
    client, demo
):
    old = version()
    written = report(demo, values={"新規相談受付件数": 3})
    assert written.version == old
    target = indicator(old, "新規相談受付件数")
    # The version in use stays as it is.
    with pytest.raises(ServiceError):
        services.indicator_update(
            actor=demo["business"],
            indicator=target,
            data={"name": "新規相談受付件数", "kind": "count", "definition": "変更"},
        )
    new = services.version_create(
        actor=demo["business"], indicator_set=old.indicator_set, note="定義の見直し"
    )
    assert new.number == old.number + 1
    assert new.indicators.count() == old.indicators.count()
    copied_ratio = new.indicators.get(kind="ratio")
    assert copied_ratio.numerator.version == new
    assert copied_ratio.denominator.version == new
    services.indicator_update(
        actor=demo["business"],
        indicator=indicator(new, "新規相談受付件数"),
        data={
            "name": "新規相談受付件数",
            "kind": "count",
            "unit": "件",
            "definition": "電話・来所・訪問で新たに受け付けた相談の件数。",
            "per_100k": True,
        },
    )
    target.refresh_from_db()
    assert target.definition == "当該期間に新たに受け付けた相談の件数。"
    written.refresh_from_db()
    assert written.version_id == old.pk
    client.force_login(demo["business"])
    page = client.get(reverse("business:report_detail", args=[written.pk]))
    assert f"v{old.number}" in page.content.decode()
    detail = client.get(
        reverse("business:indicator_set_detail", args=[old.indicator_set_id])
    ).content.decode()
    assert "電話・来所・訪問で新たに受け付けた相談の件数。" in detail
    assert "当該期間に新たに受け付けた相談の件数。" in detail


def test_a_draft_version_is_changed_rather_than_copied(demo):
    made = indicator_set(demo)
    with pytest.raises(ServiceError):
        services.version_create(
            actor=demo["business"], indicator_set=made, note="もう一つ"
        )
    assert made.versions.count() == 1


def test_a_count_a_ratio_uses_cannot_be_removed(demo):
    made = indicator_set(demo)
    first = made.versions.get()
    users = count(demo, first, "利用者数")
    employed = count(demo, first, "就労者数")
    services.indicator_add(
        actor=demo["business"],
        version=first,
        data={
            "name": "就労率",
            "kind": "ratio",
            "numerator": employed,
            "denominator": users,
        },
    )
    with pytest.raises(ServiceError):
        services.indicator_remove(actor=demo["business"], indicator=users)
    services.indicator_remove(
        actor=demo["business"], indicator=first.indicators.get(name="就労率")
    )
    services.indicator_remove(actor=demo["business"], indicator=users)
    assert list(first.indicators.values_list("name", flat=True)) == ["就労者数"]


def test_the_list_marks_sets_to_confirm_and_the_section_confirms_one(client, demo):
    seeded = version().indicator_set
    client.force_login(demo["business"])
    page = client.get(reverse("business:indicator_set_list")).content.decode()
    assert seeded.name in page
    assert page.count("text-bg-warning") >= 2
    answer = client.post(reverse("business:indicator_set_confirm", args=[seeded.pk]))
    assert answer.status_code == 302
    seeded.refresh_from_db()
    assert not seeded.to_confirm
    assert AuditEntry.objects.filter(action="business.indicator_set.confirm").exists()


def test_a_new_set_is_made_from_its_page(client, demo):
    client.force_login(demo["business"])
    answer = client.post(
        reverse("business:indicator_set_create"),
        {"name": "家計改善支援 実績指標", "note": ""},
    )
    assert answer.status_code == 302
    made = IndicatorSetVersion.objects.get(indicator_set__name="家計改善支援 実績指標")
    assert made.number == 1
    answer = client.post(
        reverse("business:indicator_create", args=[made.pk]),
        {"name": "家計相談件数", "kind": "count", "unit": "件", "position": 10},
    )
    assert answer.status_code == 302
    assert Indicator.objects.filter(version=made, name="家計相談件数").exists()


def test_a_programme_chooses_its_version_for_a_year(client, demo):
    made = programme(demo)
    client.force_login(demo["business"])
    target = version()
    answer = client.post(
        reverse("business:programme_indicators", args=[made.pk]),
        {"fiscal_year": 2026, "version": target.pk},
    )
    assert answer.status_code == 302
    assert made.indicator_years.get(fiscal_year=2026).version == target
    page = client.get(reverse("business:programme_indicators", args=[made.pk]))
    assert str(target) in page.content.decode()
