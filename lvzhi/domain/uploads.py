"""Attachment rules: what a file's bytes really are, what may be uploaded, and safe names."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# what an attachment belongs to (``Attachment.owner_type``): one name per kind of owner, used
# by every layer; ``lvzhi.files.owners`` says who may see each one's files
OWNER_DUTY_RECORD = "duty_record"
OWNER_GROUP_REPORT_ITEM = "group_report_item"  # one of the eleven items of a 十加一 report
OWNER_MATTER_EVENT = "matter_event"  # a closed-loop stage event (a reply's signed document …)
OWNER_MATTER = "loop_matter"  # a closed-loop matter's own files (a public-opinion report's photos)
OWNER_SUGGESTION = "suggestion"  # a numbered suggestion's evidence of its answer
OWNER_TYPES: tuple[str, ...] = (
    OWNER_DUTY_RECORD,
    OWNER_GROUP_REPORT_ITEM,
    OWNER_MATTER_EVENT,
    OWNER_MATTER,
    OWNER_SUGGESTION,
)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_RECORD = 6
ALLOWED_KINDS: tuple[str, ...] = ("jpg", "png", "pdf")
MAX_DISPLAY_NAME = 100
FALLBACK_DISPLAY_NAME = "附件"

# A photo's pixels are decoded in full for its thumbnail (about 4 bytes each): 50 million
# (e.g. 8160×6120) is more than any phone's photo and about 200 MB of memory to decode.
MAX_IMAGE_PIXELS = 50_000_000

# kinds that are accepted as photos and converted to JPEG on upload (iPhone photos)
CONVERTED_KINDS: dict[str, str] = {"heic": "jpg"}

# how many leading bytes a caller must read for sniff_kind to decide
SNIFF_BYTES = 12

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"%PDF-", "pdf"),
)

# HEIF files start with an ISO "ftyp" box: 4 bytes of size, "ftyp", then the major brand
_HEIF_BRANDS = frozenset(
    {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1"}
)

# file extension -> the kind it claims to be
_EXTENSION_KIND: dict[str, str] = {
    "jpg": "jpg",
    "jpeg": "jpg",
    "jpe": "jpg",
    "jfif": "jpg",
    "png": "png",
    "pdf": "pdf",
    "heic": "heic",
    "heif": "heic",
}

KIND_LABELS: dict[str, str] = {
    "jpg": "JPG 图片",
    "png": "PNG 图片",
    "pdf": "PDF 文件",
    "heic": "HEIC 图片",
}
KIND_MIME_TYPES: dict[str, str] = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "pdf": "application/pdf",
}
IMAGE_KINDS = frozenset({"jpg", "png"})

EMPTY_FILE = "文件为空"
EXTENSION_MISMATCH = "文件内容与扩展名不符"


@dataclass(frozen=True)
class UploadCheck:
    """The verdict on one uploaded file: ``kind`` comes from its bytes, never from its name."""

    ok: bool
    kind: str | None = None
    error: str | None = None

    @property
    def mime_type(self) -> str | None:
        return KIND_MIME_TYPES.get(self.kind) if self.kind else None

    @property
    def is_image(self) -> bool:
        return self.kind in IMAGE_KINDS


def sniff_kind(head: bytes) -> str | None:
    """The kind ("jpg", "png", "pdf" or "heic") from a file's first bytes (magic numbers),
    else None."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return "heic"
    return None


def _extension(filename: str) -> str:
    """The lower-case extension of the last path component, without the dot ("" if none)."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1].strip().rstrip(".")
    stem, dot, ext = base.rpartition(".")
    # "v1.2" or "2024.10.1 读书分享" have a dot but no extension
    if not (dot and stem and len(ext) <= 5 and ext.isascii() and ext.isalnum()):
        return ""
    return ext.lower() if any(ch.isalpha() for ch in ext) else ""


def _size_text(n_bytes: int) -> str:
    mb = n_bytes / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{max(n_bytes // 1024, 1)} KB"


def allowed_kinds_message(allowed: Sequence[str] = ALLOWED_KINDS) -> str:
    """E.g. "只能上传 JPG、PNG 图片或 PDF 文件" for the default kinds."""
    images = "、".join(kind.upper() for kind in allowed if kind in IMAGE_KINDS)
    others = "、".join(kind.upper() for kind in allowed if kind not in IMAGE_KINDS)
    parts = ([f"{images} 图片"] if images else []) + ([f"{others} 文件"] if others else [])
    return "只能上传 " + "或 ".join(parts)


def check_upload(
    filename: str,
    head: bytes,
    size: int,
    *,
    max_bytes: int = MAX_UPLOAD_BYTES,
    allowed: Sequence[str] = ALLOWED_KINDS,
) -> UploadCheck:
    """Decide whether a file may be attached.

    ``head`` is the file's first bytes (at least ``SNIFF_BYTES``), ``size`` its full length.
    The kind is read from the bytes; an extension, when there is one, must agree with them,
    so a renamed .exe or a PDF called .jpg is refused. A name without extension is accepted.
    """
    if size <= 0 or not head:
        return UploadCheck(ok=False, error=EMPTY_FILE)
    if size > max_bytes:
        return UploadCheck(ok=False, error=f"文件超过 {_size_text(max_bytes)}")
    kind = sniff_kind(head)
    ext = _extension(filename)
    claimed = _EXTENSION_KIND.get(ext)
    # an iPhone photo (HEIC) is accepted wherever the JPEG it is converted to is
    converts = CONVERTED_KINDS.get(kind or "") in allowed
    if kind is None or (kind not in allowed and not converts):
        if claimed is not None and claimed != kind:
            return UploadCheck(
                ok=False,
                error=f"{EXTENSION_MISMATCH}：扩展名是 .{ext}，但内容不是 {KIND_LABELS[claimed]}",
            )
        return UploadCheck(ok=False, error=allowed_kinds_message(allowed))
    if ext and claimed != kind:
        return UploadCheck(
            ok=False,
            kind=kind,
            error=f"{EXTENSION_MISMATCH}：扩展名是 .{ext}，内容却是 {KIND_LABELS[kind]}",
        )
    return UploadCheck(ok=True, kind=kind)


def check_image_pixels(
    width: int | None, height: int | None, max_pixels: int = MAX_IMAGE_PIXELS
) -> str | None:
    """A Chinese error if an image has more than ``max_pixels`` pixels (its dimensions are read
    from its header, before any decoding), else None. Unknown dimensions (None) mean the
    image is only known to be too large."""
    if width and height and width * height <= max_pixels:
        return None
    size = f"（{width}×{height}）" if width and height else ""
    return f"图片像素过多{size}，最多 {max_pixels // 10_000} 万像素，请缩小尺寸后再上传"


def converted_name(display_name: str, kind: str) -> str:
    """The name a converted file is shown under: "IMG_0001.HEIC" → "IMG_0001.jpg"."""
    stem, dot, ext = display_name.rpartition(".")
    if dot and stem and _extension(display_name):
        return f"{stem}.{kind}"
    return f"{display_name}.{kind}"


def check_file_count(existing: int, adding: int) -> str | None:
    """A Chinese error if a record would hold more than ``MAX_FILES_PER_RECORD`` files."""
    if existing + adding <= MAX_FILES_PER_RECORD:
        return None
    room = max(MAX_FILES_PER_RECORD - existing, 0)
    if room == 0:
        return f"每条记录最多 {MAX_FILES_PER_RECORD} 个附件，已达上限"
    return f"每条记录最多 {MAX_FILES_PER_RECORD} 个附件，还可以再上传 {room} 个"


# control, format (bidi overrides, zero-width), surrogate, private-use and unassigned
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})

# characters Windows refuses in file names; replaced so a downloaded copy saves cleanly
_RESERVED = str.maketrans({ch: "_" for ch in '<>:"|?*'})


def safe_display_name(filename: str) -> str:
    """A file name fit to show and to offer as a download name.

    Keeps Chinese and other letters; drops any path, control and invisible format characters
    (e.g. right-to-left overrides that disguise "gpj.exe"); at most ``MAX_DISPLAY_NAME``
    characters, keeping the extension; "附件" when nothing is left.
    """
    name = unicodedata.normalize("NFC", filename or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in _INVISIBLE)
    name = " ".join(name.split()).translate(_RESERVED).strip(" .")
    if not name or set(name) <= {".", "_"}:
        return FALLBACK_DISPLAY_NAME
    if len(name) > MAX_DISPLAY_NAME:
        stem, dot, ext = name.rpartition(".")
        if dot and stem and 0 < len(ext) <= 10:
            keep = MAX_DISPLAY_NAME - len(ext) - 1
            name = f"{stem[:keep].rstrip(' .')}.{ext}"
        else:
            name = name[:MAX_DISPLAY_NAME].rstrip(" .")
    return name
