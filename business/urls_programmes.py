"""The business section's programmes pages (issue 17): the kinds, the list, a
programme with its state, partners, documents and agenda items."""

from django.urls import path

from .views import programmes as views_programmes

urlpatterns = [
    path("kinds/", views_programmes.KindListView.as_view(), name="kind_list"),
    path("kinds/new/", views_programmes.KindCreateView.as_view(), name="kind_create"),
    path(
        "kinds/<int:pk>/edit/",
        views_programmes.KindEditView.as_view(),
        name="kind_edit",
    ),
    path(
        "programmes/",
        views_programmes.ProgrammeListView.as_view(),
        name="programme_list",
    ),
    path(
        "programmes/new/",
        views_programmes.ProgrammeCreateView.as_view(),
        name="programme_create",
    ),
    path(
        "programmes/<int:pk>/",
        views_programmes.ProgrammeDetailView.as_view(),
        name="programme_detail",
    ),
    path(
        "programmes/<int:pk>/edit/",
        views_programmes.ProgrammeEditView.as_view(),
        name="programme_edit",
    ),
    path(
        "programmes/<int:pk>/state/",
        views_programmes.ProgrammeMoveView.as_view(),
        name="programme_move",
    ),
    path(
        "programmes/<int:pk>/partners/new/",
        views_programmes.PartnerAddView.as_view(),
        name="partner_add",
    ),
    path(
        "programmes/<int:pk>/partners/<int:partner_pk>/remove/",
        views_programmes.PartnerRemoveView.as_view(),
        name="partner_remove",
    ),
    path(
        "programmes/<int:pk>/files/",
        views_programmes.ProgrammeFileUploadView.as_view(),
        name="programme_file_upload",
    ),
    path(
        "programmes/<int:pk>/agenda-item/",
        views_programmes.ProgrammeDraftItemView.as_view(),
        name="programme_draft_item",
    ),
]
