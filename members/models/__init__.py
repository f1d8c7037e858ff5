from .accounts import User
from .dues import Dues, DuesClass, DuesPayment, DuesRate
from .imports import ImportBatch, ImportColumnMapping, ImportRow
from .places import Industry, Municipality
from .registry import (
    Affiliation,
    ContactMethod,
    LegalForm,
    LegalFormChange,
    Organization,
    Person,
)
from .roles import Desk, Role, RoleAssignment, Section

__all__ = [
    "Affiliation",
    "ContactMethod",
    "Desk",
    "Dues",
    "DuesClass",
    "DuesPayment",
    "DuesRate",
    "ImportBatch",
    "ImportColumnMapping",
    "ImportRow",
    "Industry",
    "LegalForm",
    "LegalFormChange",
    "Municipality",
    "Organization",
    "Person",
    "Role",
    "RoleAssignment",
    "Section",
    "User",
]
