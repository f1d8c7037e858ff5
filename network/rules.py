import rules

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
