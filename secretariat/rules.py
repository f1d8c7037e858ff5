import rules

from members.rules import (
    is_board,
    is_council_member,
    is_full_time_officer,
    is_secretariat,
    is_section_member,
)

# Governance: the secretariat runs it; the board decides; the council and the
# sections prepare agenda items.
rules.add_perm(
    "secretariat.view_index",
    is_secretariat
    | is_board
    | is_full_time_officer
    | is_council_member
    | is_section_member,
)
