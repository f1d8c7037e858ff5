"""The fund's books in the admin: shown, never added, changed or deleted."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from network.fund.models import (
    Contribution,
    LedgerAccount,
    LedgerLine,
    LedgerTransaction,
)
from tests.factories import UserFactory
from tests.network import fund_helpers


@pytest.mark.parametrize(
    "model", [LedgerAccount, LedgerTransaction, LedgerLine, Contribution]
)
def test_the_books_are_read_only_in_the_admin(model):
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/admin/")
    request.user = UserFactory.build(is_superuser=True, is_staff=True)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


@pytest.mark.django_db
def test_a_superuser_sees_a_transaction_and_cannot_delete_it(client):
    entry = fund_helpers.book_contribution(fund_helpers.source(), 1000)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(
        reverse("admin:network_ledgertransaction_change", args=[entry.pk])
    )
    assert page.status_code == 200
    deleted = client.post(
        reverse("admin:network_ledgertransaction_delete", args=[entry.pk]),
        {"post": "yes"},
    )
    assert deleted.status_code in (302, 403)
    assert LedgerTransaction.objects.filter(pk=entry.pk).exists()
    assert LedgerLine.objects.filter(transaction=entry).count() == 2
