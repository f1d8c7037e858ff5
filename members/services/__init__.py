"""Writes with business meaning in the registry, by subject; re-exported here.

A view or a task calls the top-level service, which runs in a durable transaction of
its own; another service that needs one inside its own transaction calls its
``…_within`` twin (``affiliation_add`` has no top-level twin: it only ever runs
inside another service's transaction).

Row locks (``select_for_update``) are taken in one order everywhere in the registry,
parent before child, several rows of one model in primary-key order:
ImportBatch → ImportRow → Organization → Person → Affiliation → RoleAssignment, and
for dues DuesRate → Dues → DuesPayment.
"""

from .accounts import (
    mailbox_address,
    mailbox_code_confirm,
    mailbox_code_send,
    person_create_for_signup,
    second_factor_reset,
)
from .affiliations import (
    affiliation_add,
    affiliation_confirm,
    affiliation_confirm_within,
    affiliation_end,
    affiliation_end_within,
    affiliation_request,
    organization_member_add,
)
from .organizations import (
    legal_form_change_record,
    legal_form_change_record_within,
    organization_create,
    organization_create_within,
    organization_file_attach,
    organization_update,
    organization_update_within,
)
from .people import (
    person_create,
    person_create_within,
    person_update,
    person_update_within,
)
from .records import ConflictError
from .roles import role_assign, role_end

__all__ = [
    "ConflictError",
    "affiliation_add",
    "affiliation_confirm",
    "affiliation_confirm_within",
    "affiliation_end",
    "affiliation_end_within",
    "affiliation_request",
    "legal_form_change_record",
    "legal_form_change_record_within",
    "mailbox_address",
    "mailbox_code_confirm",
    "mailbox_code_send",
    "organization_create",
    "organization_create_within",
    "organization_file_attach",
    "organization_member_add",
    "organization_update",
    "organization_update_within",
    "person_create",
    "person_create_for_signup",
    "person_create_within",
    "person_update",
    "person_update_within",
    "role_assign",
    "role_end",
    "second_factor_reset",
]
