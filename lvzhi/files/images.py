"""Photos through Pillow: the pixel limit read from the header, HEIC → JPEG, thumbnails.

``Image.open`` reads only a file's header, so an image's dimensions are known before a single
pixel is decoded: an image over ``MAX_IMAGE_PIXELS`` (a "pixel bomb": a few hundred KB that
decode to gigabytes) is refused there. Pillow's own limit is set to the same number, so
nothing else in the process decodes such an image either.

Everything here runs while a request checks its uploads, before any database write.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from ..domain.uploads import MAX_IMAGE_PIXELS, check_image_pixels

THUMB_SIZE = (320, 320)
JPEG_QUALITY = 85

Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
register_heif_opener()

_UNREADABLE = (
    UnidentifiedImageError,
    OSError,
    ValueError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
)


class ImageRefused(Exception):
    """The image cannot be taken; ``message`` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Photo:
    """A checked photo: its bytes (converted to JPEG when it came as HEIC), its kind, and a
    JPEG thumbnail (None when Pillow cannot decode it: then it is kept as a plain file)."""

    data: bytes
    kind: str
    thumb: bytes | None


def _open(data: bytes) -> Image.Image:
    """Open lazily and refuse an image over the pixel limit before decoding it."""
    try:
        img = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow itself refuses beyond twice its limit (and warns beyond it), size unsaid
        raise ImageRefused(check_image_pixels(None, None) or "") from exc
    too_big = check_image_pixels(*img.size)
    if too_big:
        img.close()
        raise ImageRefused(too_big)
    return img


def _thumbnail(img: Image.Image) -> bytes:
    img.draft("RGB", (THUMB_SIZE[0] * 2, THUMB_SIZE[1] * 2))  # JPEG: decode at a smaller scale
    img = ImageOps.exif_transpose(img)
    img.thumbnail(THUMB_SIZE)
    if img.mode not in ("RGB", "L"):
        img = img.convert("RGB")
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


def _to_jpeg(img: Image.Image) -> bytes:
    img = ImageOps.exif_transpose(img)
    if img.mode not in ("RGB", "L"):
        img = img.convert("RGB")
    out = io.BytesIO()
    img.save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def photo_prepare(data: bytes, kind: str) -> Photo:
    """Check a JPG/PNG/HEIC upload's pixels, convert HEIC to JPEG, and make its thumbnail.

    Raises ``ImageRefused`` for an image over the pixel limit, or a HEIC photo that cannot be
    converted. A JPG/PNG Pillow cannot decode is kept without a thumbnail, as before."""
    try:
        with _open(data) as img:
            if kind == "heic":
                data, kind = _to_jpeg(img), "jpg"
                with Image.open(io.BytesIO(data)) as jpeg:
                    return Photo(data, kind, _thumbnail(jpeg))
            return Photo(data, kind, _thumbnail(img))
    except ImageRefused:
        raise
    except _UNREADABLE as exc:
        if kind == "heic":
            raise ImageRefused(
                "无法读取这张 HEIC 照片，请改为 JPG 格式后再上传"
                "（iPhone：设置→相机→格式→兼容性最佳）"
            ) from exc
        return Photo(data, kind, None)
