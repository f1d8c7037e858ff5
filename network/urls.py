from django.urls import include, path

from . import views, views_contacts
from . import views_checklists as checklists
from . import views_initiatives as initiatives
from . import views_proposals as proposals

app_name = "network"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    # The Social Solidarity Economy Fund (社会的連帯経済基金).
    path("fund/", include("network.fund.urls")),
    path("people/pick/", views.PersonPickView.as_view(), name="person_pick"),
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
    # New W.Cos and associations (創出・継続支援).
    path(
        "initiatives/", initiatives.InitiativeListView.as_view(), name="initiative_list"
    ),
    path(
        "initiatives/export/",
        initiatives.InitiativeExportView.as_view(),
        name="initiative_export",
    ),
    path(
        "initiatives/new/",
        initiatives.InitiativeCreateView.as_view(),
        name="initiative_create",
    ),
    path(
        "initiatives/<int:pk>/",
        initiatives.InitiativeDetailView.as_view(),
        name="initiative_detail",
    ),
    path(
        "initiatives/<int:pk>/edit/",
        initiatives.InitiativeEditView.as_view(),
        name="initiative_edit",
    ),
    path(
        "initiatives/<int:pk>/stage/",
        initiatives.InitiativeStageView.as_view(),
        name="initiative_stage",
    ),
    path(
        "initiatives/<int:pk>/support/",
        initiatives.InitiativeSupportView.as_view(),
        name="initiative_support",
    ),
    path(
        "initiatives/<int:pk>/link/",
        initiatives.InitiativeLinkView.as_view(),
        name="initiative_link",
    ),
    path(
        "initiatives/<int:pk>/checklist/<int:step>/",
        checklists.InitiativeStepDoneView.as_view(),
        name="initiative_step_done",
    ),
    # Formation checklists (設立手続きのチェックリスト), a template per intended form.
    path("checklists/", checklists.ChecklistListView.as_view(), name="checklist_list"),
    path(
        "checklists/new/",
        checklists.ChecklistCreateView.as_view(),
        name="checklist_create",
    ),
    path(
        "checklists/<int:pk>/",
        checklists.ChecklistDetailView.as_view(),
        name="checklist_detail",
    ),
    path(
        "checklists/<int:pk>/edit/",
        checklists.ChecklistEditView.as_view(),
        name="checklist_edit",
    ),
    path(
        "checklists/<int:pk>/confirm/",
        checklists.ChecklistConfirmView.as_view(),
        name="checklist_confirm",
    ),
    path(
        "checklists/<int:pk>/steps/new/",
        checklists.StepAddView.as_view(),
        name="checklist_step_add",
    ),
    path(
        "checklist-steps/<int:pk>/edit/",
        checklists.StepEditView.as_view(),
        name="checklist_step_edit",
    ),
    path(
        "checklist-steps/<int:pk>/delete/",
        checklists.StepDeleteView.as_view(),
        name="checklist_step_delete",
    ),
    # Policy proposals and research (政策提言・調査研究).
    path("proposals/", proposals.ProposalListView.as_view(), name="proposal_list"),
    path(
        "proposals/new/", proposals.ProposalCreateView.as_view(), name="proposal_create"
    ),
    path(
        "proposals/<int:pk>/",
        proposals.ProposalDetailView.as_view(),
        name="proposal_detail",
    ),
    path(
        "proposals/<int:pk>/edit/",
        proposals.ProposalEditView.as_view(),
        name="proposal_edit",
    ),
    path(
        "proposals/<int:pk>/state/",
        proposals.ProposalTransitionView.as_view(),
        name="proposal_transition",
    ),
    path(
        "proposals/<int:pk>/agenda-item/",
        proposals.ProposalDraftAgendaItemView.as_view(),
        name="proposal_agenda_item",
    ),
    path(
        "proposals/<int:pk>/files/",
        proposals.ProposalFileUploadView.as_view(),
        name="proposal_file_upload",
    ),
    path(
        "proposals/<int:pk>/pdf/",
        proposals.ProposalPdfView.as_view(),
        name="proposal_pdf",
    ),
]
