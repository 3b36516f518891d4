"""Excel in and out with openpyxl: every table page can export, the roster can import."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from flask import Response
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExcelReadError(Exception):
    pass


# reading limits for uploaded workbooks: the sum of the sizes the zip declares for its parts
# (what parsing will have to read), and the columns looked at in each row
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_READ_COLUMNS = 50
UNREADABLE = "无法读取该文件，请使用下载的 .xlsx 模板填写后上传。"


def _check_unpacked_size(data: bytes) -> None:
    """Refuse a zip bomb by its central directory, before any part of it is inflated.
    (Python's zipfile never inflates a part past the size declared there.)"""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExcelReadError(UNREADABLE) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ExcelReadError(
            f"该文件解压后超过 {MAX_UNPACKED_BYTES // (1024 * 1024)} MB，无法读取；"
            "请只保留要导入的数据，或使用下载的 .xlsx 模板填写后上传。"
        )


def workbook_bytes(
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    widths: Sequence[int] | None = None,
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(list(headers))
    _style_header(ws[1])
    for row in rows:
        ws.append([_as_cell(value) for value in row])
    _text_as_text(ws)
    for i, header in enumerate(headers, start=1):
        width = widths[i - 1] if widths else max(10, len(str(header)) * 2 + 4)
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _style_header(cells) -> None:
    for cell in cells:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE8F3")
        cell.alignment = Alignment(horizontal="center")


def _text_as_text(ws) -> None:
    for sheet_row in ws.iter_rows():
        for cell in sheet_row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text is always text: "=1+1" is never a formula


# one table of a sheet: its title, header row and rows
Block = tuple[str, Sequence[str], Iterable[Sequence]]


def workbook_sheets_bytes(sheets: Sequence[tuple[str, Sequence[Block]]]) -> bytes:
    """A workbook of several sheets, each holding its tables one under another: a bold title
    line, the header row, the rows, a blank line."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, blocks in sheets:
        ws = wb.create_sheet(name[:31])
        widest: dict[int, int] = {}
        for title, headers, rows in blocks:
            ws.append([_as_cell(title)])
            ws.cell(ws.max_row, 1).font = Font(bold=True, size=13)
            ws.append(list(headers))
            _style_header(ws[ws.max_row])
            for row in rows:
                ws.append([_as_cell(value) for value in row])
            ws.append([])
            for i, header in enumerate(headers, start=1):
                widest[i] = max(widest.get(i, 10), len(str(header)) * 2 + 4)
        _text_as_text(ws)
        for i, width in widest.items():
            ws.column_dimensions[get_column_letter(i)].width = min(width, 40)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _as_cell(value):
    """Text as the user typed it, minus the control characters a spreadsheet cannot hold; a
    line break is stored as LF (XML reads a bare CR as LF anyway)."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value


def xlsx_response(filename: str, data: bytes) -> Response:
    response = Response(data, mimetype=XLSX_MIME)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=export.xlsx; filename*=UTF-8''{quote(filename)}"
    )
    return response


def read_rows(
    data: bytes,
    headers: dict[str, str],
    required: set[str] | None = None,
    max_rows: int | None = None,
) -> list[tuple[int, dict[str, object]]]:
    """Read the first sheet; map its header row (Chinese labels, a trailing * allowed) to
    keys. Returns (spreadsheet line number, {key: value}) for each non-empty row; columns
    not in the file read as None, but a missing ``required`` column is an error. More than
    ``max_rows`` non-empty rows, or a file that unpacks too large, is refused unread."""
    _check_unpacked_size(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a non-xlsx file
        raise ExcelReadError(UNREADABLE) from exc
    try:
        return _sheet_rows(wb, headers, required, max_rows)
    except ExcelReadError:
        raise
    except Exception as exc:  # a broken sheet part only shows while it is read
        raise ExcelReadError(UNREADABLE) from exc
    finally:
        wb.close()


def _sheet_rows(
    wb, headers: dict[str, str], required: set[str] | None, max_rows: int | None
) -> list[tuple[int, dict[str, object]]]:
    if not wb.worksheets:
        raise ExcelReadError("文件是空的。")
    rows = wb.worksheets[0].iter_rows(values_only=True, max_col=MAX_READ_COLUMNS)
    try:
        header_row = next(rows)
    except StopIteration as exc:
        raise ExcelReadError("文件是空的。") from exc
    by_label = {label: key for key, label in headers.items()}
    positions: dict[int, str] = {}
    for idx, cell in enumerate(header_row):
        label = str(cell or "").strip().rstrip("*")
        if label in by_label:
            positions[idx] = by_label[label]
    needed = headers if required is None else {k: v for k, v in headers.items() if k in required}
    missing = [label for key, label in needed.items() if key not in positions.values()]
    if missing:
        raise ExcelReadError(f"表头缺少列：{'、'.join(missing)}。请使用下载的模板。")
    result = []
    for line, row in enumerate(rows, start=2):
        values: dict[str, object] = dict.fromkeys(headers)
        values.update({key: row[idx] if idx < len(row) else None for idx, key in positions.items()})
        if any(str(v or "").strip() for v in values.values()):
            if max_rows is not None and len(result) == max_rows:
                raise ExcelReadError(
                    f"一个文件最多导入 {max_rows} 行，该文件超出了；请分成几个文件分别导入。"
                )
            result.append((line, values))
    return result
