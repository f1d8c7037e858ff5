from django.urls import path

from wco_sse.core import views as core_views

from . import (
    urls_privacy_erasure,
    urls_privacy_export,
    urls_privacy_requests,
    urls_privacy_retention,
)
from .views import affiliations, mailbox, organizations, people, registry, roles
from .views import dues as dues_views
from .views import imports as import_views
from .views import prints as print_views

app_name = "members"

urlpatterns = [
    path("", registry.IndexView.as_view(), name="index"),
    path("me/", registry.MyPageView.as_view(), name="mypage"),
    path("me/edit/", people.MyProfileEditView.as_view(), name="mypage_edit"),
    path(
        "me/second-factor/mailbox/",
        mailbox.MailboxConfirmView.as_view(),
        name="mailbox_confirm",
    ),
    path(
        "me/affiliations/request/",
        affiliations.AffiliationRequestView.as_view(),
        name="affiliation_request",
    ),
    path(
        "postal-code/",
        registry.PostalCodeLookupView.as_view(),
        name="postal_code_lookup",
    ),
    path(
        "organizations/",
        organizations.OrganizationListView.as_view(),
        name="organization_list",
    ),
    path(
        "organizations/export/",
        organizations.OrganizationExportView.as_view(),
        name="organization_export",
    ),
    path(
        "organizations/new/",
        organizations.OrganizationCreateView.as_view(),
        name="organization_create",
    ),
    path(
        "organizations/pick/",
        organizations.OrganizationPickView.as_view(),
        name="organization_pick",
    ),
    path(
        "organizations/<int:pk>/",
        organizations.OrganizationDetailView.as_view(),
        name="organization_detail",
    ),
    path(
        "organizations/<int:pk>/edit/",
        organizations.OrganizationEditView.as_view(),
        name="organization_edit",
    ),
    path(
        "organizations/<int:pk>/field/<str:field>/",
        organizations.OrganizationFieldView.as_view(),
        name="organization_field",
    ),
    path(
        "organizations/<int:pk>/legal-form/",
        organizations.LegalFormChangeView.as_view(),
        name="legal_form_change",
    ),
    path(
        "organizations/<int:pk>/people/add/",
        affiliations.AffiliationAddView.as_view(),
        name="affiliation_add",
    ),
    path(
        "affiliations/<int:pk>/confirm/",
        affiliations.AffiliationActionView.as_view(action="confirm"),
        name="affiliation_confirm",
    ),
    path(
        "affiliations/<int:pk>/end/",
        affiliations.AffiliationActionView.as_view(action="end"),
        name="affiliation_end",
    ),
    path(
        "organizations/<int:pk>/files/",
        organizations.OrganizationFileUploadView.as_view(),
        name="organization_file_upload",
    ),
    path(
        "files/<uuid:file_id>/",
        core_views.FileDownloadView.as_view(),
        name="file_download",
    ),
    path(
        "files/<uuid:file_id>/delete/",
        core_views.FileDeleteView.as_view(),
        name="file_delete",
    ),
    path("people/", people.PersonListView.as_view(), name="person_list"),
    path("people/new/", people.PersonCreateView.as_view(), name="person_create"),
    path("people/export/", people.PersonExportView.as_view(), name="person_export"),
    path("people/pick/", people.PersonPickView.as_view(), name="person_pick"),
    path("people/<int:pk>/", people.PersonDetailView.as_view(), name="person_detail"),
    path("people/<int:pk>/edit/", people.PersonEditView.as_view(), name="person_edit"),
    path(
        "people/<int:pk>/second-factor/reset/",
        roles.SecondFactorResetView.as_view(),
        name="second_factor_reset",
    ),
    path("roles/", roles.RoleListView.as_view(), name="role_list"),
    path("roles/new/", roles.RoleAssignView.as_view(), name="role_assign"),
    path("roles/<int:pk>/end/", roles.RoleEndView.as_view(), name="role_end"),
]

# --- Importing a member list ------------------------------------------------------------------
urlpatterns += [
    path("imports/", import_views.ImportUploadView.as_view(), name="import_upload"),
    path(
        "imports/template/",
        import_views.ImportTemplateView.as_view(),
        name="import_template",
    ),
    path(
        "imports/<uuid:pk>/",
        import_views.ImportDetailView.as_view(),
        name="import_detail",
    ),
    path(
        "imports/<uuid:pk>/columns/",
        import_views.ImportColumnsView.as_view(),
        name="import_columns",
    ),
    path(
        "imports/<uuid:pk>/columns/forget/",
        import_views.ImportForgetColumnsView.as_view(),
        name="import_forget_columns",
    ),
    path(
        "imports/<uuid:pk>/commit/",
        import_views.ImportCommitView.as_view(),
        name="import_commit",
    ),
    path(
        "imports/<uuid:pk>/discard/",
        import_views.ImportDiscardView.as_view(),
        name="import_discard",
    ),
    path(
        "imports/<uuid:pk>/check-again/",
        import_views.ImportCheckAgainView.as_view(),
        name="import_check_again",
    ),
]

# --- Dues (会費) and printed lists -------------------------------------------------------------
urlpatterns += [
    path("dues/", dues_views.DuesListView.as_view(), name="dues_list"),
    path("dues/rates/", dues_views.DuesRatesView.as_view(), name="dues_rates"),
    path("dues/issue/", dues_views.DuesIssueView.as_view(), name="dues_issue"),
    path("dues/unpaid/", dues_views.DuesUnpaidView.as_view(), name="dues_unpaid"),
    path(
        "dues/unpaid/export/",
        dues_views.DuesUnpaidExportView.as_view(),
        name="dues_unpaid_export",
    ),
    path(
        "dues/unpaid/<int:year>/remind/",
        dues_views.DuesRemindAllView.as_view(),
        name="dues_remind_all",
    ),
    path("dues/<int:pk>/", dues_views.DuesDetailView.as_view(), name="dues_detail"),
    path(
        "dues/<int:pk>/invoice/",
        dues_views.DuesInvoicePdfView.as_view(),
        name="dues_invoice",
    ),
    path(
        "dues/<int:pk>/payments/new/",
        dues_views.DuesPaymentRecordView.as_view(),
        name="dues_payment_record",
    ),
    path(
        "dues/<int:pk>/amount/",
        dues_views.DuesOverrideView.as_view(),
        name="dues_override",
    ),
    path(
        "dues/<int:pk>/remind/", dues_views.DuesRemindView.as_view(), name="dues_remind"
    ),
    path(
        "dues/payments/<int:pk>/receipt/",
        dues_views.DuesReceiptPdfView.as_view(),
        name="dues_receipt",
    ),
    path(
        "dues/payments/<int:pk>/cancel/",
        dues_views.DuesPaymentCancelView.as_view(),
        name="dues_payment_cancel",
    ),
    path("print/", print_views.PrintIndexView.as_view(), name="print_index"),
    path(
        "print/member-roster/",
        print_views.MemberRosterView.as_view(),
        name="print_member_roster",
    ),
    path(
        "print/voting-members/",
        print_views.VotingMembersView.as_view(),
        name="print_voting_members",
    ),
    path("print/officers/", print_views.OfficersView.as_view(), name="print_officers"),
    path("print/labels/", print_views.LabelsView.as_view(), name="print_labels"),
    path(
        "print/jobs/<uuid:job_id>/",
        core_views.PrintJobView.as_view(),
        name="print_job",
    ),
    path(
        "print/jobs/<uuid:job_id>/download/",
        core_views.PrintJobDownloadView.as_view(),
        name="print_job_download",
    ),
]

# Personal data (issue 16): each part's pages in its own module.
urlpatterns += (
    urls_privacy_requests.urlpatterns
    + urls_privacy_export.urlpatterns
    + urls_privacy_erasure.urlpatterns
    + urls_privacy_retention.urlpatterns
)
