"""The business section's contracts pages (issue 17); included by ``business/urls.py``."""

from django.urls import path

from .views import contracts as views

urlpatterns = [
    path("contracts/", views.ContractListView.as_view(), name="contract_list"),
    path("contracts/new/", views.ContractCreateView.as_view(), name="contract_create"),
    path(
        "contracts/<int:pk>/",
        views.ContractDetailView.as_view(),
        name="contract_detail",
    ),
    path(
        "contracts/<int:pk>/edit/",
        views.ContractEditView.as_view(),
        name="contract_edit",
    ),
    path(
        "contracts/<int:pk>/files/",
        views.ContractFileUploadView.as_view(),
        name="contract_file_upload",
    ),
    path(
        "contracts/<int:pk>/personnel/new/",
        views.PersonnelCreateView.as_view(),
        name="contract_personnel_create",
    ),
    path(
        "contracts/<int:pk>/personnel/<int:personnel_pk>/",
        views.PersonnelEditView.as_view(),
        name="contract_personnel_edit",
    ),
    path(
        "contracts/<int:pk>/budget/",
        views.BudgetView.as_view(),
        name="contract_budget",
    ),
    path(
        "contracts/<int:pk>/expenses/new/",
        views.ExpenseCreateView.as_view(),
        name="contract_expense_create",
    ),
    path(
        "contracts/<int:pk>/expenses/<int:expense_pk>/correct/",
        views.ExpenseCorrectView.as_view(),
        name="contract_expense_correct",
    ),
    path(
        "contracts/<int:pk>/incidents/new/",
        views.IncidentCreateView.as_view(),
        name="contract_incident_create",
    ),
    path(
        "contracts/<int:pk>/incidents/<int:incident_pk>/",
        views.IncidentEditView.as_view(),
        name="contract_incident_edit",
    ),
    path(
        "contracts/<int:pk>/disposals/new/",
        views.DisposalCreateView.as_view(),
        name="contract_disposal_create",
    ),
    path(
        "contracts/<int:pk>/settlement.pdf",
        views.SettlementPdfView.as_view(),
        name="contract_settlement_pdf",
    ),
    path(
        "contracts/<int:pk>/settlement.xlsx",
        views.SettlementXlsxView.as_view(),
        name="contract_settlement_xlsx",
    ),
]
