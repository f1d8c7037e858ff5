from .accounts import User
from .dues import Dues, DuesClass, DuesPayment, DuesRate
from .imports import ImportBatch, ImportColumnMapping, ImportRow
from .places import Industry, Municipality
from .privacy import ErasureJournalEntry, PrivacyRequest, RetentionRule, RetentionRun
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
    "ErasureJournalEntry",
    "ImportBatch",
    "ImportColumnMapping",
    "ImportRow",
    "Industry",
    "LegalForm",
    "LegalFormChange",
    "Municipality",
    "Organization",
    "Person",
    "PrivacyRequest",
    "RetentionRule",
    "RetentionRun",
    "Role",
    "RoleAssignment",
    "Section",
    "User",
]
