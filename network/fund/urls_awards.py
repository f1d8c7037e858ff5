"""The fund's URLs: awards (included by ``network.fund.urls``, namespace ``network``)."""

from django.urls import path

from . import views_awards as views

urlpatterns = [
    path("awards/", views.AwardListView.as_view(), name="fund_awards"),
    path("awards/<int:pk>/", views.AwardDetailView.as_view(), name="fund_award"),
    path(
        "awards/<int:pk>/amount/",
        views.AwardAmountView.as_view(),
        name="fund_award_amount",
    ),
    path(
        "awards/<int:pk>/edit/", views.AwardEditView.as_view(), name="fund_award_edit"
    ),
    path(
        "awards/<int:pk>/notice.pdf",
        views.AwardNoticeView.as_view(),
        name="fund_award_notice",
    ),
    path(
        "awards/<int:pk>/payments/new/",
        views.PaymentPrepareView.as_view(),
        name="fund_payment_prepare",
    ),
    path(
        "payments/<int:pk>/confirm/",
        views.PaymentConfirmView.as_view(),
        name="fund_payment_confirm",
    ),
    path(
        "payments/<int:pk>/cancel/",
        views.PaymentCancelView.as_view(),
        name="fund_payment_cancel",
    ),
    path(
        "awards/<int:pk>/changes/new/",
        views.ChangeCreateView.as_view(),
        name="fund_change_create",
    ),
    path(
        "changes/<int:pk>/decide/",
        views.ChangeDecideView.as_view(),
        name="fund_change_decide",
    ),
    path("awards/<int:pk>/report/", views.ReportView.as_view(), name="fund_report"),
    path(
        "awards/<int:pk>/report/accept/",
        views.ReportAcceptView.as_view(),
        name="fund_report_accept",
    ),
    path("awards/<int:pk>/refund/", views.RefundView.as_view(), name="fund_refund"),
    path(
        "awards/<int:pk>/settle/",
        views.AwardSettleView.as_view(),
        name="fund_award_settle",
    ),
]
