"""Numbered suggestions (建议) of a consultation, supervision report or plenary speech, pure:
the outcomes, what counts as "采纳落实", reading a pasted list (one suggestion a line) and
checking the rows of an uploaded suggestions sheet (every problem of every row, nothing stops
at the first) — the all-or-nothing import writes only when no row has an error."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OUTCOMES: dict[str, str] = {
    "adopted": "采纳",
    "partly": "部分采纳",
    "not_adopted": "未采纳（留作参考）",
}
ADOPTED = ("adopted", "partly")  # "采纳" in the headline counts partly adopted too
YES, NO = "是", "否"
TEXT_MAX = 2000
NOTE_MAX = 2000
PASTE_MAX = 100  # suggestions added in one paste
IMPORT_MAX_ROWS = 2000

# the exported sheet, which is also the upload's template: (key, header)
SHEET_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "编号"),
    ("matter", "事项"),
    ("number", "序号"),
    ("text", "建议内容"),
    ("department", "承办单位"),
    ("outcome", "采纳情况"),
    ("implemented", "是否落实"),
    ("note", "说明"),
    ("version", "版本"),
)
SHEET_REQUIRED = {"id", "outcome", "implemented", "version"}

# "1." "1、" "(1)" "（一）" "一、" "第一条" "1)" and bullets before a pasted line
_NUMBERING = re.compile(
    r"^\s*(?:[（(]?\s*(?:\d{1,3}|[一二三四五六七八九十百]{1,4})\s*[)）]|"
    r"第?(?:\d{1,3}|[一二三四五六七八九十百]{1,4})\s*(?:条|[.、．:：])|[-•·*])\s*"
)


def is_adopted(outcome: str) -> bool:
    return outcome in ADOPTED


def answer_refusal(outcome: str, implemented: bool, *, required: bool = True) -> str | None:
    """Why an answer is refused (Chinese), None if it stands: an outcome is required (unless
    clearing is allowed), and a suggestion not adopted cannot be implemented."""
    if outcome and outcome not in OUTCOMES:
        return "请选择采纳情况"
    if not outcome and (required or implemented):
        return "请选择采纳情况"
    if implemented and not is_adopted(outcome):
        return "未采纳的建议不能标为已落实"
    return None


def pasted_lines(text: str) -> list[str]:
    """One suggestion per non-empty line, its own numbering ("1." "（一）" …) removed, so a
    list copied from a report is numbered again in order."""
    found = []
    for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        clean = _NUMBERING.sub("", line, count=1).strip()
        if clean:
            found.append(clean)
    return found


def repeated_lines(lines: list[str], known: set[str]) -> str | None:
    """Why a pasted list cannot be added as it is: lines already in the matter's list (a
    double tap, or the same list pasted again) and lines that repeat an earlier one of the
    paste; None when every line is new. Numbers are the lines' places in the paste."""
    there = [n for n, line in enumerate(lines, 1) if line in known]
    first: dict[str, int] = {}
    twice = []
    for n, line in enumerate(lines, 1):
        if line in first:
            twice.append(f"第 {n} 条建议与第 {first[line]} 条相同")
        else:
            first[line] = n
    reasons = []
    if there:
        reasons.append(f"第 {'、'.join(map(str, there))} 条建议已在建议清单中，请勿重复添加")
    return "；".join(reasons + twice) + "。" if reasons or twice else None


@dataclass
class Known:
    """What the database says about a suggestion an uploaded row names."""

    version: int
    outcome: str
    implemented: bool
    department: str  # its department's name, "" if none
    note: str


@dataclass
class SheetRow:
    line: int  # the spreadsheet row number a person sees
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)
    suggestion_id: int | None = None
    outcome: str = ""
    implemented: bool = False
    changed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\x00", "").strip()


def _whole_number(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def sheet_id(value: object) -> int | None:
    """The suggestion id a row's 编号 cell names, None if it is not a plain number."""
    return _whole_number(_text(value))


def check_sheet(
    rows: list[tuple[int, dict[str, object]]],
    known: dict[int, Known],
    departments: set[str],
) -> list[SheetRow]:
    """Check every uploaded row against ``known`` (the organization's suggestions by id) and
    the department names; mark which rows change something."""
    by_label = {label: key for key, label in OUTCOMES.items()}
    by_label["留作参考"] = "not_adopted"
    by_label["未采纳"] = "not_adopted"
    checked, seen = [], {}
    for line, raw in rows:
        v = {key: _text(raw.get(key)) for key, _label in SHEET_COLUMNS}
        row = SheetRow(line, v)
        sid = _whole_number(v["id"])
        if sid is None or sid not in known:
            row.errors.append(f"编号“{v['id'] or '（空）'}”不是本单位的建议，请勿修改编号列")
        elif sid in seen:
            row.errors.append(f"编号 {sid} 与第 {seen[sid]} 行重复")
        else:
            seen[sid] = line
            row.suggestion_id = sid
        found = by_label.get(v["outcome"], None if v["outcome"] else "")
        if found is None:
            row.errors.append(f"采纳情况“{v['outcome']}”应为：{'、'.join(OUTCOMES.values())}或留空")
        if v["implemented"] not in (YES, NO, ""):
            row.errors.append(f"是否落实“{v['implemented']}”应为“是”或“否”")
        outcome, implemented = found or "", v["implemented"] == YES
        refusal = answer_refusal(outcome, implemented, required=False)
        if refusal and found is not None:
            row.errors.append(refusal)
        if v["department"] and v["department"] not in departments:
            row.errors.append(f"承办单位“{v['department']}”不在单位名录中")
        if len(v["note"]) > NOTE_MAX:
            row.errors.append(f"说明最多 {NOTE_MAX} 字（现有 {len(v['note'])} 字）")
        row.outcome, row.implemented = outcome, implemented
        if row.suggestion_id is not None:
            was = known[row.suggestion_id]
            if _whole_number(v["version"]) != was.version:
                row.errors.append("该建议在导出后已被修改，请重新导出后再填写")
            row.changed = (outcome, implemented, v["department"], v["note"]) != (
                was.outcome,
                was.implemented,
                was.department,
                was.note,
            )
        checked.append(row)
    return checked
