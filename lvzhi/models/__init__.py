"""All tables, split by subject. Import from here."""

from .audit import AuditEvent
from .org import MEETING_KINDS, Department, Meeting, Year
from .people import (
    Committee,
    GroupHeadAssignment,
    Member,
    OfficeGroup,
    Organization,
    RoleGrant,
    Sector,
    User,
    committee_groups,
)

__all__ = [
    "MEETING_KINDS",
    "AuditEvent",
    "Committee",
    "Department",
    "GroupHeadAssignment",
    "Meeting",
    "Member",
    "OfficeGroup",
    "Organization",
    "RoleGrant",
    "Sector",
    "User",
    "Year",
    "committee_groups",
]
