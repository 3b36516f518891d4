"""Who may see an attachment: one check per owner type.

Attachments are generic (``models.Attachment``: owner_type + owner_id, the owner types named
in ``domain.uploads``). A capability that attaches files adds its owner type there and its
check here, deciding whether a user may see the owner (and so download its files). Then it
writes files with ``services.attachments.attachment_add(actor, OWNER_…, owner.id,
file_storage)`` and links to ``url_for("files.download", attachment_id=a.id)`` (and
``files.thumbnail`` for photos with ``has_thumbnail``). An owner type without a check here is
never served.
"""

from __future__ import annotations

from collections.abc import Callable

from ..auth.permissions import (
    can_see_duty_record,
    can_see_group_report_entry,
    can_see_matter_event_files,
    can_see_matter_files,
    can_see_suggestion_files,
)
from ..domain.uploads import (
    OWNER_DUTY_RECORD,
    OWNER_GROUP_REPORT_ITEM,
    OWNER_MATTER,
    OWNER_MATTER_EVENT,
    OWNER_SUGGESTION,
)
from ..models import Attachment, User

OwnerCheck = Callable[[User, int], bool]

OWNER_CHECKS: dict[str, OwnerCheck] = {
    OWNER_DUTY_RECORD: can_see_duty_record,
    OWNER_GROUP_REPORT_ITEM: can_see_group_report_entry,
    OWNER_MATTER_EVENT: can_see_matter_event_files,
    OWNER_MATTER: can_see_matter_files,
    OWNER_SUGGESTION: can_see_suggestion_files,
}


def can_view(user: User, attachment: Attachment) -> bool:
    if attachment.org_id != user.org_id:
        return False
    check = OWNER_CHECKS.get(attachment.owner_type)
    return bool(check and check(user, attachment.owner_id))
