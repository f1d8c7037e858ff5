"""Writes with business meaning in the registry, by area; re-exported here."""

from .accounts import (
    organization_file_attach,
    person_create_for_signup,
    role_assign,
    role_end,
    second_factor_reset,
)
from .registry import (
    ConflictError,
    affiliation_add,
    affiliation_confirm,
    affiliation_end,
    affiliation_request,
    legal_form_change_record,
    organization_create,
    organization_member_add,
    organization_update,
    person_create,
    person_update,
)

__all__ = [
    "ConflictError",
    "affiliation_add",
    "affiliation_confirm",
    "affiliation_end",
    "affiliation_request",
    "legal_form_change_record",
    "organization_create",
    "organization_file_attach",
    "organization_member_add",
    "organization_update",
    "person_create",
    "person_create_for_signup",
    "person_update",
    "role_assign",
    "role_end",
    "second_factor_reset",
]
