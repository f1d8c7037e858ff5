# The support section's landing page, the W.Co School catalogue and the consultation
# desk's front page are public: citizens find courses and the desk there.
from django.urls import path

from . import urls_industry, urls_projects, urls_requests, urls_talent, views

app_name = "support"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    # --- W.Co School: the catalogue and applying ---
    path("school/", views.CourseListView.as_view(), name="course_list"),
    path("school/<int:pk>/", views.CourseDetailView.as_view(), name="course_detail"),
    path(
        "school/<int:pk>/calendar.ics",
        views.CourseIcalView.as_view(),
        name="course_ical",
    ),
    path(
        "school/<int:pk>/apply/", views.CourseApplyView.as_view(), name="course_apply"
    ),
    path(
        "school/<int:pk>/apply/for-my-people/",
        views.CourseApplyRepresentativeView.as_view(),
        name="course_apply_representative",
    ),
    path(
        "school/<int:pk>/apply/proxy/",
        views.CourseApplyProxyView.as_view(),
        name="course_apply_proxy",
    ),
    path(
        "school/applications/<int:pk>/",
        views.ApplicationDetailView.as_view(),
        name="application_detail",
    ),
    path(
        "school/applications/<int:pk>/cancel/",
        views.ApplicationCancelView.as_view(),
        name="application_cancel",
    ),
    path(
        "school/applications/<int:pk>/promote/",
        views.ApplicationPromoteView.as_view(),
        name="application_promote",
    ),
    path(
        "school/applications/<int:pk>/fee/",
        views.ApplicationFeeView.as_view(),
        name="application_fee",
    ),
    path(
        "school/applications/<int:pk>/certificate.pdf",
        views.CertificateView.as_view(),
        name="application_certificate",
    ),
    # --- W.Co School: the committee's and the secretariat's pages ---
    path(
        "school/manage/",
        views.CourseManageListView.as_view(),
        name="course_manage_list",
    ),
    path("school/manage/new/", views.CourseCreateView.as_view(), name="course_create"),
    path(
        "school/manage/<int:pk>/",
        views.CourseManageView.as_view(),
        name="course_manage",
    ),
    path(
        "school/manage/<int:pk>/edit/",
        views.CourseEditView.as_view(),
        name="course_edit",
    ),
    path(
        "school/manage/<int:pk>/state/",
        views.CourseStatusView.as_view(),
        name="course_status",
    ),
    path(
        "school/manage/<int:pk>/export/",
        views.CourseExportView.as_view(),
        name="course_export",
    ),
    path(
        "school/manage/<int:pk>/email/",
        views.CourseEmailView.as_view(),
        name="course_email",
    ),
    path(
        "school/sessions/<int:pk>/attendance/",
        views.SessionAttendanceView.as_view(),
        name="session_attendance",
    ),
    path(
        "school/sessions/<int:pk>/attendance/<int:application_pk>/",
        views.SessionAttendanceToggleView.as_view(),
        name="session_attendance_toggle",
    ),
    path(
        "school/sessions/<int:pk>/roster.pdf",
        views.SessionRosterView.as_view(),
        name="session_roster",
    ),
    path("school/categories/", views.CategoryListView.as_view(), name="category_list"),
    path("school/statistics/", views.SchoolStatsView.as_view(), name="school_stats"),
    # --- Consultation desk ---
    path(
        "consultations/",
        views.ConsultationHomeView.as_view(),
        name="consultation_home",
    ),
    path(
        "consultations/new/",
        views.ConsultationRequestView.as_view(),
        name="consultation_request",
    ),
    path(
        "consultations/intake/",
        views.ConsultationIntakeView.as_view(),
        name="consultation_intake",
    ),
    path(
        "consultations/queue/",
        views.ConsultationQueueView.as_view(),
        name="consultation_queue",
    ),
    path(
        "consultations/assigned/",
        views.AssignedCasesView.as_view(),
        name="assigned_cases",
    ),
    path(
        "consultations/<int:pk>/",
        views.ConsultationDetailView.as_view(),
        name="consultation_detail",
    ),
    path(
        "consultations/<int:pk>/assign/",
        views.ConsultationAssignView.as_view(),
        name="consultation_assign",
    ),
    path(
        "consultations/<int:pk>/book/",
        views.ConsultationBookView.as_view(),
        name="consultation_book",
    ),
    path(
        "consultations/<int:pk>/appointments/<int:appointment_pk>/cancel/",
        views.AppointmentCancelView.as_view(),
        name="appointment_cancel",
    ),
    path(
        "consultations/<int:pk>/appointments/<int:appointment_pk>/calendar-link/renew/",
        views.AppointmentCalendarLinkRenewView.as_view(),
        name="appointment_ics_renew",
    ),
    path(
        "consultations/<int:pk>/records/",
        views.ConsultationRecordsView.as_view(),
        name="consultation_records",
    ),
    path(
        "consultations/<int:pk>/refer/",
        views.ConsultationReferView.as_view(),
        name="consultation_refer",
    ),
    path(
        "consultations/<int:pk>/close/",
        views.ConsultationCloseView.as_view(),
        name="consultation_close",
    ),
    path("consultations/slots/", views.SlotListView.as_view(), name="slot_list"),
    path(
        "consultations/slots/<int:pk>/withdraw/",
        views.SlotWithdrawView.as_view(),
        name="slot_withdraw",
    ),
    path(
        "consultations/appointments/<str:token>/calendar.ics",
        views.AppointmentIcsView.as_view(),
        name="appointment_ics",
    ),
    path(
        "consultations/statistics/",
        views.ConsultationStatsView.as_view(),
        name="consultation_stats",
    ),
    path(
        "consultations/disclosure/<int:pk>/",
        views.DisclosureExportView.as_view(),
        name="consultation_disclosure",
    ),
]

# Industry meetings, projects and the talent bank (issue 15), one module per part.
urlpatterns += urls_industry.urlpatterns
urlpatterns += urls_projects.urlpatterns
urlpatterns += urls_talent.urlpatterns
urlpatterns += urls_requests.urlpatterns
