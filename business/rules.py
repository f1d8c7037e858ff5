import rules

from members.rules import (
    is_board,
    is_business_section_member,
    is_council_member,
    is_full_time_officer,
    is_secretariat,
)

rules.add_perm(
    "business.view_index",
    is_secretariat
    | is_board
    | is_full_time_officer
    | is_council_member
    | is_business_section_member,
)
