"""The support section's projects pages (issue 15); included by ``support/urls.py``."""

from django.urls import path

from .views import projects as views

urlpatterns = [
    path("projects/", views.ProjectListView.as_view(), name="project_list"),
    path("projects/new/", views.ProjectCreateView.as_view(), name="project_create"),
    path("projects/export/", views.ProjectExportView.as_view(), name="project_export"),
    path(
        "projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"
    ),
    path(
        "projects/<int:pk>/edit/", views.ProjectEditView.as_view(), name="project_edit"
    ),
    path(
        "projects/<int:pk>/state/", views.ProjectMoveView.as_view(), name="project_move"
    ),
    path(
        "projects/<int:pk>/team/",
        views.ProjectTeamCreateView.as_view(),
        name="project_team_create",
    ),
    path(
        "projects/<int:pk>/agenda-item/",
        views.ProjectDraftItemView.as_view(),
        name="project_draft_item",
    ),
    path(
        "projects/<int:pk>/files/",
        views.ProjectFileUploadView.as_view(),
        name="project_file_upload",
    ),
    path(
        "projects/<int:pk>/report.pdf",
        views.ProjectReportPdfView.as_view(),
        name="project_report_pdf",
    ),
    path(
        "projects/<int:pk>/milestones/new/",
        views.MilestoneCreateView.as_view(),
        name="milestone_create",
    ),
    path(
        "projects/<int:pk>/milestones/<int:milestone_pk>/edit/",
        views.MilestoneEditView.as_view(),
        name="milestone_edit",
    ),
    path(
        "projects/<int:pk>/milestones/<int:milestone_pk>/done/",
        views.MilestoneMarkView.as_view(),
        name="milestone_mark",
    ),
    path(
        "projects/<int:pk>/milestones/<int:milestone_pk>/delete/",
        views.MilestoneDeleteView.as_view(),
        name="milestone_delete",
    ),
]
