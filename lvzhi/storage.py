"""Where uploaded files live: app.config["UPLOAD_FOLDER"] (instance/uploads, outside static/),
under random names, with a small JPEG thumbnail beside each photo.

Files are never served by the static handler; the ``files`` blueprint streams them after a
permission check.
"""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from flask import current_app

THUMB_SIZE = (320, 320)


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


def save(data: bytes, kind: str) -> str:
    """Write the bytes under a new random name; returns the stored name."""
    stored = f"{secrets.token_hex(16)}.{kind}"
    path = _path(stored)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return stored


def make_thumbnail(stored_name: str, data: bytes) -> bool:
    """A JPEG thumbnail for a photo; False when Pillow cannot read the image."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            img = ImageOps.exif_transpose(img)
            img.thumbnail(THUMB_SIZE)
            if img.mode not in ("RGB", "L"):
                img = img.convert("RGB")
            img.save(thumb_path(stored_name), "JPEG", quality=80)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return False
    return True


def delete(stored_name: str) -> None:
    for path in (file_path(stored_name), thumb_path(stored_name)):
        path.unlink(missing_ok=True)
