"""Writing the audit log. Called by every service, inside its transaction."""

from __future__ import annotations

from ..extensions import db
from ..models import AuditEvent, User


def audit(actor: User | None, org_id: int, action: str, obj: object | None, summary: str) -> None:
    db.session.add(
        AuditEvent(
            org_id=org_id,
            user_id=actor.id if actor else None,
            action=action,
            object_type=type(obj).__name__ if obj is not None else "",
            object_id=getattr(obj, "id", None),
            summary=summary[:500],
        )
    )
