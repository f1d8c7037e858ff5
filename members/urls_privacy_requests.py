"""The personal-data pages: requests (issue 16)."""

from django.urls import path

from .views import privacy_requests as views

urlpatterns = [
    path("me/privacy/", views.PrivacyMineView.as_view(), name="privacy_mine"),
    path(
        "me/privacy/new/<str:kind>/",
        views.PrivacyRequestNewView.as_view(),
        name="privacy_request_new",
    ),
    path(
        "me/privacy/<int:pk>/withdraw/",
        views.PrivacyRequestWithdrawView.as_view(),
        name="privacy_request_withdraw",
    ),
    path(
        "privacy/requests/",
        views.PrivacyRequestListView.as_view(),
        name="privacy_requests",
    ),
    path(
        "privacy/requests/record/",
        views.PrivacyRequestRecordView.as_view(),
        name="privacy_request_record",
    ),
    path(
        "privacy/requests/<int:pk>/",
        views.PrivacyRequestDetailView.as_view(),
        name="privacy_request",
    ),
    path(
        "privacy/requests/<int:pk>/answer/",
        views.PrivacyRequestAnswerView.as_view(),
        name="privacy_request_answer",
    ),
    path(
        "privacy/requests/<int:pk>/refuse/",
        views.PrivacyRequestRefuseView.as_view(),
        name="privacy_request_refuse",
    ),
]
