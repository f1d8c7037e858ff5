"""The fund's URLs: review (included by ``network.fund.urls``, namespace ``network``)."""

from django.urls import path

from . import views_review as views

urlpatterns = [
    path(
        "rounds/<int:pk>/reviews/",
        views.RoundReviewsView.as_view(),
        name="fund_round_reviews",
    ),
    path(
        "applications/<int:pk>/screen/",
        views.ApplicationScreenView.as_view(),
        name="fund_application_screen",
    ),
    path(
        "applications/<int:pk>/conflict/",
        views.ConflictView.as_view(),
        name="fund_application_conflict",
    ),
    path(
        "applications/<int:pk>/review/",
        views.ReviewView.as_view(),
        name="fund_application_review",
    ),
    path(
        "applications/<int:pk>/recommend/",
        views.RecommendView.as_view(),
        name="fund_application_recommend",
    ),
    path(
        "applications/<int:pk>/send/",
        views.SendView.as_view(),
        name="fund_application_send",
    ),
    path(
        "applications/<int:pk>/paper.pdf",
        views.PaperView.as_view(),
        name="fund_application_paper",
    ),
]
