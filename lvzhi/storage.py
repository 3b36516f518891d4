"""Where uploaded files live: app.config["UPLOAD_FOLDER"] (instance/uploads, outside static/),
under random names, with a small JPEG thumbnail beside each photo.

Files are never served by the static handler; the ``files`` blueprint streams them after a
permission check.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app


def upload_root() -> Path:
    root = Path(current_app.config["UPLOAD_FOLDER"])
    root.mkdir(parents=True, exist_ok=True)
    return root


def _path(stored_name: str) -> Path:
    # stored names are ours (hex + extension); refuse anything else outright
    if not stored_name or "/" in stored_name or "\\" in stored_name or stored_name.startswith("."):
        raise ValueError("bad stored name")
    return upload_root() / stored_name[:2] / stored_name


def file_path(stored_name: str) -> Path:
    return _path(stored_name)


def thumb_path(stored_name: str) -> Path:
    return _path(f"{stored_name}.thumb.jpg")


def save(data: bytes, kind: str, thumb: bytes | None = None) -> str:
    """Write the bytes (and the photo's ready-made JPEG thumbnail, if any) under a new random
    name; returns the stored name."""
    stored = f"{secrets.token_hex(16)}.{kind}"
    path = _path(stored)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if thumb is not None:
        thumb_path(stored).write_bytes(thumb)
    return stored


def delete(stored_name: str) -> None:
    for path in (file_path(stored_name), thumb_path(stored_name)):
        path.unlink(missing_ok=True)
