"""All tables, split by subject. Import from here."""

from .attachments import Attachment
from .audit import AuditEvent
from .duties import DutyItem, DutyRecord
from .group_reports import (
    GroupInvitation,
    GroupReport,
    GroupReportComment,
    GroupReportEntry,
    GroupReportItem,
    GroupReportRubric,
    GroupSignatureItem,
    group_report_participants,
)
from .loops import (
    LoopYearSetting,
    Matter,
    MatterAssignment,
    MatterEvaluation,
    MatterEvent,
    MatterPerson,
    Suggestion,
)
from .notifications import Notification
from .org import MEETING_KINDS, MEETING_NOTES_MAX, Department, Meeting, Year
from .people import (
    Committee,
    GroupHeadAssignment,
    LoginSession,
    Member,
    OfficeGroup,
    Organization,
    RoleGrant,
    Sector,
    User,
    committee_groups,
)
from .points import AssessmentSetting, PointsAdjustment, PointsRule, SelfSummary

__all__ = [
    "MEETING_KINDS",
    "MEETING_NOTES_MAX",
    "Attachment",
    "AuditEvent",
    "Committee",
    "Department",
    "DutyItem",
    "DutyRecord",
    "GroupHeadAssignment",
    "GroupInvitation",
    "GroupReport",
    "GroupReportComment",
    "GroupReportEntry",
    "GroupReportItem",
    "GroupReportRubric",
    "GroupSignatureItem",
    "LoginSession",
    "LoopYearSetting",
    "Matter",
    "MatterAssignment",
    "MatterEvaluation",
    "MatterEvent",
    "MatterPerson",
    "Meeting",
    "Member",
    "Notification",
    "OfficeGroup",
    "Organization",
    "RoleGrant",
    "Sector",
    "Suggestion",
    "User",
    "Year",
    "committee_groups",
    "AssessmentSetting",
    "PointsAdjustment",
    "PointsRule",
    "SelfSummary",
    "group_report_participants",
]
