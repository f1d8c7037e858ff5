"""Hostile input to the network section's forms: recording and changing a contact
with a partner (see ``forms_helpers``)."""

import pytest

from network.models import (
    ChecklistStep,
    ChecklistTemplate,
    Contact,
    Initiative,
    InitiativeStageChange,
    InitiativeStepDone,
    Proposal,
    SupportEntry,
)
from tests.hostile.forms_helpers import FormCase, row_of, run_case
from tests.network.helpers import contact, partner, person_of
from tests.network.initiative_helpers import initiative, registered_wco
from wco_sse.core.models import AuditEntry


def a_partner(demo):
    return {"kwargs": {"pk": partner().pk}}


def a_contact(demo):
    made = contact(demo, by="staff", due_in=3)
    return {"kwargs": {"pk": made.pk}}


def valid(demo, made):
    network = person_of(demo, "network").pk
    return {
        "date": "2026-11-20",
        "channel": "visit",
        "category": "government",
        "our_people": [network],
        "their_people": "川崎市 経済労働局 山本",
        "topic": "協働の打ち合わせ",
        "summary": "連携事業の進め方を確認した。",
        "follow_up": "議事メモを送る",
        "follow_up_owner": network,
        "follow_up_due": "2026-12-10",
    }


def contact_row(made):
    return row_of(Contact, made["kwargs"]["pk"])


def a_proposal(demo):
    from tests.network.proposal_helpers import proposal

    return {"kwargs": {"pk": proposal(demo, by="staff").pk}}


def proposal_values(demo, made):
    return {
        "kind": "policy",
        "title": "協同労働の普及に関する政策提言",
        "addressees": [partner().pk],
        "purpose": "協働事業に協同労働を位置づけるため。",
        "body": "提言の本文です。",
        "answer_summary": "",
    }


def proposal_row(made):
    return row_of(Proposal, made["kwargs"]["pk"])


CASES = (
    FormCase(
        "contact_create",
        "network:contact_create",
        "network",
        setup=a_partner,
        values=valid,
        tables=(Contact, AuditEntry),
    ),
    FormCase(
        "contact_edit",
        "network:contact_edit",
        "staff",
        setup=a_contact,
        values=valid,
        tables=(Contact,),
        snapshot=contact_row,
    ),
    FormCase(
        "proposal_create",
        "network:proposal_create",
        "network",
        values=proposal_values,
        tables=(Proposal, AuditEntry),
    ),
    FormCase(
        "proposal_edit",
        "network:proposal_edit",
        "staff",
        setup=a_proposal,
        values=proposal_values,
        tables=(Proposal,),
        snapshot=proposal_row,
    ),
    FormCase(
        "proposal_transition",
        "network:proposal_transition",
        "network",
        setup=a_proposal,
        shown=False,
        values={"to_state": "approved", "day": "2026-11-20"},
        fields={"to_state": "choice", "day": "date"},
        tables=(Proposal,),
        snapshot=proposal_row,
    ),
)


def an_initiative(demo):
    return {"kwargs": {"pk": initiative(demo, by="staff").pk}}


def initiative_values(demo, made):
    return {
        "name": "地域食堂の会",
        "form": "workers_coop",
        "lead": person_of(demo, "network").pk,
        "founder_texts": "田中 / 045-111-2222",
        "next_step": "定款案を作る",
        "next_step_due": "2026-12-20",
    }


def initiative_row(made):
    return row_of(Initiative, made["kwargs"]["pk"])


def a_wco_to_link(demo, made):
    return {"organization": registered_wco().pk}


CASES += (
    FormCase(
        "initiative_create",
        "network:initiative_create",
        "network",
        values=initiative_values,
        tables=(Initiative, AuditEntry),
    ),
    FormCase(
        "initiative_edit",
        "network:initiative_edit",
        "staff",
        setup=an_initiative,
        values=initiative_values,
        tables=(Initiative,),
        snapshot=initiative_row,
    ),
    FormCase(
        "initiative_stage",
        "network:initiative_stage",
        "network",
        setup=an_initiative,
        values={"stage": "preparation", "date": "2026-11-01", "reason": "準備会を結成"},
        tables=(InitiativeStageChange,),
        snapshot=initiative_row,
    ),
    FormCase(
        "initiative_support",
        "network:initiative_support",
        "network",
        setup=an_initiative,
        values={"date": "2026-11-01", "kind": "visit", "note": "現地を訪問"},
        tables=(SupportEntry,),
    ),
    FormCase(
        "initiative_link",
        "network:initiative_link",
        "staff",
        setup=an_initiative,
        values=a_wco_to_link,
        snapshot=initiative_row,
    ),
)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_network_form_answers_hostile_input(client, demo, case):
    """A valid submission is saved; with hostile text, dates or people in it the form
    is saved or refused with a message shown, never a server error, and a refusal
    changes nothing."""
    run_case(client, demo, case)


# --- Formation checklists -------------------------------------------------------------


def the_coop_checklist(demo):
    return {"kwargs": {"pk": ChecklistTemplate.objects.get(form="workers_coop").pk}}


def a_coop_step(demo):
    step = ChecklistStep.objects.filter(template__form="workers_coop").first()
    return {"kwargs": {"pk": step.pk}}


def a_coop_initiative_step(demo):
    made = initiative(demo, by="staff", form="workers_coop")
    step = ChecklistStep.objects.filter(template__form="workers_coop").first()
    return {"kwargs": {"pk": made.pk, "step": step.pk}}


def checklist_row(made):
    return row_of(ChecklistTemplate, made["kwargs"]["pk"])


def step_row(made):
    return row_of(ChecklistStep, made["kwargs"]["pk"])


STEP_VALUES = {
    "order": "15",
    "title": "設立趣意書を作る",
    "description": "発起人で話し合って書く。",
    "anchor": "founding_meeting",
    "offset_days": "-30",
}


CHECKLIST_CASES = (
    FormCase(
        "checklist_create",
        "network:checklist_create",
        "network",
        values={"form": "association", "name": "アソシエーションの立ち上げ"},
        tables=(ChecklistTemplate, AuditEntry),
    ),
    FormCase(
        "checklist_edit",
        "network:checklist_edit",
        "staff",
        setup=the_coop_checklist,
        values={"name": "労働者協同組合の設立", "note": "事務局確認済み"},
        tables=(ChecklistTemplate,),
        snapshot=checklist_row,
    ),
    FormCase(
        "checklist_step_add",
        "network:checklist_step_add",
        "network",
        setup=the_coop_checklist,
        values=STEP_VALUES,
        tables=(ChecklistStep, AuditEntry),
        snapshot=checklist_row,
    ),
    FormCase(
        "checklist_step_edit",
        "network:checklist_step_edit",
        "network",
        setup=a_coop_step,
        values=STEP_VALUES,
        tables=(ChecklistStep,),
        snapshot=step_row,
    ),
    FormCase(
        "initiative_step_done",
        "network:initiative_step_done",
        "network",
        setup=a_coop_initiative_step,
        shown=False,
        values={"done": "1", "day": "2026-11-20"},
        fields={"done": "choice", "day": "date"},
        tables=(InitiativeStepDone, AuditEntry),
    ),
)


@pytest.mark.parametrize("case", CHECKLIST_CASES, ids=str)
def test_checklist_form_answers_hostile_input(client, demo, case):
    """The formation checklist's forms: saved or refused with a message, never a
    server error, and a refusal changes nothing."""
    run_case(client, demo, case)
