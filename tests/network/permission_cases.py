"""The network section's rows of the permission matrix (the contact log, issue 13).

The contact log with partners is the network section's and the secretariat's; the
board, the 監事 and the operations council (and the 常勤役員, a role the demo gives
the secretary-general) read it. Nobody else sees contacts: the list answers them
403, a contact or an organization's "record a contact" page 404. The export names
people, so only those who keep the log take it (logged).
"""

from tests.network.helpers import contact, partner
from tests.network.initiative_helpers import initiative
from tests.permission_vocabulary import *

KEEPERS = SECRETARIAT | frozenset({"network"})
READERS = KEEPERS | BOARD | COUNCIL


def a_contact(demo, who):
    """A contact with a follow-up owned by network@, recorded by the secretariat."""
    return {"pk": contact(demo, by="staff", due_in=-1).pk}


def an_initiative(demo, who):
    return {"pk": initiative(demo, by="staff").pk}


def a_partner(demo, who):
    return {"pk": partner().pk}


CASES = (
    # The person picker of the section's forms: those who keep the records.
    Case(
        "network:person_pick",
        get=allow(KEEPERS),
        post=allow(KEEPERS, NOT_ALLOWED),
    ),
    Case(
        "network:contact_list",
        get=allow(READERS),
        post=allow(READERS, NOT_ALLOWED),
    ),
    Case(
        "network:contact_export",
        get=allow(KEEPERS),
        post=allow(KEEPERS, NOT_ALLOWED),
    ),
    Case(
        "network:contact_create",
        kwargs=a_partner,
        get=reach(KEEPERS),
        post=reach(KEEPERS, FORM_ERRORS),
    ),
    Case(
        "network:contact_detail",
        kwargs=a_contact,
        get=reach(READERS),
        post=reach(READERS, NOT_ALLOWED),
    ),
    Case(
        "network:contact_edit",
        kwargs=a_contact,
        get=reach(KEEPERS),
        post=reach(KEEPERS, FORM_ERRORS),
    ),
    # The follow-up's owner (network@) marks it done, as do those who keep the log.
    Case(
        "network:contact_follow_up",
        kwargs=a_contact,
        get=reach(KEEPERS, NOT_ALLOWED),
        post=reach(KEEPERS, DONE),
    ),
    # Initiatives (創出・継続支援): kept like the contact log, read by the same.
    Case(
        "network:initiative_list",
        get=allow(READERS),
        post=allow(READERS, NOT_ALLOWED),
    ),
    Case(
        "network:initiative_export",
        get=allow(KEEPERS),
        post=allow(KEEPERS, NOT_ALLOWED),
    ),
    Case(
        "network:initiative_create",
        get=allow(KEEPERS),
        post=allow(KEEPERS, FORM_ERRORS),
    ),
    Case(
        "network:initiative_detail",
        kwargs=an_initiative,
        get=reach(READERS),
        post=reach(READERS, NOT_ALLOWED),
    ),
    *(
        Case(
            name,
            kwargs=an_initiative,
            get=reach(KEEPERS),
            post=reach(KEEPERS, FORM_ERRORS),
        )
        for name in (
            "network:initiative_edit",
            "network:initiative_stage",
            "network:initiative_support",
        )
    ),
    # Empty unlinks: a valid form.
    Case(
        "network:initiative_link",
        kwargs=an_initiative,
        get=reach(KEEPERS),
        post=reach(KEEPERS, DONE),
    ),
)


# --- Policy proposals and research (政策提言・調査研究): kept and read like the log. ------


def a_proposal(demo, who):
    from tests.network.proposal_helpers import proposal

    return {"pk": proposal(demo, by="staff").pk}


CASES += (
    Case(
        "network:proposal_list",
        get=allow(READERS),
        post=allow(READERS, NOT_ALLOWED),
    ),
    Case(
        "network:proposal_create",
        get=allow(KEEPERS),
        post=allow(KEEPERS, FORM_ERRORS),
    ),
    Case(
        "network:proposal_detail",
        kwargs=a_proposal,
        get=reach(READERS),
        post=reach(READERS, NOT_ALLOWED),
    ),
    Case(
        "network:proposal_pdf",
        kwargs=a_proposal,
        get=reach(READERS),
        post=reach(READERS, NOT_ALLOWED),
    ),
    Case(
        "network:proposal_edit",
        kwargs=a_proposal,
        get=reach(KEEPERS),
        post=reach(KEEPERS, FORM_ERRORS),
    ),
    Case(
        "network:proposal_transition",
        kwargs=a_proposal,
        get=reach(KEEPERS, NOT_ALLOWED),
        post=reach(KEEPERS, DONE),
    ),
    Case(
        "network:proposal_file_upload",
        kwargs=a_proposal,
        get=reach(KEEPERS),
        post=reach(KEEPERS, FORM_ERRORS),
    ),
    Case(
        "network:proposal_agenda_item",
        kwargs=a_proposal,
        get=reach(KEEPERS, NOT_ALLOWED),
        post=reach(KEEPERS, DONE),
    ),
)


# --- Formation checklists: kept by the section and the secretariat, read by the board,
# the 監事 and the council; the secretariat alone confirms a template. ----------------


def a_checklist(demo, who):
    from network.models import ChecklistTemplate

    return {"pk": ChecklistTemplate.objects.get(form="workers_coop").pk}


def a_checklist_step(demo, who):
    """A fresh step (a POST may delete it), on the seeded 労働者協同組合 template."""
    from network import services_checklists
    from network.models import ChecklistTemplate

    step = services_checklists.step_add(
        actor=demo["staff"],
        template=ChecklistTemplate.objects.get(form="workers_coop"),
        data={"title": "議事録を保存する", "order": 500},
    )
    return {"pk": step.pk}


def a_step_of_an_initiative(demo, who):
    from network.models import ChecklistStep

    made = initiative(demo, by="staff", form="workers_coop")
    step = ChecklistStep.objects.filter(template__form="workers_coop").first()
    return {"pk": made.pk, "step": step.pk}


CASES += (
    Case(
        "network:initiative_step_done",
        kwargs=a_step_of_an_initiative,
        get=reach(KEEPERS, NOT_ALLOWED),
        post=reach(KEEPERS, DONE),
    ),
    Case(
        "network:checklist_list",
        get=allow(READERS),
        post=allow(READERS, NOT_ALLOWED),
    ),
    Case(
        "network:checklist_create",
        get=allow(KEEPERS),
        post=allow(KEEPERS, FORM_ERRORS),
    ),
    Case(
        "network:checklist_detail",
        kwargs=a_checklist,
        get=reach(READERS),
        post=reach(READERS, NOT_ALLOWED),
    ),
    *(
        Case(
            name,
            kwargs=a_checklist,
            get=reach(KEEPERS),
            post=reach(KEEPERS, FORM_ERRORS),
        )
        for name in ("network:checklist_edit", "network:checklist_step_add")
    ),
    Case(
        "network:checklist_confirm",
        kwargs=a_checklist,
        get=reach(SECRETARIAT, NOT_ALLOWED),
        post=reach(SECRETARIAT, DONE),
    ),
    Case(
        "network:checklist_step_edit",
        kwargs=a_checklist_step,
        get=reach(KEEPERS),
        post=reach(KEEPERS, FORM_ERRORS),
    ),
    Case(
        "network:checklist_step_delete",
        kwargs=a_checklist_step,
        get=reach(KEEPERS, NOT_ALLOWED),
        post=reach(KEEPERS, DONE),
    ),
)

# The fund (社会的連帯経済基金): its own modules, one per part.
from tests.network.fund_cases import CASES as FUND_CASES  # noqa: E402

CASES = CASES + FUND_CASES
