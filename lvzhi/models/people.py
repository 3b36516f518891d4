"""The organization and its people: users, role grants, members and their groupings."""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Table,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.roster import MAX_LENGTHS
from ..extensions import db
from .base import OrgScoped, Timestamps, Versioned


class Organization(Timestamps, db.Model):
    __tablename__ = "organizations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    short_name: Mapped[str] = mapped_column(String(40), default="")
    current_term: Mapped[str] = mapped_column(String(40), default="")


class BodyStamp(db.Model):
    """A number that every committed write to the body's rows changes (``lvzhi.stamps``): the
    figures kept across requests are kept under it."""

    __tablename__ = "body_stamps"
    org_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    )
    stamp: Mapped[int] = mapped_column(BigInteger)


class Sector(OrgScoped, Versioned, db.Model):
    __tablename__ = "sectors"
    __table_args__ = (UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    sort_order: Mapped[int] = mapped_column(default=0)


committee_groups = Table(
    "committee_office_groups",
    db.metadata,
    Column("committee_id", ForeignKey("committees.id", ondelete="CASCADE"), primary_key=True),
    Column("office_group_id", ForeignKey("office_groups.id", ondelete="CASCADE"), primary_key=True),
)


class Committee(OrgScoped, Versioned, db.Model):
    __tablename__ = "committees"
    __table_args__ = (UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    sort_order: Mapped[int] = mapped_column(default=0)
    office_groups: Mapped[list[OfficeGroup]] = relationship(
        secondary=committee_groups, back_populates="committees", order_by="OfficeGroup.sort_order"
    )


class OfficeGroup(OrgScoped, Versioned, db.Model):
    __tablename__ = "office_groups"
    __table_args__ = (UniqueConstraint("org_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    sort_order: Mapped[int] = mapped_column(default=0)
    committees: Mapped[list[Committee]] = relationship(
        secondary=committee_groups, back_populates="office_groups", order_by="Committee.sort_order"
    )
    head_assignments: Mapped[list[GroupHeadAssignment]] = relationship(
        back_populates="office_group",
        order_by="GroupHeadAssignment.start_date.desc(), GroupHeadAssignment.id.desc()",
    )


class Member(OrgScoped, Timestamps, Versioned, db.Model):
    __tablename__ = "members"
    __table_args__ = (
        UniqueConstraint("org_id", "mobile"),
        # the body's roster in its order (by group, then name), a page at a time
        Index("ix_members_org_group_name", "org_id", "office_group_id", "name"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_LENGTHS["name"]), index=True)
    gender: Mapped[str] = mapped_column(String(4), default="")
    mobile: Mapped[str] = mapped_column(String(20))
    employer: Mapped[str] = mapped_column(String(MAX_LENGTHS["employer"]), default="")
    title: Mapped[str] = mapped_column(String(MAX_LENGTHS["title"]), default="")
    term: Mapped[str] = mapped_column(String(MAX_LENGTHS["term"]), default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    sector_id: Mapped[int | None] = mapped_column(ForeignKey("sectors.id"), index=True)
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"), index=True)
    office_group_id: Mapped[int | None] = mapped_column(ForeignKey("office_groups.id"), index=True)

    sector: Mapped[Sector | None] = relationship()
    committee: Mapped[Committee | None] = relationship()
    office_group: Mapped[OfficeGroup | None] = relationship()
    user: Mapped[User | None] = relationship(back_populates="member", uselist=False)


class GroupHeadAssignment(Timestamps, db.Model):
    """Who heads an office group, from when to when. Ended rows are the history."""

    __tablename__ = "group_head_assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    office_group_id: Mapped[int] = mapped_column(ForeignKey("office_groups.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(200), default="")

    office_group: Mapped[OfficeGroup] = relationship(back_populates="head_assignments")
    member: Mapped[Member] = relationship()

    def is_current(self, today: date) -> bool:
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)


class User(OrgScoped, Timestamps, Versioned, UserMixin, db.Model):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    mobile: Mapped[str | None] = mapped_column(String(20), unique=True)
    display_name: Mapped[str] = mapped_column(String(40))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), unique=True)
    # a department contact's account (role department) speaks for this 承办单位
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)

    organization: Mapped[Organization] = relationship()
    member: Mapped[Member | None] = relationship(back_populates="user")
    grants: Mapped[list[RoleGrant]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    # Which login session this copy of the user came in through: set at login and by the user
    # loader, never stored on the row (see LoginSession).
    session_token = None

    def get_id(self) -> str:
        """Flask-Login's alternative id: the browser's login session, not the user id, so that
        ending the session (logout, a password change elsewhere) logs that browser out."""
        if not self.session_token:
            raise ValueError("the user has no login session")
        return self.session_token

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def roles(self) -> set[str]:
        return {g.role for g in self.grants}

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def committee_ids(self) -> set[int]:
        return {g.committee_id for g in self.grants if g.role == "committee" and g.committee_id}


class RoleGrant(db.Model):
    """A user holds a role; a committee role names the committee it directs."""

    __tablename__ = "role_grants"
    __table_args__ = (UniqueConstraint("user_id", "role", "committee_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"))

    user: Mapped[User] = relationship(back_populates="grants")
    committee: Mapped[Committee | None] = relationship()


class LoginSession(db.Model):
    """One browser logged in as a user. The browser's signed cookie holds the token; the row
    holds its hash. Deleting the row ends that session: logout deletes its own, a password
    change all the user's others, a secretariat reset all of them."""

    __tablename__ = "login_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    @staticmethod
    def digest(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class UnknownLogin(db.Model):
    """Failed logins under a name no account has, counted and locked as an account's are, so
    that neither the messages nor the lock tell anyone which names (members' mobiles) have
    an account. Keyed by the name's hash; rows untouched for a month are cleared."""

    __tablename__ = "unknown_logins"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    last_at: Mapped[datetime] = mapped_column(DateTime, index=True)

    @staticmethod
    def digest(login: str) -> str:
        return hashlib.sha256(login.encode()).hexdigest()
