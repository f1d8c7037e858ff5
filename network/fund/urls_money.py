"""The fund's URLs: money (included by ``network.fund.urls``, namespace ``network``)."""

from django.urls import path

from . import views_money as views

urlpatterns = [
    path("sources/", views.SourceListView.as_view(), name="fund_sources"),
    path("sources/new/", views.SourceCreateView.as_view(), name="fund_source_create"),
    path(
        "sources/<int:pk>/edit/",
        views.SourceEditView.as_view(),
        name="fund_source_edit",
    ),
    path(
        "contributions/",
        views.ContributionListView.as_view(),
        name="fund_contributions",
    ),
    path(
        "contributions/new/",
        views.ContributionCreateView.as_view(),
        name="fund_contribution_create",
    ),
    path(
        "contributions/import/",
        views.TransferImportView.as_view(),
        name="fund_contribution_import",
    ),
    path(
        "contributions/<int:pk>/",
        views.ContributionDetailView.as_view(),
        name="fund_contribution",
    ),
    path(
        "contributions/<int:pk>/receipt.pdf",
        views.ContributionReceiptView.as_view(),
        name="fund_contribution_receipt",
    ),
    path("ledger/", views.LedgerView.as_view(), name="fund_ledger"),
    path("ledger/journal/", views.JournalView.as_view(), name="fund_journal"),
    path(
        "ledger/journal/export/",
        views.JournalExportView.as_view(),
        name="fund_journal_export",
    ),
    path(
        "ledger/entries/<int:pk>/",
        views.EntryDetailView.as_view(),
        name="fund_ledger_entry",
    ),
    path(
        "ledger/entries/<int:pk>/reverse/",
        views.EntryReverseView.as_view(),
        name="fund_ledger_reverse",
    ),
    path("ledger/statement.pdf", views.StatementView.as_view(), name="fund_statement"),
]
