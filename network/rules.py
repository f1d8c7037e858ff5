import rules

from members.roles import roles_of
from members.rules import (
    is_board,
    is_council_member,
    is_full_time_officer,
    is_fund_committee,
    is_network_section_member,
    is_secretariat,
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
