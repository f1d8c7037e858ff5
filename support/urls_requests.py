"""The support section's requests pages (issue 15); included by ``support/urls.py``."""

from django.urls import path

from .views import talent_requests as views

urlpatterns = [
    path(
        "talent/requests/",
        views.TalentRequestListView.as_view(),
        name="talent_request_list",
    ),
    path(
        "talent/requests/new/",
        views.TalentRequestCreateView.as_view(),
        name="talent_request_create",
    ),
    path(
        "talent/requests/<int:pk>/",
        views.TalentRequestDetailView.as_view(),
        name="talent_request_detail",
    ),
    path(
        "talent/requests/<int:pk>/edit/",
        views.TalentRequestEditView.as_view(),
        name="talent_request_edit",
    ),
    path(
        "talent/requests/<int:pk>/close/",
        views.TalentRequestCloseView.as_view(),
        name="talent_request_close",
    ),
    path(
        "talent/requests/<int:pk>/propose/",
        views.TalentProposeView.as_view(),
        name="talent_propose",
    ),
    path(
        "talent/proposals/<int:pk>/",
        views.TalentProposalDetailView.as_view(),
        name="talent_proposal_detail",
    ),
    path(
        "talent/proposals/<int:pk>/answer/",
        views.TalentProposalAnswerView.as_view(),
        name="talent_proposal_answer",
    ),
    path(
        "talent/proposals/<int:pk>/sheet.pdf",
        views.TalentProposalSheetView.as_view(),
        name="talent_proposal_sheet",
    ),
    path(
        "talent/proposals/<int:pk>/meeting/",
        views.TalentProposalMeetingView.as_view(),
        name="talent_proposal_meeting",
    ),
    path(
        "talent/proposals/<int:pk>/outcome/",
        views.TalentProposalOutcomeView.as_view(),
        name="talent_proposal_outcome",
    ),
    path(
        "talent/proposals/<int:pk>/withdraw/",
        views.TalentProposalWithdrawView.as_view(),
        name="talent_proposal_withdraw",
    ),
]
