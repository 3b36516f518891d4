"""附件下载: streams an attachment (or its thumbnail) to a user allowed to see its owner.

The per-owner-type rule lives in ``owners.py`` (``OWNER_CHECKS``). With ``ACCEL_REDIRECT``
set (behind nginx, see deploy/), the app checks the permission and answers with headers only;
nginx sends the bytes from its internal location for the uploads folder.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, request, send_file
from flask_login import current_user, login_required
from werkzeug.utils import send_file as send_headers_only

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
    options = {"mimetype": mimetype, "download_name": download_name, "max_age": 0}
    accel = current_app.config["ACCEL_REDIRECT"]
    if accel:
        response = _accel_redirect(path, accel, as_attachment, options)
    else:
        response = send_file(path, as_attachment=as_attachment, **options)
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _accel_redirect(path, location: str, as_attachment: bool, options: dict):
    """The file's headers and no body: nginx serves ``location`` + the path in the uploads
    folder (and answers ranges and revalidation itself)."""
    response = send_headers_only(
        path,
        request.environ,
        as_attachment=as_attachment,
        use_x_sendfile=True,  # werkzeug leaves the file unopened and names it in X-Sendfile
        conditional=False,
        response_class=current_app.response_class,
        **options,
    )
    del response.headers["X-Sendfile"]
    response.content_length = 0  # the body is nginx's to send
    inside = path.relative_to(storage.upload_root()).as_posix()
    response.headers["X-Accel-Redirect"] = location.rstrip("/") + "/" + inside
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
