from django.urls import path

from . import views, views_contacts

app_name = "network"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    # The contact log with partners (渉外記録).
    path("contacts/", views_contacts.ContactListView.as_view(), name="contact_list"),
    path(
        "contacts/export/",
        views_contacts.ContactExportView.as_view(),
        name="contact_export",
    ),
    path(
        "contacts/organization/<int:pk>/new/",
        views_contacts.ContactCreateView.as_view(),
        name="contact_create",
    ),
    path(
        "contacts/<int:pk>/",
        views_contacts.ContactDetailView.as_view(),
        name="contact_detail",
    ),
    path(
        "contacts/<int:pk>/edit/",
        views_contacts.ContactEditView.as_view(),
        name="contact_edit",
    ),
    path(
        "contacts/<int:pk>/follow-up/",
        views_contacts.ContactFollowUpDoneView.as_view(),
        name="contact_follow_up",
    ),
]
