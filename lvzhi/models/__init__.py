"""All tables, split by subject. Import from here."""

from .attachments import Attachment
from .attendance import Attendance, GroupActivity
from .audit import AuditEvent
from .consultations import MatterCheck
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
from .loop_instructions import MatterForward, MatterInstruction
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
    BodyStamp,
    Committee,
    GroupHeadAssignment,
    LoginSession,
    Member,
    OfficeGroup,
    Organization,
    RoleGrant,
    Sector,
    UnknownLogin,
    User,
    committee_groups,
)
from .points import AssessmentSetting, PointsAdjustment, PointsRule, SelfSummary
from .public_opinion import Bulletin, BulletinEntry

__all__ = [
    "MEETING_KINDS",
    "MEETING_NOTES_MAX",
    "Attachment",
    "Attendance",
    "AuditEvent",
    "Bulletin",
    "BulletinEntry",
    "Committee",
    "Department",
    "DutyItem",
    "DutyRecord",
    "GroupActivity",
    "GroupHeadAssignment",
    "GroupInvitation",
    "GroupReport",
    "GroupReportComment",
    "GroupReportEntry",
    "GroupReportItem",
    "GroupReportRubric",
    "GroupSignatureItem",
    "BodyStamp",
    "LoginSession",
    "UnknownLogin",
    "LoopYearSetting",
    "Matter",
    "MatterAssignment",
    "MatterCheck",
    "MatterEvaluation",
    "MatterEvent",
    "MatterForward",
    "MatterInstruction",
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
