import rules

from members.roles import roles_of
from members.rules import (
    is_auditor,
    is_board,
    is_council_member,
    is_director,
    is_full_time_officer,
    is_fund_committee,
    is_network_section_member,
    is_representative,
    is_representative_of,
    is_secretariat,
    is_secretary_general,
    represents,
)

rules.add_perm(
    "network.view_index",
    is_secretariat
    | is_board
    | is_full_time_officer
    | is_council_member
    | is_network_section_member
    | is_fund_committee,
)


# --- The contact log with partners (渉外記録) ----------------------------------------------------
# The network section keeps it with the secretariat; the board, the 監事, the operations
# council and the 常勤役員 read it. Nobody else sees a contact: not the other
# sections, not a W.Co's people (DESIGN: relations with partners are the section's).
can_keep_contacts = is_secretariat | is_network_section_member
can_read_contacts = (
    can_keep_contacts | is_board | is_council_member | is_full_time_officer
)


@rules.predicate
def is_follow_up_owner(user, contact):
    return (
        contact is not None
        and contact.follow_up_owner_id is not None
        and contact.follow_up_owner_id == roles_of(user).person_id
    )


rules.add_perm("network.view_contacts", can_read_contacts)
rules.add_perm("network.add_contact", can_keep_contacts)
rules.add_perm("network.change_contact", can_keep_contacts)
# The owner of a follow-up marks it done, as do those who keep the log.
rules.add_perm(
    "network.complete_follow_up",
    can_keep_contacts | (can_read_contacts & is_follow_up_owner),
)
# The log names people (ours and theirs): exported by those who keep it, and logged.
rules.add_perm("network.export_contacts", can_keep_contacts)


# The person picker of the section's forms (an initiative's founders, a contact's people):
# those who keep the records; it shows names, kana and organizations, as the forms did.
rules.add_perm("network.pick_people", can_keep_contacts)


# --- New W.Cos and associations (創出・継続支援) ----------------------------------------------
# Kept by the network section with the secretariat, read by those who read the contact log.
rules.add_perm("network.view_initiatives", can_read_contacts)
rules.add_perm("network.change_initiative", can_keep_contacts)
# The export names founders and their contacts: those who keep the records, logged.
rules.add_perm("network.export_initiatives", can_keep_contacts)
# Formation checklists: the section and the secretariat write the templates, those who
# read initiatives read them; the secretariat confirms a template (the seeded one
# first) against the law before the section relies on it.
rules.add_perm("network.view_checklists", can_read_contacts)
rules.add_perm("network.change_checklist", can_keep_contacts)
rules.add_perm("network.confirm_checklist", is_secretariat)
# --- Policy proposals and research (政策提言・調査研究) --------------------------------------
# Kept like the contact log: the section and the secretariat write them, the board, the
# 監事, the operations council and the 常勤役員 read them; everyone else sees nothing.
rules.add_perm("network.view_proposals", can_read_contacts)
rules.add_perm("network.change_proposal", can_keep_contacts)


# --- The Social Solidarity Economy Fund (社会的連帯経済基金) -----------------------------------
# DESIGN flow 4. The secretariat keeps everything; the 監事 read everything; the fund
# committee reviews the applications of rounds under review, minus those where it
# declared a conflict; the network section runs rounds, sees aggregates and
# recommendations and sends them to the board; directors read the fund's dashboard,
# ledger and (from 上程 on) the applications before them; a W.Co's representative
# applies and follows its own applications and awards. Open rounds are public.


def _fund_person(user):
    return roles_of(user).person_id


@rules.predicate
def is_conflicted_reviewer(user, application):
    """A fund committee member who declared a conflict on ``application``: it, its
    files and its scores answer them 404."""
    person_id = _fund_person(user)
    if application is None or person_id is None:
        return False
    return application.conflict_declarations.filter(
        reviewer_id=person_id, conflicted=True
    ).exists()


@rules.predicate
def has_declared_no_conflict(user, application):
    person_id = _fund_person(user)
    if application is None or person_id is None:
        return False
    return application.conflict_declarations.filter(
        reviewer_id=person_id, conflicted=False
    ).exists()


@rules.predicate
def represents_applicant(user, application):
    # By the id: the application's organization need not be read for it.
    return application is not None and represents(user, application.organization_id)


@rules.predicate
def fund_application_in_review(user, application):
    from .models import FundApplication

    S = FundApplication.Status
    return application is not None and application.status in (
        S.IN_REVIEW,
        S.RECOMMENDED,
        S.NOT_RECOMMENDED,
        S.AT_BOARD,
    )


@rules.predicate
def fund_application_before_board(user, application):
    from .models import FundApplication

    S = FundApplication.Status
    return application is not None and application.status in (
        S.AT_BOARD,
        S.AWARDED,
        S.REJECTED,
    )


@rules.predicate
def fund_application_is_draft(user, application):
    from .models import FundApplication

    return (
        application is not None and application.status == FundApplication.Status.DRAFT
    )


@rules.predicate
def represents_awardee(user, award):
    return award is not None and is_representative_of(
        user, award.application.organization
    )


can_run_fund = is_secretariat | is_network_section_member
can_read_fund_books = is_secretariat | is_board

# The fund's landing page and its rounds (drafts included) for those who work on it.
rules.add_perm("network.view_fund", can_run_fund | is_board | is_fund_committee)
rules.add_perm("network.change_fund_round", can_run_fund)
# Sources and programmes are the books' dimensions: the secretariat's.
rules.add_perm("network.change_fund_source", is_secretariat)
# Applications: a representative applies for their W.Co or association; the
# secretariat enters a paper one.
rules.add_perm("network.apply_to_fund", is_representative | is_secretariat)
rules.add_perm(
    "network.edit_fund_application",
    fund_application_is_draft & (represents_applicant | is_secretariat),
)
rules.add_perm(
    "network.view_fund_application",
    is_secretariat
    | is_auditor
    | is_network_section_member
    | represents_applicant
    # A committee member opens an application once they declared no conflict on it
    # (which also shuts out a conflicted one); before that, only the declaration page.
    | (is_fund_committee & fund_application_in_review & has_declared_no_conflict)
    | (is_director & fund_application_before_board),
)
# A committee member declares (conflicted or not) before opening an application.
rules.add_perm(
    "network.declare_fund_conflict", is_fund_committee & fund_application_in_review
)
# Scores: only a member who declared no conflict.
rules.add_perm(
    "network.review_fund_application",
    is_fund_committee & fund_application_in_review & has_declared_no_conflict,
)
# The review list of a round (aggregates, not applications the viewer is conflicted on).
rules.add_perm(
    "network.view_fund_reviews",
    is_secretariat | is_auditor | is_network_section_member | is_fund_committee,
)
rules.add_perm("network.screen_fund_application", is_secretariat)
rules.add_perm(
    "network.recommend_fund_application",
    is_secretariat | (is_fund_committee & has_declared_no_conflict),
)
# One 審議事項 per application: drafted by the network section.
rules.add_perm("network.send_fund_to_board", is_network_section_member)
# Awards to settlement.
rules.add_perm(
    "network.view_fund_award",
    is_secretariat | is_board | is_network_section_member | represents_awardee,
)
rules.add_perm("network.manage_fund_award", is_secretariat)
rules.add_perm("network.report_fund_award", is_secretariat | represents_awardee)
rules.add_perm("network.decide_fund_change", is_secretariat | is_fund_committee)
# Money in and the books.
rules.add_perm("network.view_fund_ledger", can_read_fund_books)
rules.add_perm("network.record_contribution", is_secretariat)
rules.add_perm("network.reverse_ledger_entry", is_secretary_general)


# --- The fund's review (issue 14, review part) ---------------------------------------------
# Every aggregate and every reviewer's scores: the secretariat, the 監事 and the network
# section (a committee member sees them once their own score is in: selectors_review).
rules.add_perm(
    "network.view_fund_aggregates",
    is_secretariat | is_auditor | is_network_section_member,
)
# The paper for the board (summary, scores, reasons): those who see the aggregates,
# and the directors once the application is before the board.
rules.add_perm(
    "network.view_fund_paper",
    is_secretariat
    | is_auditor
    | is_network_section_member
    | (is_director & fund_application_before_board),
)


# --- The fund: awards to settlement (issue 14, awards) ----------------------------------
# A final report's evidence files follow its award: read by those who read the award,
# attached by those who report on it. A change request moving more than the round's
# share between lines is the fund committee's to decide; any other, the secretariat's.


@rules.predicate
def represents_report_awardee(user, report):
    return report is not None and is_representative_of(
        user, report.award.application.organization
    )


@rules.predicate
def change_needs_committee(user, change):
    return change is not None and change.needs_committee


rules.add_perm(
    "network.view_fund_report",
    is_secretariat | is_board | is_network_section_member | represents_report_awardee,
)
rules.add_perm("network.edit_fund_report", is_secretariat | represents_report_awardee)
rules.add_perm(
    "network.decide_fund_change_request",
    (change_needs_committee & is_fund_committee)
    | (~change_needs_committee & is_secretariat),
)


# --- The fund: rounds and applications (issue 14, rounds part) ----------------------------
@rules.predicate
def fund_application_withdrawable(user, application):
    from .models import FundApplication

    S = FundApplication.Status
    return application is not None and application.status in (
        S.DRAFT,
        S.SUBMITTED,
        S.IN_REVIEW,
        S.RECOMMENDED,
    )


# The representative withdraws their group's application before any decision on it.
rules.add_perm(
    "network.withdraw_fund_application",
    represents_applicant & fund_application_withdrawable,
)
# The fund's panel on an organization's page: its applications and awards, for those
# who see every application and for the organization's own representative.
rules.add_perm(
    "network.view_fund_applications_of",
    is_secretariat | is_auditor | is_network_section_member | is_representative_of,
)
# Every application of a round listed on the round's page (the others see counts).
rules.add_perm(
    "network.list_fund_applications",
    is_secretariat | is_auditor | is_network_section_member,
)
