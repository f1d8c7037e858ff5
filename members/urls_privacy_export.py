"""The personal-data pages: export (issue 16)."""

from django.urls import path

from .views import privacy_export

urlpatterns = [
    path(
        "privacy/requests/<int:pk>/export/",
        privacy_export.PrivacyExportView.as_view(),
        name="privacy_export",
    ),
    path(
        "privacy/requests/<int:pk>/export/download/",
        privacy_export.PrivacyExportDownloadView.as_view(),
        name="privacy_export_download",
    ),
]
