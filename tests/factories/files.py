"""Uploaded files: PNG (a pixel bomb too) and HEIC bytes, a checked file, a photo attached
through the service."""

from __future__ import annotations

from lvzhi.models import User


def png_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def png_bomb_bytes(width: int = 20000, height: int = 20000) -> bytes:
    """A valid one-colour PNG of huge dimensions (1 bit a pixel) that compresses to a few
    hundred KB at most: a "pixel bomb"."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    # every row: a filter byte and one bit per pixel, all black
    idat = zlib.compress(bytes((1 + (width + 7) // 8) * height), 9)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def heic_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    """A real HEIC photo, as an iPhone sends (encoded by pillow-heif)."""
    import io

    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener()
    buf = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buf, "HEIF")
    return buf.getvalue()


def checked_png(name: str = "答复函.png"):
    """An upload already checked by ``attachment_check`` (what a view passes a service)."""
    from lvzhi.services.attachments import CheckedFile

    return CheckedFile(name, "png", png_bytes())


def gen_photo(actor: User, record, name: str = "现场.png", size: tuple[int, int] = (64, 48)):
    """A photo (with its thumbnail) attached to the duty ``record`` through the service, its
    bytes in the uploads folder."""
    import io

    from werkzeug.datastructures import FileStorage

    from lvzhi.domain.uploads import OWNER_DUTY_RECORD
    from lvzhi.services.attachments import attachment_add

    upload = FileStorage(io.BytesIO(png_bytes(size)), name)
    return attachment_add(actor, OWNER_DUTY_RECORD, record.id, upload)
