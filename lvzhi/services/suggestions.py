"""Numbered suggestions (建议) on any matter — a consultation, a supervision report, a plenary
speech: the secretariat adds them (one per line of a pasted list), edits them and assigns
each to a department; the department answers (outcome, 落实, note, evidence) in its portal,
or the secretariat on its behalf; the secretariat sets many at once, a row at a time
(``suggestion_update``, version-checked) or from the exported sheet uploaded back
(``suggestions_import_preview`` → ``suggestions_import_commit``: every row checked, nothing
written unless every row is valid). Each write is one ``@unit_of_work`` and audited."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import func, select

from ..clock import local_today
from ..domain import loops as rules
from ..domain import suggestions as rules_s
from ..excel import ExcelReadError, read_rows
from ..extensions import db
from ..models import Attachment, Department, Matter, Suggestion, User
from ..models.base import utcnow
from ..models.loops import SUGGESTION_FILES
from . import ServiceError, unit_of_work
from .attachments import CheckedFile, attach_checked
from .audit import audit
from .common import check_version, limited_text
from .loop_parties import acting_party
from .roster_import import _check_token, _take, _work_dir, _write_private, work_cleanup

HEADERS = dict(rules_s.SHEET_COLUMNS)
STALE_UPLOAD = "上传的表格已失效或已导入，请重新上传。"


def _office(actor: User, matter: Matter) -> None:
    acting_party(actor, matter, rules.SECRETARIAT)
    if matter.loop == "proposal":
        raise ServiceError("提案按提案办理答复，不单列建议。")


def _department(actor: User, department: Department | None) -> Department | None:
    if department is not None and department.org_id != actor.org_id:
        raise ServiceError("请选择承办单位。", field="department")
    return department


def _text(text: str) -> str:
    text = limited_text(text, rules_s.TEXT_MAX, "建议内容", "text")
    if not text:
        raise ServiceError("请填写建议内容。", field="text")
    return text


def _add(actor: User, matter: Matter, texts: list[str], department: Department | None):
    last = db.session.scalar(
        select(func.max(Suggestion.number)).where(Suggestion.matter_id == matter.id)
    )
    rows = [
        Suggestion(
            org_id=matter.org_id,
            matter_id=matter.id,
            number=(last or 0) + i,
            text=text,
            department_id=department.id if department else None,
            assigned_on=local_today() if department else None,
        )
        for i, text in enumerate(texts, start=1)
    ]
    db.session.add_all(rows)
    db.session.flush()
    audit(
        actor, matter.org_id, "suggestion.add", matter, f"新增建议 {len(rows)} 条：{matter.title}"
    )
    return rows


@unit_of_work
def suggestions_add(
    actor: User, matter: Matter, text: str, department: Department | None = None
) -> list[Suggestion]:
    """Add the suggestions of a pasted list, one per line (their own numbering dropped),
    numbered on after the matter's last, all assigned to ``department`` if given."""
    _office(actor, matter)
    department = _department(actor, department)
    lines = rules_s.pasted_lines(text)
    if not lines:
        raise ServiceError("请填写建议内容，每行一条。", field="text")
    if len(lines) > rules_s.PASTE_MAX:
        raise ServiceError(f"一次最多添加 {rules_s.PASTE_MAX} 条建议。", field="text")
    for i, line in enumerate(lines, start=1):
        if len(line) > rules_s.TEXT_MAX:
            raise ServiceError(
                f"第 {i} 条建议最多 {rules_s.TEXT_MAX} 字，现有 {len(line)} 字。", field="text"
            )
    repeated = rules_s.repeated_lines(lines, _texts(matter))
    if repeated:
        raise ServiceError(repeated, field="text")
    return _add(actor, matter, lines, department)


def _texts(matter: Matter) -> set[str]:
    """The texts of the matter's suggestions (a matter has tens of them, not thousands)."""
    return set(db.session.scalars(select(Suggestion.text).where(Suggestion.matter_id == matter.id)))


@unit_of_work
def suggestion_add(
    actor: User, matter: Matter, text: str, department: Department | None = None
) -> Suggestion:
    """One numbered suggestion, its text kept whole (line breaks and all)."""
    _office(actor, matter)
    text = _text(text)
    if text in _texts(matter):
        raise ServiceError("该建议已在建议清单中，请勿重复添加。", field="text")
    return _add(actor, matter, [text], _department(actor, department))[0]


def _assign(s: Suggestion, department: Department | None) -> None:
    if (department.id if department else None) != s.department_id:
        s.department_id = department.id if department else None
        s.assigned_on = local_today() if department else None


@unit_of_work
def suggestion_edit(
    actor: User,
    s: Suggestion,
    text: str,
    department: Department | None,
    version: int | None = None,
) -> Suggestion:
    """The secretariat corrects a suggestion's text or (re)assigns it; a new department's
    deadline runs from today."""
    _office(actor, s.matter)
    department = _department(actor, department)
    text = _text(text)
    check_version(s, version)
    s.text = text
    _assign(s, department)
    audit(actor, s.org_id, "suggestion.edit", s, f"修改建议 {s.number}：{s.matter.title}")
    return s


def _stamp(actor: User, s: Suggestion, party: str) -> None:
    s.answered_at, s.answered_by_id, s.answered_party = utcnow(), actor.id, party


def _answer_party(actor: User, s: Suggestion) -> str:
    """The department answering its own suggestion, or the secretariat on its behalf."""
    if actor.org_id != s.org_id:
        raise ServiceError("无权处理该事项。")
    if actor.has_role("department") and actor.department_id == s.department_id:
        return rules.DEPARTMENT
    if actor.has_role("secretariat"):
        return rules.SECRETARIAT
    raise ServiceError("您不能处理此建议。")


@unit_of_work
def suggestion_answer(
    actor: User,
    s: Suggestion,
    outcome: str,
    implemented: bool,
    note: str = "",
    files: list[CheckedFile] | None = None,
    version: int | None = None,
) -> Suggestion:
    """The department's answer (or the secretariat's on its behalf): outcome 采纳 / 部分采纳 /
    未采纳（留作参考）, implemented (落实), a note and evidence files."""
    party = _answer_party(actor, s)
    refusal = rules_s.answer_refusal(outcome, bool(implemented))
    if refusal:
        raise ServiceError(refusal + "。", field="outcome")
    note = limited_text(note, rules_s.NOTE_MAX, "说明", "note")
    check_version(s, version)
    s.outcome, s.implemented, s.note = outcome, bool(implemented), note
    _stamp(actor, s, party)
    if files:
        existing = db.session.scalar(
            select(func.count(Attachment.id)).where(
                Attachment.owner_type == SUGGESTION_FILES, Attachment.owner_id == s.id
            )
        )
        attach_checked(actor, s.org_id, SUGGESTION_FILES, s.id, files, existing or 0)
    words = rules_s.OUTCOMES[outcome] + ("，已落实" if s.implemented else "")
    audit(actor, s.org_id, "suggestion.answer", s, f"建议 {s.number}：{words}（{s.matter.title}）")
    return s


def suggestion_outcome(
    actor: User, s: Suggestion, outcome: str, implemented: bool, version: int | None = None
) -> Suggestion:
    """An answer without note or files (kept for the earlier callers)."""
    return suggestion_answer(actor, s, outcome, implemented, version=version)


@unit_of_work
def suggestion_update(
    actor: User,
    s: Suggestion,
    *,
    department: Department | None,
    outcome: str,
    implemented: bool,
    note: str,
    version: int | None,
) -> Suggestion:
    """One row of the secretariat's bulk table: department, outcome (blank = not yet
    answered), 落实 and note, refused on a stale version (``ConflictError``)."""
    _office(actor, s.matter)
    department = _department(actor, department)
    refusal = rules_s.answer_refusal(outcome, bool(implemented), required=False)
    if refusal:
        raise ServiceError(refusal + "。", field="outcome")
    note = limited_text(note, rules_s.NOTE_MAX, "说明", "note")
    check_version(s, version)
    _set(actor, s, department.id if department else None, outcome, bool(implemented), note)
    audit(actor, s.org_id, "suggestion.update", s, f"更新建议 {s.number}：{s.matter.title}")
    return s


def _set(actor: User, s: Suggestion, department_id, outcome, implemented, note) -> None:
    if department_id != s.department_id:
        s.department_id = department_id
        s.assigned_on = local_today() if department_id else None
    answered = (outcome, implemented, note) != (s.outcome, s.implemented, s.note)
    s.outcome, s.implemented, s.note = outcome, implemented, note
    if not outcome:
        s.answered_at, s.answered_by_id, s.answered_party = None, None, ""
    elif answered:
        _stamp(actor, s, rules.SECRETARIAT)


# --- the .xlsx round trip ----------------------------------------------------------------------


@dataclass
class SheetPreview:
    token: str | None  # set only when every row is valid
    rows: list[rules_s.SheetRow]

    @property
    def bad_rows(self) -> list[rules_s.SheetRow]:
        return [r for r in self.rows if not r.ok]

    @property
    def changed_rows(self) -> list[rules_s.SheetRow]:
        return [r for r in self.rows if r.changed]


def _departments(org_id: int) -> dict[str, int]:
    rows = db.session.execute(
        select(Department.name, Department.id).where(Department.org_id == org_id)
    )
    return dict(rows.all())


def _check(org_id: int, data: bytes) -> tuple[list[rules_s.SheetRow], dict[str, int]]:
    try:
        raw = read_rows(data, HEADERS, rules_s.SHEET_REQUIRED, max_rows=rules_s.IMPORT_MAX_ROWS)
    except ExcelReadError as exc:
        raise ServiceError(str(exc), field="file") from exc
    if not raw:
        raise ServiceError("文件中没有建议。", field="file")
    ids = {i for _line, r in raw if (i := rules_s.sheet_id(r.get("id"))) is not None}
    known = {}
    if ids:
        rows = db.session.execute(
            select(Suggestion, Department.name)
            .outerjoin(Department, Department.id == Suggestion.department_id)
            .where(Suggestion.org_id == org_id, Suggestion.id.in_(ids))
        )
        for s, name in rows:
            known[s.id] = rules_s.Known(s.version, s.outcome, s.implemented, name or "", s.note)
    departments = _departments(org_id)
    return rules_s.check_sheet(raw, known, set(departments)), departments


def _upload_path(actor: User, token: str):
    return _work_dir() / f"suggestions-{actor.org_id}-{actor.id}-{token}.xlsx"


def suggestions_import_preview(actor: User, data: bytes) -> SheetPreview:
    """Check every row of the uploaded sheet; when all are valid keep the file (private, a
    day at most) under a token the confirmation names."""
    if not actor.has_role("secretariat"):
        raise ServiceError("您不能导入建议。")
    work_cleanup()
    rows, _departments_by_name = _check(actor.org_id, data)
    token = None
    if all(r.ok for r in rows):
        token = secrets.token_urlsafe(16)
        _write_private(_upload_path(actor, token), data)
    return SheetPreview(token, rows)


@unit_of_work
def suggestions_import_commit(actor: User, token: str) -> int:
    """Write the previewed sheet: checked again now, and refused whole if any row went bad
    meanwhile (a suggestion changed since the export). Returns how many rows changed."""
    if not actor.has_role("secretariat"):
        raise ServiceError("您不能导入建议。")
    _check_token(token)
    data = _take(_upload_path(actor, token))
    if data is None:
        raise ServiceError(STALE_UPLOAD)
    rows, departments = _check(actor.org_id, data)
    bad = [r for r in rows if not r.ok]
    if bad:
        lines = "、".join(str(r.line) for r in bad[:20])
        raise ServiceError(f"第 {lines} 行在预览后已被他人修改，未写入任何数据，请重新导出。")
    changed = [r for r in rows if r.changed]
    found = {
        s.id: s
        for s in db.session.scalars(
            select(Suggestion).where(
                Suggestion.org_id == actor.org_id,
                Suggestion.id.in_([r.suggestion_id for r in changed]),
            )
        )
    }
    for r in changed:
        s = found[r.suggestion_id]
        dept = departments.get(r.values["department"])
        _set(actor, s, dept, r.outcome, r.implemented, r.values["note"])
    db.session.flush()
    audit(actor, actor.org_id, "suggestion.import", None, f"Excel 更新建议 {len(changed)} 条")
    return len(changed)
