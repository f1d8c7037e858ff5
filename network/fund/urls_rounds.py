"""The fund's URLs: rounds (included by ``network.fund.urls``, namespace ``network``)."""

from django.urls import path

from . import views_rounds as views

urlpatterns = [
    path("", views.FundDashboardView.as_view(), name="fund"),
    # Programmes.
    path("programmes/", views.ProgrammeListView.as_view(), name="fund_programmes"),
    path(
        "programmes/new/",
        views.ProgrammeCreateView.as_view(),
        name="fund_programme_create",
    ),
    path(
        "programmes/<int:pk>/edit/",
        views.ProgrammeEditView.as_view(),
        name="fund_programme_edit",
    ),
    # Rounds (募集回), for those who run the fund.
    path("rounds/new/", views.RoundCreateView.as_view(), name="fund_round_create"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="fund_round"),
    path(
        "rounds/<int:pk>/edit/", views.RoundEditView.as_view(), name="fund_round_edit"
    ),
    path(
        "rounds/<int:pk>/allocate/",
        views.RoundAllocateView.as_view(),
        name="fund_round_allocate",
    ),
    path(
        "rounds/<int:pk>/status/",
        views.RoundStatusView.as_view(),
        name="fund_round_status",
    ),
    # The public calls.
    path("open/", views.PublicRoundListView.as_view(), name="fund_public_rounds"),
    path("open/<int:pk>/", views.PublicRoundView.as_view(), name="fund_public_round"),
    # Applications up to submission.
    path("open/<int:pk>/apply/", views.ApplyView.as_view(), name="fund_apply"),
    path(
        "applications/mine/",
        views.MyApplicationsView.as_view(),
        name="fund_my_applications",
    ),
    path(
        "applications/<int:pk>/",
        views.ApplicationDetailView.as_view(),
        name="fund_application",
    ),
    path(
        "applications/<int:pk>/edit/",
        views.ApplicationEditView.as_view(),
        name="fund_application_edit",
    ),
    path(
        "applications/<int:pk>/files/",
        views.ApplicationFilesView.as_view(),
        name="fund_application_files",
    ),
    path(
        "applications/<int:pk>/submit/",
        views.ApplicationSubmitView.as_view(),
        name="fund_application_submit",
    ),
    path(
        "applications/<int:pk>/withdraw/",
        views.ApplicationWithdrawView.as_view(),
        name="fund_application_withdraw",
    ),
]
