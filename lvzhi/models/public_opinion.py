"""The 《社情民意》 bulletin: numbered issues per year (期号), each carrying several adopted
public-opinion reports in order. An issue is edited until it is published (印发); only then
do members read the reports in it."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.public_opinion import bulletin_title
from ..extensions import db
from .base import OrgScoped, Timestamps, Versioned
from .loops import Matter


class Bulletin(OrgScoped, Timestamps, Versioned, db.Model):
    """One issue of 《社情民意》: year and number (第3期), published_on once 印发."""

    __tablename__ = "bulletins"
    __table_args__ = (UniqueConstraint("org_id", "year", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column()
    number: Mapped[int] = mapped_column()
    editor_note: Mapped[str] = mapped_column(Text, default="")  # 编者按
    published_on: Mapped[date | None] = mapped_column(Date)
    reopened = False  # not stored: bulletin_create gave back this empty issue instead of a new one

    entries: Mapped[list[BulletinEntry]] = relationship(
        back_populates="bulletin", cascade="all, delete-orphan", order_by="BulletinEntry.position"
    )

    @property
    def title(self) -> str:
        return bulletin_title(self.year, self.number)

    @property
    def is_published(self) -> bool:
        return self.published_on is not None


class BulletinEntry(OrgScoped, db.Model):
    """A report in an issue; a report appears in one issue only."""

    __tablename__ = "bulletin_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    bulletin_id: Mapped[int] = mapped_column(
        ForeignKey("bulletins.id", ondelete="CASCADE"), index=True
    )
    matter_id: Mapped[int] = mapped_column(ForeignKey("matters.id"), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    headline: Mapped[str] = mapped_column(String(200), default="")  # the edited title

    bulletin: Mapped[Bulletin] = relationship(back_populates="entries")
    matter: Mapped[Matter] = relationship()
