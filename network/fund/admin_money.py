"""The fund's books in the admin: shown, never added, changed or deleted. Corrections
are reversing transactions by the secretary-general on the portal's pages (and
PostgreSQL refuses UPDATE and DELETE of the books anyway)."""

from django.contrib import admin
from django.urls import reverse

from wco_sse.core.admin import PortalManagedAdmin

from .models import Contribution, LedgerAccount, LedgerLine, LedgerTransaction


class LedgerLineInline(admin.TabularInline):
    model = LedgerLine
    fields = ("account", "amount")
    readonly_fields = ("account", "amount")
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LedgerAccount)
class LedgerAccountAdmin(PortalManagedAdmin):
    list_display = ("code", "name", "kind")
    list_filter = ("kind",)
    search_fields = ("code", "name")

    def portal_url(self, obj=None):
        return reverse("network:fund_ledger")


@admin.register(LedgerTransaction)
class LedgerTransactionAdmin(PortalManagedAdmin):
    list_display = ("pk", "occurred_on", "kind", "memo")
    list_filter = ("kind",)
    search_fields = ("memo",)
    date_hierarchy = "occurred_on"
    inlines = (LedgerLineInline,)
    raw_id_fields = ("reverses", "contribution", "award", "payment", "created_by")

    def portal_url(self, obj=None):
        if obj is not None:
            return reverse("network:fund_ledger_entry", args=[obj.pk])
        return reverse("network:fund_journal")


@admin.register(LedgerLine)
class LedgerLineAdmin(PortalManagedAdmin):
    list_display = ("transaction", "account", "amount")
    list_filter = ("account__kind",)
    raw_id_fields = ("transaction", "account")

    def portal_url(self, obj=None):
        if obj is not None:
            return reverse("network:fund_ledger_entry", args=[obj.transaction_id])
        return reverse("network:fund_journal")


@admin.register(Contribution)
class ContributionAdmin(PortalManagedAdmin):
    list_display = ("receipt_number", "received_on", "source", "amount", "method")
    list_filter = ("source", "method")
    search_fields = ("receipt_number", "donor_name")
    raw_id_fields = ("organization", "person", "recorded_by")

    def portal_url(self, obj=None):
        if obj is not None:
            return reverse("network:fund_contribution", args=[obj.pk])
        return reverse("network:fund_contributions")
