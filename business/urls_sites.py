"""The business section's sites pages (issue 17): places, their funders' conditions
and recorders, the sessions recorders enter, the types of session the section keeps,
and the public directory."""

from django.urls import path

from .views import sites as views_sites

urlpatterns = [
    path("sites/", views_sites.SiteListView.as_view(), name="site_list"),
    path("sites/new/", views_sites.SiteCreateView.as_view(), name="site_create"),
    path(
        "sites/directory/",
        views_sites.SiteDirectoryView.as_view(),
        name="site_directory",
    ),
    path(
        "sites/session-types/",
        views_sites.SessionTypeListView.as_view(),
        name="session_type_list",
    ),
    path(
        "sites/session-types/new/",
        views_sites.SessionTypeCreateView.as_view(),
        name="session_type_create",
    ),
    path(
        "sites/session-types/<int:pk>/edit/",
        views_sites.SessionTypeEditView.as_view(),
        name="session_type_edit",
    ),
    path("sites/<int:pk>/", views_sites.SiteDetailView.as_view(), name="site_detail"),
    path("sites/<int:pk>/edit/", views_sites.SiteEditView.as_view(), name="site_edit"),
    path(
        "sites/<int:pk>/export/",
        views_sites.SiteExportView.as_view(),
        name="site_export",
    ),
    path(
        "sites/<int:pk>/conditions/new/",
        views_sites.ConditionCreateView.as_view(),
        name="condition_create",
    ),
    path(
        "sites/<int:pk>/conditions/<int:condition_pk>/edit/",
        views_sites.ConditionEditView.as_view(),
        name="condition_edit",
    ),
    path(
        "sites/<int:pk>/conditions/<int:condition_pk>/delete/",
        views_sites.ConditionDeleteView.as_view(),
        name="condition_delete",
    ),
    path(
        "sites/<int:pk>/recorders/new/",
        views_sites.RecorderAddView.as_view(),
        name="recorder_add",
    ),
    path(
        "sites/<int:pk>/recorders/<int:recorder_pk>/end/",
        views_sites.RecorderEndView.as_view(),
        name="recorder_end",
    ),
    path(
        "sites/<int:pk>/sessions/new/",
        views_sites.SessionCreateView.as_view(),
        name="session_create",
    ),
    path(
        "sites/<int:pk>/sessions/<int:session_pk>/edit/",
        views_sites.SessionEditView.as_view(),
        name="session_edit",
    ),
]
