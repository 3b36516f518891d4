"""A paper sign-in sheet (签到表) typed into .xlsx: check every row against the event's
invitation list first (the preview lists every bad row), then mark all of them present or
none — the shape of the roster import, without its work files: the preview's confirm form
carries the matched members, and the import checks them again."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from ..clock import local_today
from ..domain import attendance as rules
from ..excel import ExcelReadError, read_rows, workbook_bytes
from ..extensions import db
from ..models import Attendance, Member, User
from . import ServiceError, unit_of_work
from .attendance import OWN_ROW, Event, _describe, _organizer, _stamp, event_column
from .audit import audit

HEADERS = {"name": "姓名", "mobile": "手机号"}
MAX_ROWS = 2000
NOT_ON_LIST = "不在本次活动的邀请名单中。"


@dataclass(frozen=True)
class SheetRow:
    line: int
    name: str
    mobile: str
    member_id: int | None = None
    error: str = ""
    already: bool = False  # checked in before: importing changes nothing for them


@dataclass(frozen=True)
class SheetPreview:
    rows: list[SheetRow]

    @property
    def bad_rows(self) -> list[SheetRow]:
        return [r for r in self.rows if r.error]

    @property
    def member_ids(self) -> list[int]:
        return [r.member_id for r in self.rows if r.member_id and not r.already]


def template_bytes() -> bytes:
    return workbook_bytes("签到表", ["姓名*", "手机号"], [], widths=[16, 18])


def _cell(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value or "").strip()


def _invitees(event: Event) -> list[tuple[Attendance, Member]]:
    return list(
        db.session.execute(
            select(Attendance, Member)
            .join(Member, Member.id == Attendance.member_id)
            .where(event_column(event) == event.id)
        ).all()
    )


def signin_sheet_preview(actor: User, event: Event, data: bytes) -> SheetPreview:
    """Every row of the sheet matched to one invitee, or the reason it cannot be."""
    _organizer(actor, event)
    try:
        lines = read_rows(data, HEADERS, required={"name"}, max_rows=MAX_ROWS)
    except ExcelReadError as exc:
        raise ServiceError(str(exc), field="file") from exc
    if not lines:
        raise ServiceError("签到表里没有任何一行。", field="file")
    by_name: dict[str, list[tuple[Attendance, Member]]] = defaultdict(list)
    for row, member in _invitees(event):
        by_name[member.name].append((row, member))
    seen: dict[int, int] = {}
    rows = []
    for line, values in lines:
        name, mobile = _cell(values["name"]), _cell(values["mobile"])
        found = by_name.get(name, [])
        if mobile:
            found = [(r, m) for r, m in found if m.mobile == mobile]
        error = ""
        if not name:
            error = "缺少姓名。"
        elif not found:
            error = "姓名与手机号不符。" if mobile and by_name.get(name) else NOT_ON_LIST
        elif len(found) > 1:
            error = f"名单中有 {len(found)} 位同名委员，请填写手机号区分。"
        elif found[0][1].id in seen:
            error = f"与第 {seen[found[0][1].id]} 行重复。"
        elif found[0][1].id == actor.member_id:
            error = OWN_ROW
        if error:
            rows.append(SheetRow(line, name, mobile, error=error))
            continue
        row, member = found[0]
        seen[member.id] = line
        rows.append(SheetRow(line, name, mobile, member.id, already=row.checked_in_at is not None))
    return SheetPreview(rows)


@unit_of_work
def signin_sheet_import(actor: User, event: Event, member_ids: list[int]) -> int:
    """Mark the previewed members present; all of them, or none if any is no longer on the
    list. Those already checked in keep their check-in. Returns how many were marked."""
    _organizer(actor, event)
    if not member_ids:
        raise ServiceError("没有要导入的签到。")
    rows = {r.member_id: r for r, _m in _invitees(event)}
    if any(m not in rows for m in member_ids):
        raise ServiceError("签到表与邀请名单不再一致，请重新上传。")
    if actor.member_id is not None and actor.member_id in member_ids:
        raise ServiceError(OWN_ROW)
    refusal = rules.not_held_yet(event.held_on, local_today())
    if refusal:
        raise ServiceError(refusal)
    marked = 0
    for member_id in set(member_ids):
        if rows[member_id].checked_in_at is None:
            _stamp(rows[member_id], actor, "import")
            marked += 1
    audit(actor, actor.org_id, "attendance.import", event, f"{_describe(event)} {marked} 人")
    return marked
