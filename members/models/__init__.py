from .accounts import User
from .audit import AuditEntry, ExportLog
from .emails import OutboundEmail
from .files import StoredFile
from .registry import Affiliation, Organization, Person
from .roles import Desk, Role, RoleAssignment, Section

__all__ = [
    "Affiliation",
    "AuditEntry",
    "Desk",
    "ExportLog",
    "Organization",
    "OutboundEmail",
    "Person",
    "Role",
    "RoleAssignment",
    "Section",
    "StoredFile",
    "User",
]
