"""The support section's talent pages (issue 15); included by ``support/urls.py``."""

from django.urls import path

from .views import talent as views

urlpatterns = [
    path("talent/me/", views.TalentMyProfileView.as_view(), name="talent_my_profile"),
    path(
        "talent/enter/",
        views.TalentProfileEnterView.as_view(),
        name="talent_profile_enter",
    ),
    path(
        "talent/profiles/",
        views.TalentProfileListView.as_view(),
        name="talent_profile_list",
    ),
    path(
        "talent/profiles/<int:pk>/",
        views.TalentProfileDetailView.as_view(),
        name="talent_profile_detail",
    ),
    path(
        "talent/profiles/<int:pk>/edit/",
        views.TalentProfileEditView.as_view(),
        name="talent_profile_edit",
    ),
    path(
        "talent/profiles/<int:pk>/renew/",
        views.TalentProfileRenewView.as_view(),
        name="talent_profile_renew",
    ),
    path(
        "talent/profiles/<int:pk>/confirm/",
        views.TalentProfileConfirmView.as_view(),
        name="talent_profile_confirm",
    ),
    path(
        "talent/profiles/<int:pk>/withdraw/",
        views.TalentProfileWithdrawView.as_view(),
        name="talent_profile_withdraw",
    ),
    path(
        "talent/profiles/<int:pk>/qualifications/add/",
        views.TalentQualificationAddView.as_view(),
        name="talent_qualification_add",
    ),
    path(
        "talent/qualifications/<int:pk>/edit/",
        views.TalentQualificationEditView.as_view(),
        name="talent_qualification_edit",
    ),
    path(
        "talent/qualifications/<int:pk>/delete/",
        views.TalentQualificationDeleteView.as_view(),
        name="talent_qualification_delete",
    ),
    path(
        "talent/qualifications/<int:pk>/verify/",
        views.TalentQualificationVerifyView.as_view(),
        name="talent_qualification_verify",
    ),
    path(
        "talent/qualification-list/",
        views.TalentQualificationListView.as_view(),
        name="talent_qualification_list",
    ),
    path(
        "talent/qualification-list/<int:pk>/",
        views.TalentQualificationListEditView.as_view(),
        name="talent_qualification_list_edit",
    ),
    path(
        "talent/aggregates/",
        views.TalentAggregatesView.as_view(),
        name="talent_aggregates",
    ),
    path(
        "talent/aggregates/export/",
        views.TalentAggregatesExportView.as_view(),
        name="talent_aggregates_export",
    ),
]
