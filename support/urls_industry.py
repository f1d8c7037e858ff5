"""The support section's industry pages (issue 15); included by ``support/urls.py``."""

from django.urls import path

from .views import industry as views

urlpatterns = [
    path("industry/", views.IndustryListView.as_view(), name="industry_list"),
    path("industry/new/", views.IndustryCreateView.as_view(), name="industry_create"),
    path(
        "industry/rosters/export/",
        views.IndustryRostersExportView.as_view(),
        name="industry_rosters_export",
    ),
    path(
        "industry/<int:pk>/",
        views.IndustryDetailView.as_view(),
        name="industry_detail",
    ),
    path(
        "industry/<int:pk>/invite/",
        views.IndustryInviteView.as_view(),
        name="industry_invite",
    ),
    path(
        "industry/<int:pk>/seat/",
        views.IndustrySeatView.as_view(),
        name="industry_seat",
    ),
    path(
        "industry/<int:pk>/issues/new/",
        views.IssueCreateView.as_view(),
        name="issue_create",
    ),
    path(
        "industry/issues/<int:pk>/",
        views.IssueDetailView.as_view(),
        name="issue_detail",
    ),
    path(
        "industry/issues/<int:pk>/edit/",
        views.IssueEditView.as_view(),
        name="issue_edit",
    ),
    path(
        "industry/issues/<int:pk>/state/",
        views.IssueMoveView.as_view(),
        name="issue_move",
    ),
    path(
        "industry/issues/<int:pk>/agenda-item/",
        views.IssueDraftItemView.as_view(),
        name="issue_draft_item",
    ),
    path(
        "school/committee/",
        views.SchoolCommitteeView.as_view(),
        name="school_committee",
    ),
]
