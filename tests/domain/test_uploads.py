"""Attachment rules: sniffing, what is refused and why, file counts and display names."""

from __future__ import annotations

import pytest

from lvzhi.domain import uploads
from lvzhi.domain.uploads import (
    MAX_FILES_PER_RECORD,
    SNIFF_BYTES,
    UploadCheck,
    check_file_count,
    check_image_pixels,
    check_upload,
    converted_name,
    safe_display_name,
    sniff_kind,
)

JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00"
ZIP = b"PK\x03\x04\x14\x00\x06\x00"
MB = 1024 * 1024


def check(filename: str, head: bytes, size: int = 200_000, **options: object) -> UploadCheck:
    return check_upload(filename, head, size, **options)  # type: ignore[arg-type]


# --- sniffing --------------------------------------------------------------------------------


@pytest.mark.parametrize(("head", "kind"), [(JPG, "jpg"), (PNG, "png"), (PDF, "pdf")])
def test_kind_is_read_from_magic_bytes(head: bytes, kind: str) -> None:
    assert sniff_kind(head) == kind


@pytest.mark.parametrize("head", [EXE, ZIP, b"", b"\xff\xd8", b"\x89PNG", b"%PD", b"hello"])
def test_unknown_or_truncated_bytes_have_no_kind(head: bytes) -> None:
    assert sniff_kind(head) is None


def test_sniff_needs_only_the_first_few_bytes() -> None:
    assert SNIFF_BYTES >= len(b"\x89PNG\r\n\x1a\n")
    assert sniff_kind(PNG[:SNIFF_BYTES]) == "png"


# --- accepted files --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "head", "kind"),
    [
        ("活动照片.jpg", JPG, "jpg"),
        ("IMG_0001.JPEG", JPG, "jpg"),
        ("截图.png", PNG, "png"),
        ("调研报告.PDF", PDF, "pdf"),
    ],
)
def test_matching_files_are_accepted(filename: str, head: bytes, kind: str) -> None:
    result = check(filename, head)
    assert result == UploadCheck(ok=True, kind=kind, error=None)


def test_jpeg_extension_counts_as_jpg() -> None:
    assert check("photo.jpeg", JPG).kind == "jpg"


def test_file_without_extension_is_judged_by_its_bytes() -> None:
    assert check("image", PNG).ok
    assert check("2024.10.1 读书分享", JPG).ok


def test_accepted_file_reports_its_mime_type_and_whether_it_is_an_image() -> None:
    assert check("a.jpg", JPG).mime_type == "image/jpeg"
    assert check("a.png", PNG).is_image
    pdf = check("a.pdf", PDF)
    assert pdf.mime_type == "application/pdf"
    assert not pdf.is_image


def test_file_of_exactly_the_limit_is_accepted() -> None:
    assert check("big.jpg", JPG, size=10 * MB).ok


# --- refused files ---------------------------------------------------------------------------


def test_empty_file_is_refused() -> None:
    assert check("a.jpg", b"", size=0) == UploadCheck(ok=False, kind=None, error="文件为空")


def test_file_with_no_bytes_read_is_refused_as_empty() -> None:
    assert check("a.jpg", b"", size=1234).error == "文件为空"


def test_too_large_file_is_refused() -> None:
    result = check("big.jpg", JPG, size=10 * MB + 1)
    assert not result.ok
    assert result.error == "文件超过 10 MB"


def test_size_limit_is_configurable_and_named_in_the_message() -> None:
    result = check("big.pdf", PDF, size=3 * MB, max_bytes=2 * MB)
    assert result.error == "文件超过 2 MB"


@pytest.mark.parametrize("head", [EXE, ZIP, b"plain text notes"])
def test_unknown_content_is_refused(head: bytes) -> None:
    result = check("notes", head)
    assert not result.ok
    assert result.kind is None
    assert result.error == "只能上传 JPG、PNG 图片或 PDF 文件"


@pytest.mark.parametrize("filename", ["setup.exe", "archive.zip", "文档.docx"])
def test_unknown_content_with_unknown_extension_names_the_allowed_kinds(filename: str) -> None:
    head = ZIP if filename.endswith((".zip", ".docx")) else EXE
    assert check(filename, head).error == "只能上传 JPG、PNG 图片或 PDF 文件"


def test_png_renamed_pdf_is_refused() -> None:
    result = check("报告.pdf", PNG)
    assert not result.ok
    assert result.error is not None
    assert result.error.startswith("文件内容与扩展名不符")
    assert ".pdf" in result.error


def test_pdf_named_jpg_is_refused() -> None:
    result = check("照片.jpg", PDF)
    assert not result.ok
    assert "文件内容与扩展名不符" in (result.error or "")


def test_exe_renamed_png_is_refused_as_a_mismatch() -> None:
    result = check("可爱猫咪.png", EXE)
    assert not result.ok
    assert result.kind is None
    assert (result.error or "").startswith("文件内容与扩展名不符")


@pytest.mark.parametrize("filename", ["photo.exe", "photo.txt", "photo.html", "photo.heic"])
def test_real_image_with_a_foreign_extension_is_refused(filename: str) -> None:
    result = check(filename, JPG)
    assert not result.ok
    assert (result.error or "").startswith("文件内容与扩展名不符")


def test_extension_is_taken_from_the_last_dot_only() -> None:
    assert not check("invoice.pdf.exe", PDF).ok
    assert check("photo.exe.jpg", JPG).ok


def test_kind_outside_the_allowed_list_is_refused() -> None:
    result = check("报告.pdf", PDF, allowed=("jpg", "png"))
    assert not result.ok
    assert result.error == "只能上传 JPG、PNG 图片"


def test_pdf_only_upload_names_pdf_alone() -> None:
    assert check("a.png", PNG, allowed=("pdf",)).error == "只能上传 PDF 文件"


def test_refusal_order_empty_then_size_then_content() -> None:
    assert check("a.exe", b"", size=0).error == "文件为空"
    assert check("a.exe", EXE, size=11 * MB).error == "文件超过 10 MB"


# --- file count ------------------------------------------------------------------------------


def test_six_files_per_record_are_allowed() -> None:
    assert MAX_FILES_PER_RECORD == 6
    assert check_file_count(0, 6) is None
    assert check_file_count(4, 2) is None
    assert check_file_count(6, 0) is None


def test_seventh_file_is_refused_in_chinese() -> None:
    assert check_file_count(6, 1) == "每条记录最多 6 个附件，已达上限"


def test_too_many_new_files_says_how_many_more_fit() -> None:
    assert check_file_count(4, 3) == "每条记录最多 6 个附件，还可以再上传 2 个"
    assert check_file_count(0, 7) == "每条记录最多 6 个附件，还可以再上传 6 个"


# --- display names ---------------------------------------------------------------------------


def test_chinese_names_are_kept() -> None:
    assert safe_display_name("2026年委员讲堂读书分享.jpg") == "2026年委员讲堂读书分享.jpg"


@pytest.mark.parametrize(
    ("filename", "shown"),
    [
        ("/etc/passwd", "passwd"),
        ("../../secret.pdf", "secret.pdf"),
        ("C:\\Users\\张三\\Desktop\\提案.pdf", "提案.pdf"),
    ],
)
def test_paths_are_stripped(filename: str, shown: str) -> None:
    assert safe_display_name(filename) == shown


def test_control_characters_are_stripped() -> None:
    assert safe_display_name("照片\x00\x07\n\r\t1.jpg") == "照片1.jpg"


def test_right_to_left_override_cannot_disguise_an_extension() -> None:
    assert safe_display_name("photo\u202egpj.exe") == "photogpj.exe"
    assert safe_display_name("报\u200b告.pdf") == "报告.pdf"


def test_runs_of_spaces_are_collapsed_and_ends_trimmed() -> None:
    assert safe_display_name("  活动   照片\u3000.jpg  ") == "活动 照片 .jpg"


def test_characters_windows_refuses_are_replaced() -> None:
    assert safe_display_name('a<b>c:d"e|f?g*h.pdf') == "a_b_c_d_e_f_g_h.pdf"


def test_long_names_are_cut_to_100_characters_keeping_the_extension() -> None:
    shown = safe_display_name("很" * 300 + ".pdf")
    assert len(shown) == 100
    assert shown.endswith("很.pdf")


def test_long_name_without_extension_is_cut_to_100_characters() -> None:
    assert safe_display_name("a" * 150) == "a" * 100


@pytest.mark.parametrize("filename", ["", "   ", "/", "..", "dir/", "\x00\x01", "\u202e"])
def test_nothing_left_falls_back_to_attachment(filename: str) -> None:
    assert safe_display_name(filename) == "附件"


# --- pixel limit (pixel bombs) ----------------------------------------------------------------


def test_an_image_at_the_pixel_limit_passes_and_one_pixel_more_is_refused() -> None:
    assert uploads.MAX_IMAGE_PIXELS == 50_000_000
    assert check_image_pixels(10_000, 5_000) is None  # exactly the limit
    assert check_image_pixels(8160, 6120) is None  # a 50 MP phone photo
    error = check_image_pixels(50_000_001, 1)
    assert error == "图片像素过多（50000001×1），最多 5000 万像素，请缩小尺寸后再上传"


def test_a_pixel_bomb_is_refused_with_its_dimensions() -> None:
    error = check_image_pixels(20000, 20000)
    assert error is not None and "20000×20000" in error and "5000 万像素" in error


def test_unknown_or_empty_dimensions_are_refused_without_inventing_a_size() -> None:
    assert check_image_pixels(None, None) == "图片像素过多，最多 5000 万像素，请缩小尺寸后再上传"
    assert check_image_pixels(0, 100) is not None


def test_the_limit_can_be_given() -> None:
    assert check_image_pixels(100, 100, max_pixels=10_000) is None
    assert "最多 1 万像素" in (check_image_pixels(101, 100, max_pixels=10_000) or "")


# --- HEIC (iPhone photos) ----------------------------------------------------------------------

HEIC = b"\x00\x00\x00\x1cftypheic\x00\x00\x00\x00"
HEIF_MIF1 = b"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00"
MP4 = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00"


def test_heic_is_read_from_its_ftyp_brand() -> None:
    assert sniff_kind(HEIC) == "heic"
    assert sniff_kind(HEIF_MIF1) == "heic"
    assert sniff_kind(MP4) is None  # a video is not a photo
    assert SNIFF_BYTES >= 12


@pytest.mark.parametrize("filename", ["IMG_0001.HEIC", "IMG_0001.heif", "照片"])
def test_heic_photos_are_accepted_where_jpg_is(filename: str) -> None:
    assert check(filename, HEIC) == UploadCheck(ok=True, kind="heic")


def test_heic_is_refused_where_only_pdf_is_allowed() -> None:
    result = check("IMG_0001.HEIC", HEIC, allowed=("pdf",))
    assert not result.ok and result.error == "只能上传 PDF 文件"


def test_a_heic_called_jpg_is_refused_as_a_mismatch() -> None:
    result = check("IMG_0001.jpg", HEIC)
    assert not result.ok and "内容却是 HEIC 图片" in (result.error or "")


def test_a_converted_photo_is_shown_under_its_new_extension() -> None:
    assert converted_name("IMG_0001.HEIC", "jpg") == "IMG_0001.jpg"
    assert converted_name("活动照片", "jpg") == "活动照片.jpg"
    assert converted_name("2024.10.1 读书分享", "jpg") == "2024.10.1 读书分享.jpg"


# --- purity ----------------------------------------------------------------------------------


def test_uploads_module_uses_only_the_standard_library() -> None:
    source = open(uploads.__file__, encoding="utf-8").read()
    for banned in ("flask", "sqlalchemy", "PIL", "werkzeug"):
        assert f"import {banned}" not in source
        assert f"from {banned}" not in source
