from .accounts import User
from .audit import AuditEntry, ExportLog
from .dues import Dues, DuesClass, DuesPayment, DuesRate
from .emails import OutboundEmail
from .files import StoredFile
from .imports import ImportBatch, ImportRow
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
    "AuditEntry",
    "ContactMethod",
    "Desk",
    "Dues",
    "DuesClass",
    "DuesPayment",
    "DuesRate",
    "ExportLog",
    "ImportBatch",
    "ImportRow",
    "Industry",
    "LegalForm",
    "LegalFormChange",
    "Municipality",
    "Organization",
    "OutboundEmail",
    "Person",
    "Role",
    "RoleAssignment",
    "Section",
    "StoredFile",
    "User",
]
