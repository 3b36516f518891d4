"""Writing 十加一: the year's list and rubric, monthly reports, review, comments, invitations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..clock import local_today
from ..domain import group_reports as rules
from ..domain.uploads import IMAGE_KINDS, OWNER_GROUP_REPORT_ITEM, check_file_count
from ..extensions import db
from ..models import (
    Attachment,
    GroupReport,
    GroupReportEntry,
    Member,
    OfficeGroup,
    User,
)
from ..models.base import utcnow
from ..selectors import group_reports as sel
from . import ConflictError, ServiceError, clash_rollback, unit_of_work
from .audit import audit
from .common import check_version

MAX_TEXT = rules.MAX_ITEM_TEXT
MAX_COUNT = 999


@dataclass
class ItemInput:
    code: str
    text: str = ""
    activity_count: int | None = 0
    participant_ids: list[int] | None = None
    version: int | None = None
    # the item's fingerprint when the form was opened (rules.item_fingerprint)
    base: str | None = None
    # photos picked for the item, uploaded with the save
    photos: list = field(default_factory=list)


@dataclass(frozen=True)
class Saved:
    """What a save of the whole form did. Items someone else changed since the form was
    opened keep the other person's text; ``lost`` holds what this form carried for them
    (code → text), every other item was stored. A submission with lost items is not made
    (``submitted`` is False), so the head sees both texts first."""

    report: GroupReport
    lost: dict[str, str] = field(default_factory=dict)
    submitted: bool = False

    @property
    def conflict(self) -> str:
        """The refusal shown at the top of the form when items were lost, else ""."""
        if not self.lost:
            return ""
        return (
            f"有 {len(self.lost)} 项已被他人修改，您在这些项中输入的内容没有保存，已显示在该项中，"
            "请合并后再保存；其余各项已保存。"
        )


def _refuse_unless(report: GroupReport, action: str, party: str = rules.HEAD) -> None:
    """Refuse, in the workflow's Chinese words, an ``action`` the report's stage does not
    allow ``party`` (``rules.REPORT_WORKFLOW``)."""
    message = rules.REPORT_WORKFLOW.refusal(report.status, action, party)
    if message:
        raise ServiceError(message + "。")


def _move(report: GroupReport, action: str, party: str = rules.HEAD) -> None:
    """Move the report to its stage after ``action`` by ``party``, or refuse."""
    _refuse_unless(report, action, party)
    report.status = rules.REPORT_WORKFLOW.move(report.status, action, party=party)


# --- filing a report ----------------------------------------------------------------------------


def _check_period(year: int, month: int, today: date) -> None:
    if not 1 <= month <= 12 or year < 2000:
        raise ServiceError("月份不正确。")
    if (year, month) > (today.year, today.month):
        raise ServiceError("还不能填报未来月份的报告。")


def _report_for_edit(
    actor: User, group: OfficeGroup, year: int, month: int, today: date
) -> GroupReport:
    """The month's report, created with its eleven empty items on the first save."""
    _check_period(year, month, today)
    report = sel.report_get(group.id, year, month)
    if report is not None:
        return report
    report = GroupReport(org_id=group.org_id, office_group_id=group.id, year=year, month=month)
    report.entries = [GroupReportEntry(item_code=item.code) for item in sel.default_items()]
    db.session.add(report)
    try:
        db.session.flush()
    except IntegrityError:  # someone else created it at the same moment: use theirs
        # (the first write of the service, so nothing of it is lost; no savepoint, as
        # SQLite's driver would commit its release)
        clash_rollback()
        report = sel.report_get(group.id, year, month)
        if report is None:
            raise
    else:
        audit(
            actor,
            group.org_id,
            "group_report.create",
            report,
            f"{group.name} 开始填写{year}年{month}月十加一报告",
        )
    return report


def _apply_item(actor: User, report: GroupReport, data: ItemInput, roster_ids: set[int]) -> None:
    _refuse_unless(report, rules.EDIT)
    entry = next((e for e in report.entries if e.item_code == data.code), None)
    if entry is None:
        raise ServiceError("没有这个工作项目。")
    text = (data.text or "").strip()
    if len(text) > MAX_TEXT:
        raise ServiceError(f"内容不能超过 {MAX_TEXT} 字。", field=f"text_{data.code}")
    count = data.activity_count or 0
    if not 0 <= count <= MAX_COUNT:
        raise ServiceError(f"活动次数应在 0 至 {MAX_COUNT} 之间。", field=f"count_{data.code}")
    ids = set(data.participant_ids or [])
    if ids - roster_ids:
        raise ServiceError("参与委员只能从本室组名册中选择。", field=f"members_{data.code}")
    current_ids = {m.id for m in entry.participants}
    if entry.text == text and entry.activity_count == count and current_ids == ids:
        return  # nothing would change (e.g. the autosave already stored it): no conflict
    stale = data.version is not None and data.version != entry.version
    if stale and data.base and data.base == rules.item_fingerprint(text, count, ids):
        return  # this form did not touch the item: the newer save by someone else stands
    # an entry not yet saved by anyone is at version 1, which the form then carries
    check_version(entry, data.version if data.version is not None else 1)
    actor_id = actor.id
    people = list(db.session.scalars(select(Member).where(Member.id.in_(ids)))) if ids else []
    # one UPDATE (one version step) per saved item: nothing below may trigger an autoflush
    with db.session.no_autoflush:
        entry.text, entry.activity_count = text, count
        entry.has_work = rules.item_has_work(text, count)
        if current_ids != ids:
            entry.participants = people
        entry.updated_by_id = actor_id
        entry.updated_at = utcnow()


def _apply_items(actor: User, report: GroupReport, items: list[ItemInput] | None) -> dict:
    """Apply every item the form carried; an item someone else changed meanwhile is left as
    they saved it and its posted text returned (code → text) instead of failing the rest."""
    lost: dict[str, str] = {}
    if not items:
        return lost
    roster = _roster_ids(report.office_group)
    for data in items:
        try:
            _apply_item(actor, report, data, roster)
        except ConflictError:
            lost[data.code] = (data.text or "").strip()
    return lost


def _check_photos(code: str, files: list) -> list:
    """Check the photos picked for one item — decoding and thumbnailing them — before the
    caller's first database write, so no write transaction waits on an image."""
    from .attachments import attachment_check

    field = f"photos_{code}"
    picked = [f for f in files if f and f.filename]
    too_many = check_file_count(0, len(picked))  # before decoding any
    if too_many:
        raise ServiceError(too_many + "。", field=field)
    checked = [attachment_check(f, field=field) for f in picked]
    others = [c.name for c in checked if c.kind not in IMAGE_KINDS]
    if others:
        shown = "、".join(f"“{name}”" for name in others)
        raise ServiceError(f"{shown}不是照片：这里只能上传照片（JPG 或 PNG）。", field=field)
    return checked


def _checked_photos(items: list[ItemInput] | None) -> dict[str, list]:
    """Every item's picked photos, checked (see _check_photos)."""
    return {
        data.code: _check_photos(data.code, data.photos)
        for data in items or []
        if any(f and f.filename for f in data.photos)
    }


PHOTO_REPEAT_WINDOW = timedelta(minutes=10)


def _attach_photos(actor: User, report: GroupReport, code: str, checked: list) -> int:
    """Store one item's checked photos (inside the caller's transaction). A photo the same
    person attached to the item moments ago — same name, same size — is the same post sent
    twice (a double tap without JavaScript): it is not stored again."""
    from .attachments import attach_checked, attachment_count

    entry = next((e for e in report.entries if e.item_code == code), None)
    if entry is None:
        raise ServiceError("没有这个工作项目。")
    recent = set(
        db.session.execute(
            select(Attachment.display_name, Attachment.size).where(
                Attachment.owner_type == OWNER_GROUP_REPORT_ITEM,
                Attachment.owner_id == entry.id,
                Attachment.uploaded_by_id == actor.id,
                Attachment.created_at >= utcnow() - PHOTO_REPEAT_WINDOW,
            )
        ).all()
    )
    checked = [c for c in checked if (c.name, len(c.data)) not in recent]
    if not checked:
        return 0
    existing = attachment_count(OWNER_GROUP_REPORT_ITEM, entry.id)
    attach_checked(
        actor, report.org_id, OWNER_GROUP_REPORT_ITEM, entry.id, checked, existing, f"photos_{code}"
    )
    return len(checked)


def _save_items(
    actor: User, report: GroupReport, items: list[ItemInput] | None, photos: dict[str, list]
) -> dict:
    """The whole form: every item's text and the photos picked for it, conflicts aside."""
    if items:
        _refuse_unless(report, rules.EDIT)
    lost = _apply_items(actor, report, items)
    for code, checked in photos.items():
        _attach_photos(actor, report, code, checked)
    return lost


def _roster_ids(group: OfficeGroup) -> set[int]:
    return set(db.session.scalars(select(Member.id).where(Member.office_group_id == group.id)))


@unit_of_work
def report_save_item(
    actor: User,
    group: OfficeGroup,
    year: int,
    month: int,
    data: ItemInput,
    today: date | None = None,
) -> GroupReport:
    """Autosave one item of the month's draft (creating the report on the first save)."""
    report = _report_for_edit(actor, group, year, month, today or local_today())
    _apply_item(actor, report, data, _roster_ids(group))
    return report


@unit_of_work
def report_save_all(
    actor: User,
    group: OfficeGroup,
    year: int,
    month: int,
    items: list[ItemInput],
    today: date | None = None,
) -> Saved:
    """Save every item at once with the photos picked for them (the whole form). Items
    someone else changed meanwhile are kept as they saved them (``Saved.lost``)."""
    photos = _checked_photos(items)
    report = _report_for_edit(actor, group, year, month, today or local_today())
    lost = _save_items(actor, report, items, photos)
    audit(
        actor,
        group.org_id,
        "group_report.save",
        report,
        f"{group.name} 保存{report.period_label}报告草稿",
    )
    return Saved(report, lost)


@unit_of_work
def report_submit(
    actor: User,
    group: OfficeGroup,
    year: int,
    month: int,
    items: list[ItemInput] | None = None,
    now: datetime | None = None,
    today: date | None = None,
) -> Saved:
    """Save what the form carries (photos too), then submit: late after the year's due day
    (still allowed). When someone else changed an item meanwhile, the rest is saved and the
    report is not submitted (``Saved.lost``), so the head sees both texts first."""
    photos = _checked_photos(items)
    report = _report_for_edit(actor, group, year, month, today or local_today())
    _refuse_unless(report, rules.SUBMIT)
    lost = _save_items(actor, report, items, photos)
    if lost:
        return Saved(report, lost)
    db.session.flush()  # an autosave of the same item landed in between: ConflictError
    if not any(e.has_work for e in report.entries):
        raise ServiceError("报告还是空的：请至少填写一项工作内容后再报送。")
    _move(report, rules.SUBMIT)
    report.submitted_at = now or utcnow()
    report.submitted_by_id = actor.id
    rubric = sel.rubric_for(group.org_id, year)
    late = rules.is_late(sel.to_local(report.submitted_at), year, month, rubric)
    audit(
        actor,
        group.org_id,
        "group_report.submit",
        report,
        f"{group.name} 报送{report.period_label}十加一报告{'（逾期）' if late else ''}",
    )
    return Saved(report, submitted=True)


@unit_of_work
def report_withdraw(actor: User, report: GroupReport, version: int | None) -> None:
    """The head takes a submitted report back to draft — only until it is reviewed."""
    check_version(report, version)
    _move(report, rules.WITHDRAW)
    report.submitted_at = None
    report.submitted_by_id = None
    audit(
        actor,
        report.org_id,
        "group_report.withdraw",
        report,
        f"{report.office_group.name} 撤回{report.period_label}报告",
    )


@unit_of_work
def report_photo_add(
    actor: User,
    group: OfficeGroup,
    year: int,
    month: int,
    code: str,
    files: list,
    items: list[ItemInput] | None = None,
    today: date | None = None,
) -> Saved:
    """Attach photos (JPG/PNG, checked by their bytes) to one item of a draft report, saving
    the items the form carried first so nothing typed is lost (``Saved.lost`` for items
    someone else changed meanwhile)."""
    if not any(f and f.filename for f in files):
        raise ServiceError("请选择要上传的照片。", field=f"photos_{code}")
    checked = _check_photos(code, files)  # decoded and thumbnailed before any database write
    report = _report_for_edit(actor, group, year, month, today or local_today())
    if not rules.report_can_edit(report.status):
        raise ServiceError(f"报告{report.status_label}，不能再添加照片。")
    lost = _apply_items(actor, report, items)
    _attach_photos(actor, report, code, checked)
    return Saved(report, lost)


@unit_of_work
def report_photo_remove(
    actor: User, report: GroupReport, attachment, items: list[ItemInput] | None = None
) -> Saved:
    """Remove a photo from an item of a draft report, saving the items the form carried
    first (without JavaScript the delete button posts the whole form) so nothing typed is
    lost (``Saved.lost`` for items someone else changed meanwhile)."""
    from .attachments import detach

    entry_ids = {e.id for e in report.entries}
    if attachment.owner_type != OWNER_GROUP_REPORT_ITEM or attachment.owner_id not in entry_ids:
        raise ServiceError("照片不属于这份报告。")
    if not rules.report_can_edit(report.status):
        raise ServiceError(f"报告{report.status_label}，不能再删除照片。")
    lost = _apply_items(actor, report, items)
    detach(actor, attachment)
    return Saved(report, lost)
