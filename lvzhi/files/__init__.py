"""附件下载: streams an attachment (or its thumbnail) to a user allowed to see its owner.

The per-owner-type rule lives in ``owners.py`` (``OWNER_CHECKS``).
"""

from __future__ import annotations

from flask import Blueprint, abort, send_file
from flask_login import current_user, login_required

from .. import storage
from ..auth.permissions import org_get_or_404
from ..models import Attachment
from .owners import can_view

bp = Blueprint("files", __name__)


def _visible(attachment_id: int) -> Attachment:
    attachment = org_get_or_404(Attachment, attachment_id)
    if not can_view(current_user, attachment):
        abort(404)
    return attachment


def _send(path, mimetype: str, download_name: str, as_attachment: bool):
    if not path.exists():
        abort(404)
    response = send_file(
        path, mimetype=mimetype, download_name=download_name, as_attachment=as_attachment, max_age=0
    )
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.route("/<int:attachment_id>")
@login_required
def download(attachment_id: int):
    a = _visible(attachment_id)
    return _send(
        storage.file_path(a.stored_name),
        a.mime_type,
        a.display_name,
        as_attachment=not a.is_image and a.kind != "pdf",
    )


@bp.route("/<int:attachment_id>/thumb")
@login_required
def thumbnail(attachment_id: int):
    a = _visible(attachment_id)
    if not a.has_thumbnail:
        abort(404)
    return _send(storage.thumb_path(a.stored_name), "image/jpeg", "thumb.jpg", False)
