"""Who may see an attachment: a registry of owner types.

Attachments are generic (``models.Attachment``: owner_type + owner_id). Each capability that
attaches files registers its owner type once, at import time, with a function deciding
whether a user may see the owner (and so download its files):

    from lvzhi.attachments import register_owner

    @register_owner("group_report")
    def _can_view_report(user, report_id: int) -> bool:
        report = db.session.get(GroupReport, report_id)
        return report is not None and report.org_id == user.org_id

Then write files with ``services.attachments.attachment_add(actor, "group_report", report.id,
file_storage)`` and link to ``url_for("files.download", attachment_id=a.id)`` (and
``files.thumbnail`` for photos with ``has_thumbnail``). An owner type nobody registered is
never served.
"""

from __future__ import annotations

from collections.abc import Callable

from .models import Attachment, User

OwnerCheck = Callable[[User, int], bool]
_OWNERS: dict[str, OwnerCheck] = {}


def register_owner(owner_type: str) -> Callable[[OwnerCheck], OwnerCheck]:
    def decorator(fn: OwnerCheck) -> OwnerCheck:
        _OWNERS[owner_type] = fn
        return fn

    return decorator


def can_view(user: User, attachment: Attachment) -> bool:
    if attachment.org_id != user.org_id:
        return False
    check = _OWNERS.get(attachment.owner_type)
    return bool(check and check(user, attachment.owner_id))
