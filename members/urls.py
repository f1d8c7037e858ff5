from django.urls import path

from .views import registry as views

app_name = "members"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("me/", views.MyPageView.as_view(), name="mypage"),
    path(
        "organizations/", views.OrganizationListView.as_view(), name="organization_list"
    ),
    path(
        "organizations/<int:pk>/",
        views.OrganizationDetailView.as_view(),
        name="organization_detail",
    ),
    path(
        "organizations/<int:pk>/files/",
        views.OrganizationFileUploadView.as_view(),
        name="organization_file_upload",
    ),
    path(
        "files/<uuid:file_id>/", views.FileDownloadView.as_view(), name="file_download"
    ),
    path(
        "files/<uuid:file_id>/delete/",
        views.FileDeleteView.as_view(),
        name="file_delete",
    ),
    path("people/", views.PersonListView.as_view(), name="person_list"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path(
        "people/<int:pk>/second-factor/reset/",
        views.SecondFactorResetView.as_view(),
        name="second_factor_reset",
    ),
    path("roles/", views.RoleListView.as_view(), name="role_list"),
    path("roles/new/", views.RoleAssignView.as_view(), name="role_assign"),
    path("roles/<int:pk>/end/", views.RoleEndView.as_view(), name="role_end"),
]


# --- Importing a member list ------------------------------------------------------------------
from .views import imports as import_views  # noqa: E402

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
