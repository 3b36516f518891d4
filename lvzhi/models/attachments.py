"""Files attached to anything (duty records, group reports, …): one generic table.

An attachment belongs to an owner named by ``owner_type`` (one of ``domain.uploads.OWNER_TYPES``)
and ``owner_id``. Who may download it is decided per owner type in ``lvzhi/files/owners.py``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.uploads import IMAGE_KINDS, KIND_MIME_TYPES
from ..extensions import db
from .base import OrgScoped, utcnow


class Attachment(OrgScoped, db.Model):
    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_owner", "owner_type", "owner_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_type: Mapped[str] = mapped_column(String(30))
    owner_id: Mapped[int] = mapped_column()
    kind: Mapped[str] = mapped_column(String(4))  # jpg / png / pdf, read from the bytes
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)  # random, on disk
    display_name: Mapped[str] = mapped_column(String(120))  # the uploader's file name, cleaned
    size: Mapped[int] = mapped_column()
    has_thumbnail: Mapped[bool] = mapped_column(default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def is_image(self) -> bool:
        return self.kind in IMAGE_KINDS

    @property
    def mime_type(self) -> str:
        return KIND_MIME_TYPES.get(self.kind, "application/octet-stream")

    @property
    def size_text(self) -> str:
        return (
            f"{self.size / 1048576:.1f} MB"
            if self.size >= 1048576
            else f"{max(self.size // 1024, 1)} KB"
        )
