"""The closed loops (履职闭环): one ``Matter`` table for all five loops (``loop`` column, so
every loop's figures come from one GROUP BY), its stage-event log, people, department
assignments, evaluations and suggestions. The rules live in ``lvzhi/domain/loops.py``;
deadlines, overdue and due-soon are derived there from these dates, never stored.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.loop_specs import spec
from ..domain.loops import PARTIES, REPLY_CLASSES, VERDICTS
from ..domain.suggestions import OUTCOMES as SUGGESTION_OUTCOMES
from ..domain.uploads import OWNER_MATTER_EVENT, OWNER_SUGGESTION
from ..extensions import db
from .base import OrgScoped, Timestamps, Versioned, utcnow
from .org import Department, Meeting
from .people import Committee, Member, OfficeGroup, Sector, User

MATTER_EVENT_FILES = OWNER_MATTER_EVENT  # Attachment.owner_type of a stage event's files
SUGGESTION_FILES = OWNER_SUGGESTION  # a suggestion answer's evidence
COLLECTIVE_KINDS = {
    "committee": "专委会",
    "sector": "界别",
    "office_group": "委员室组",
    "party": "党派团体",
}


class Matter(OrgScoped, Timestamps, Versioned, db.Model):
    """One matter of one loop: a proposal, a consultation topic, a speech, a piece of public
    opinion, a supervision topic. ``stage`` is the loop workflow's stage code."""

    __tablename__ = "matters"
    __table_args__ = (
        # filed proposals are numbered per plenary session, unique per organization
        UniqueConstraint("org_id", "session_label", "number"),
        Index("ix_matters_org_loop_year_stage", "org_id", "loop", "year", "stage"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    loop: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column()
    stage: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(30), default="")  # e.g. a consultation's kind
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(30), default="")
    situation: Mapped[str] = mapped_column(Text, default="")  # 案由/情况
    analysis: Mapped[str] = mapped_column(Text, default="")  # 情况分析
    suggestions_text: Mapped[str] = mapped_column(Text, default="")  # 具体建议
    suggested_departments: Mapped[str] = mapped_column(String(300), default="")
    is_public: Mapped[bool] = mapped_column(default=True)
    # numbering: "第十一届三次会议" + 23 → 第十一届三次会议 第0023号
    session_label: Mapped[str | None] = mapped_column(String(40))
    number: Mapped[int | None] = mapped_column()
    # a collective proposer (committee / sector / office group / party), else member-led
    collective_kind: Mapped[str] = mapped_column(String(20), default="")
    collective_name: Mapped[str] = mapped_column(String(80), default="")
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"))
    sector_id: Mapped[int | None] = mapped_column(ForeignKey("sectors.id"))
    office_group_id: Mapped[int | None] = mapped_column(ForeignKey("office_groups.id"))
    not_filed_reason: Mapped[str] = mapped_column(String(200), default="")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("matters.id"))
    is_key: Mapped[bool] = mapped_column(default=False)
    supervising_leader_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # the supervising leader's name and post: a CPPCC leader's (from their account) or a
    # government leader's outside the system (then no id)
    supervising_leader_name: Mapped[str] = mapped_column(String(80), default="")
    is_excellent: Mapped[bool] = mapped_column(default=False)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    filed_on: Mapped[date | None] = mapped_column(Date)
    # a double-submitted create is recognised by this token (the form's)
    client_token: Mapped[str | None] = mapped_column(String(40), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # a consultation / supervision topic: the meeting it is held at (its feedback deadline
    # follows the calendar), the lead department and government contact (the lead
    # committee is ``committee_id``)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    lead_department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    contact: Mapped[str] = mapped_column(String(80), default="")

    people: Mapped[list[MatterPerson]] = relationship(
        back_populates="matter", cascade="all, delete-orphan", order_by="MatterPerson.position"
    )
    assignments: Mapped[list[MatterAssignment]] = relationship(
        back_populates="matter", cascade="all, delete-orphan", order_by="MatterAssignment.id"
    )
    events: Mapped[list[MatterEvent]] = relationship(
        back_populates="matter", cascade="all, delete-orphan", order_by="MatterEvent.id"
    )
    merged_into: Mapped[Matter | None] = relationship(remote_side="Matter.id")
    supervising_leader: Mapped[User | None] = relationship(foreign_keys=[supervising_leader_id])
    committee: Mapped[Committee | None] = relationship()
    sector: Mapped[Sector | None] = relationship()
    office_group: Mapped[OfficeGroup | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship(lazy="selectin")
    lead_department: Mapped[Department | None] = relationship(foreign_keys=[lead_department_id])

    @property
    def spec(self):
        return spec(self.loop)

    @property
    def stage_label(self) -> str:
        return self.spec.label(self.stage)

    @property
    def number_text(self) -> str:
        """第十一届三次会议 第0023号, or "" before filing."""
        if self.number is None:
            return ""
        return f"{self.session_label} 第{self.number:04d}号"

    @property
    def listed_people(self) -> list[MatterPerson]:
        """The people shown on the matter: a co-proposer only once they have confirmed."""
        return [p for p in self.people if p.consent == "confirmed"]

    @property
    def lead_assignment(self) -> MatterAssignment | None:
        return next((a for a in self.assignments if a.is_lead and a.active), None)


PARTS = {
    "proposer": "提出人",
    "co_proposer": "联名人",
    "participant": "参与委员",
    "researcher": "调研委员",
    "speaker": "发言人",
}
CONSENTS = {"invited": "待确认", "confirmed": "已确认", "declined": "已谢绝"}


class MatterPerson(db.Model):
    """A member's part on a matter; a co-proposer is invited and must confirm (联名 needs
    consent). The first proposer is ``part="proposer"``, position 0, consent confirmed."""

    __tablename__ = "matter_people"
    # one row per list: a research participant may also speak at the consultation
    __table_args__ = (UniqueConstraint("matter_id", "member_id", "part"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    part: Mapped[str] = mapped_column(String(20))
    consent: Mapped[str] = mapped_column(String(12), default="confirmed")
    position: Mapped[int] = mapped_column(default=0)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)

    matter: Mapped[Matter] = relationship(back_populates="people")
    member: Mapped[Member] = relationship()


class MatterEvent(OrgScoped, db.Model):
    """One line of a matter's timeline: who did what when, from → to, with a note; files are
    attachments with owner_type ``MATTER_EVENT_FILES``. ``party`` is whom the actor acted as
    (the secretariat acting for a department writes party department, actor the secretariat
    user, ``department_id`` the department)."""

    __tablename__ = "matter_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(30))
    from_stage: Mapped[str] = mapped_column(String(20))
    to_stage: Mapped[str] = mapped_column(String(20))
    party: Mapped[str] = mapped_column(String(20), default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    matter: Mapped[Matter] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
    department: Mapped[Department | None] = relationship()

    @property
    def party_label(self) -> str:
        return PARTIES.get(self.party, "")


class MatterAssignment(OrgScoped, Versioned, db.Model):
    """A department's part in handling a matter (主办 lead / 会办 co). Due dates are computed
    from ``assigned_on`` (+ ``extended_to``) by the loop's deadline rules; a reassigned row is
    kept with ``active`` False. ``round`` 2 is the reply after 不满意 (再办理)."""

    __tablename__ = "matter_assignments"
    __table_args__ = (
        Index("ix_matter_assignments_department", "department_id", "active"),
        # the reassignment requests waiting for the secretariat (its badge on every page):
        # the body's undecided ones with a request, not every assignment of the body
        Index(
            "ix_matter_assignments_org_reassign", "org_id", "reassign_decision", "reassign_asked_at"
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    is_lead: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)
    assigned_on: Mapped[date] = mapped_column(Date)
    reply_months: Mapped[int] = mapped_column(default=3)  # the year's setting when assigned
    reassign_days: Mapped[int] = mapped_column(default=10, server_default="10")  # likewise
    co_opinion_months: Mapped[int] = mapped_column(default=1, server_default="1")  # likewise
    extended_to: Mapped[date | None] = mapped_column(Date)
    extension_reason: Mapped[str] = mapped_column(String(300), default="")
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime)
    reassign_reason: Mapped[str] = mapped_column(String(300), default="")
    reassign_asked_at: Mapped[datetime | None] = mapped_column(DateTime)
    reassign_decision: Mapped[str] = mapped_column(String(12), default="")  # granted / refused
    contact_way: Mapped[str] = mapped_column(String(12), default="")  # visit / phone / meeting
    contact_on: Mapped[date | None] = mapped_column(Date)
    contact_note: Mapped[str] = mapped_column(String(500), default="")
    reply_class: Mapped[str] = mapped_column(String(1), default="")  # A / B / C
    reply_text: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[datetime | None] = mapped_column(DateTime)
    reply_event_id: Mapped[int | None] = mapped_column(ForeignKey("matter_events.id"))
    round: Mapped[int] = mapped_column(default=1)
    co_opinion: Mapped[str] = mapped_column(Text, default="")  # a co-handler's opinion to the lead
    co_opinion_at: Mapped[datetime | None] = mapped_column(DateTime)

    matter: Mapped[Matter] = relationship(back_populates="assignments")
    department: Mapped[Department] = relationship()

    @property
    def reply_class_label(self) -> str:
        return REPLY_CLASSES.get(self.reply_class, "")


class MatterEvaluation(OrgScoped, db.Model):
    """The proposer's feedback form on a reply (one per reply round)."""

    __tablename__ = "matter_evaluations"
    __table_args__ = (
        UniqueConstraint("matter_id", "round"),
        # each matter's last round among a body's evaluations (the verdict figures)
        Index("ix_matter_evaluations_org_matter", "org_id", "matter_id", "round"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(default=1)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    contacted: Mapped[bool] = mapped_column(default=False)
    contact_way: Mapped[str] = mapped_column(String(12), default="")
    attitude: Mapped[str] = mapped_column(String(12), default="")  # the verdict words
    verdict: Mapped[str] = mapped_column(String(12))  # satisfied / basic / unsatisfied
    note: Mapped[str] = mapped_column(String(500), default="")
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def verdict_label(self) -> str:
        return VERDICTS.get(self.verdict, "")


class Suggestion(OrgScoped, Versioned, db.Model):
    """A numbered suggestion of a consultation, supervision report or speech, each assigned to
    a department with its own outcome ("建议17条, 采纳落实16条"). The department's answer
    (outcome, 落实, note, evidence files with owner_type ``SUGGESTION_FILES``) is stamped with
    who answered and when; its deadline is the matter's feedback rule from ``assigned_on``."""

    __tablename__ = "suggestions"
    __table_args__ = (UniqueConstraint("matter_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(Text)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(12), default="")
    implemented: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    assigned_on: Mapped[date | None] = mapped_column(Date)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_party: Mapped[str] = mapped_column(String(20), default="")

    matter: Mapped[Matter] = relationship()
    department: Mapped[Department | None] = relationship()
    answered_by: Mapped[User | None] = relationship()

    @property
    def outcome_label(self) -> str:
        return SUGGESTION_OUTCOMES.get(self.outcome, "")


class LoopYearSetting(OrgScoped, Versioned, db.Model):
    """A body's own settings for a loop in a year; absent means the DOMAIN.md defaults."""

    __tablename__ = "loop_year_settings"
    __table_args__ = (UniqueConstraint("org_id", "year", "loop"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column()
    loop: Mapped[str] = mapped_column(String(20))
    reply_months: Mapped[int] = mapped_column(default=3)
    reassign_days: Mapped[int] = mapped_column(default=10, server_default="10")  # 申请改办
    co_opinion_months: Mapped[int] = mapped_column(default=1, server_default="1")  # 会办意见
    credit_co_proposers: Mapped[bool] = mapped_column(default=False)
    session_label: Mapped[str] = mapped_column(String(40), default="")  # e.g. 第十一届三次会议
