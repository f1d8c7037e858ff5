from django.urls import path

from . import views

app_name = "secretariat"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    # Bodies
    path("bodies/", views.BodyListView.as_view(), name="body_list"),
    path("bodies/new/", views.BodyEditView.as_view(), name="body_create"),
    path("bodies/<int:pk>/", views.BodyDetailView.as_view(), name="body_detail"),
    path("bodies/<int:pk>/edit/", views.BodyEditView.as_view(), name="body_edit"),
    path(
        "bodies/<int:pk>/members/",
        views.BodyMemberAddView.as_view(),
        name="body_member_add",
    ),
    path(
        "bodies/<int:pk>/seat-regular-members/",
        views.SeatRegularMembersView.as_view(),
        name="body_seat_regular_members",
    ),
    path(
        "seats/<int:pk>/delegate/",
        views.SeatDelegateView.as_view(),
        name="seat_delegate",
    ),
    # Meetings
    path(
        "bodies/<int:pk>/documents/",
        views.BodyDocumentsView.as_view(),
        name="body_documents",
    ),
    path(
        "bodies/<int:pk>/documents/upload/",
        views.BodyDocumentUploadView.as_view(),
        name="body_document_upload",
    ),
    path(
        "bodies/<int:pk>/action-item-owners/",
        views.ActionItemOwnerPickView.as_view(),
        name="body_people_pick",
    ),
    path(
        "body-documents/<int:pk>/new-version/",
        views.BodyDocumentVersionUploadView.as_view(),
        name="body_document_version_upload",
    ),
    path(
        "meetings/<int:pk>/action-items/new/",
        views.ActionItemCreateView.as_view(),
        name="action_item_create",
    ),
    path(
        "bodies/<int:pk>/action-items/export/",
        views.BodyActionItemExportView.as_view(),
        name="body_action_items_export",
    ),
    path(
        "action-items/export/",
        views.ActionItemExportView.as_view(),
        name="action_items_export",
    ),
    path(
        "action-items/<int:pk>/edit/",
        views.ActionItemEditView.as_view(),
        name="action_item_edit",
    ),
    path(
        "action-items/<int:pk>/done/",
        views.ActionItemDoneView.as_view(),
        name="action_item_done",
    ),
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/new/", views.MeetingEditView.as_view(), name="meeting_create"),
    path(
        "meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"
    ),
    path(
        "meetings/<int:pk>/edit/", views.MeetingEditView.as_view(), name="meeting_edit"
    ),
    path(
        "meetings/<int:pk>/status/",
        views.MeetingStatusView.as_view(),
        name="meeting_status",
    ),
    path(
        "meetings/<int:pk>/convocation/",
        views.ConvocationView.as_view(),
        name="meeting_convocation",
    ),
    path(
        "meetings/<int:pk>/convocation/print/",
        views.ConvocationPrintView.as_view(),
        name="meeting_convocation_print",
    ),
    path(
        "meetings/<int:pk>/convocation/labels.pdf",
        views.ConvocationLabelsView.as_view(),
        name="meeting_convocation_labels",
    ),
    path(
        "meetings/<int:pk>/follow-up/",
        views.FollowUpView.as_view(),
        name="meeting_follow_up",
    ),
    path(
        "meetings/<int:pk>/attendance/",
        views.AttendanceView.as_view(),
        name="meeting_attendance",
    ),
    path(
        "meetings/<int:pk>/agenda/", views.AgendaView.as_view(), name="meeting_agenda"
    ),
    path(
        "meetings/<int:pk>/packet.pdf",
        views.MeetingPacketView.as_view(),
        name="meeting_packet",
    ),
    path(
        "meetings/<int:pk>/tally.pdf",
        views.MeetingTallyView.as_view(),
        name="meeting_tally",
    ),
    path(
        "meetings/<int:pk>/minutes/",
        views.MinutesStartView.as_view(),
        name="minutes_start",
    ),
    # Minutes
    path("minutes/<int:pk>/", views.MinutesDetailView.as_view(), name="minutes_detail"),
    path(
        "minutes/<int:pk>/edit/", views.MinutesEditView.as_view(), name="minutes_edit"
    ),
    path(
        "minutes/<int:pk>/finalize/",
        views.MinutesFinalizeView.as_view(),
        name="minutes_finalize",
    ),
    path(
        "minutes/<int:pk>/sign/", views.MinutesSignView.as_view(), name="minutes_sign"
    ),
    path(
        "minutes/<int:pk>/scan/", views.MinutesScanView.as_view(), name="minutes_scan"
    ),
    path(
        "minutes/<int:pk>/minutes.pdf",
        views.MinutesPdfView.as_view(),
        name="minutes_pdf",
    ),
    # Agenda items
    path("items/", views.ItemListView.as_view(), name="item_list"),
    path("items/new/", views.ItemEditView.as_view(), name="item_create"),
    path("items/<int:pk>/", views.ItemDetailView.as_view(), name="item_detail"),
    path("items/<int:pk>/edit/", views.ItemEditView.as_view(), name="item_edit"),
    path(
        "items/<int:pk>/transition/",
        views.ItemTransitionView.as_view(),
        name="item_transition",
    ),
    path("items/<int:pk>/place/", views.ItemPlaceView.as_view(), name="item_place"),
    path("items/<int:pk>/order/", views.ItemReorderView.as_view(), name="item_reorder"),
    path("items/<int:pk>/decide/", views.ItemDecideView.as_view(), name="item_decide"),
    path(
        "items/<int:pk>/comment/", views.ItemCommentView.as_view(), name="item_comment"
    ),
    path("items/<int:pk>/attach/", views.ItemAttachView.as_view(), name="item_attach"),
    path(
        "items/<int:pk>/papers/<int:paper>/",
        views.ItemPaperView.as_view(),
        name="item_paper",
    ),
    path(
        "items/<int:pk>/interest/",
        views.ItemInterestView.as_view(),
        name="item_interest",
    ),
    path(
        "items/<int:pk>/interest/<int:interest>/remove/",
        views.InterestRemoveView.as_view(),
        name="item_interest_remove",
    ),
    path("items/<int:pk>/refer/", views.ItemReferView.as_view(), name="item_refer"),
    # 決議の省略
    path("written/", views.WrittenListView.as_view(), name="written_list"),
    path("written/new/", views.WrittenProposeView.as_view(), name="written_propose"),
    path("written/<int:pk>/", views.WrittenDetailView.as_view(), name="written_detail"),
    path(
        "written/<int:pk>/circulate/",
        views.WrittenCirculateView.as_view(),
        name="written_circulate",
    ),
    path(
        "written/<int:pk>/answer/",
        views.WrittenAnswerView.as_view(),
        name="written_answer",
    ),
    path(
        "written/<int:pk>/record/",
        views.WrittenRecordView.as_view(),
        name="written_record",
    ),
    path(
        "consent/<str:token>/",
        views.WrittenAnswerLinkView.as_view(),
        name="written_answer_link",
    ),
    # Notices
    path(
        "organizations/<int:pk>/email-notices/",
        views.EmailNoticeConsentView.as_view(),
        name="email_notice_consent",
    ),
    path("notices/", views.NoticeListView.as_view(), name="notice_list"),
    path("notices/new/", views.NoticeEditView.as_view(), name="notice_create"),
    path("notices/<int:pk>/", views.NoticeDetailView.as_view(), name="notice_detail"),
    path("notices/<int:pk>/edit/", views.NoticeEditView.as_view(), name="notice_edit"),
    path(
        "notices/<int:pk>/publish/",
        views.NoticePublishView.as_view(),
        name="notice_publish",
    ),
]
