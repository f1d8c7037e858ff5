"""The personal-data pages: erasure (issue 16)."""

from django.urls import path

from .views import privacy_erasure

urlpatterns = [
    path(
        "privacy/requests/<int:pk>/erasure/",
        privacy_erasure.PrivacyErasureView.as_view(),
        name="privacy_erasure",
    ),
    path(
        "privacy/journal/",
        privacy_erasure.PrivacyJournalView.as_view(),
        name="privacy_journal",
    ),
]
