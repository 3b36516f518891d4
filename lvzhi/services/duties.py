"""Duty records (履职记录): create, edit, submit, withdraw, confirm, return, and the automatic
credit the closed loops give (``duty_credit`` / ``duty_credit_withdraw``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..auth.permissions import can_review_record
from ..clock import local_today
from ..domain import duties as rules
from ..domain.uploads import OWNER_DUTY_RECORD, check_file_count
from ..extensions import db
from ..models import Attachment, DutyItem, DutyRecord, Member, User
from ..models.base import utcnow
from . import ServiceError, clash_rollback, unit_of_work
from .attachments import CheckedFile, attach_checked, attachment_count, detach, files_written
from .audit import audit
from .common import check_version
from .duty_items import duty_items_open_year


@dataclass(frozen=True)
class DutySource:
    """What a closed loop credits from: e.g. ("proposal", 12, "关于…的提案", "/…/12")."""

    source_type: str
    source_id: int
    title: str
    url: str = ""


def _move(
    record: DutyRecord, action: str, reason: str | None = None, party: str = rules.OWNER
) -> None:
    """Apply a workflow action (``rules.RECORD_WORKFLOW``) taken by ``party``; a submission
    is stamped with its time."""
    try:
        record.status = rules.transition(
            record.status, action, reason=reason, automatic=record.automatic, party=party
        )
    except rules.TransitionError as exc:
        raise ServiceError(exc.message + "。") from exc
    if action == rules.SUBMIT:
        record.submitted_at = utcnow()


def _own(actor: User, record: DutyRecord) -> None:
    if actor.member_id is None or record.member_id != actor.member_id:
        raise ServiceError("只能处理本人的履职记录。")


def _clean(occurred_on: date | None, title: str, item: DutyItem) -> str:
    title = (title or "").strip()
    if not title:
        raise ServiceError("请填写活动名称。", field="title")
    if occurred_on is None:
        raise ServiceError("请填写活动日期。", field="occurred_on")
    if occurred_on.year != item.year:
        raise ServiceError(f"活动日期应在 {item.year} 年内。", field="occurred_on")
    if occurred_on > local_today():
        raise ServiceError("活动日期不能晚于今天。", field="occurred_on")
    return title


def _store(actor, record, files, existing=0) -> None:
    rows = attach_checked(actor, record.org_id, OWNER_DUTY_RECORD, record.id, files, existing)
    record.attachment_count = existing + len(rows)


class AlreadySubmitted(ServiceError):
    """The activity arrived again (a double tap, or Back then 提交确认 once more): nothing
    was created; ``record`` is the one already there."""

    def __init__(self, record: DutyRecord):
        super().__init__(rules.repeat_notice(record.status))
        self.record = record


def _by_token(member: Member, token: str) -> DutyRecord | None:
    return db.session.scalar(
        select(DutyRecord).where(
            DutyRecord.member_id == member.id, DutyRecord.request_token == token
        )
    )


def _same_recent(
    member: Member, item: DutyItem, occurred_on: date, title: str, body: str
) -> DutyRecord | None:
    """The member's identical record of this item, created within ``rules.REPEAT_WINDOW``."""
    return db.session.scalar(
        select(DutyRecord)
        .where(
            DutyRecord.member_id == member.id,
            DutyRecord.item_id == item.id,
            DutyRecord.occurred_on == occurred_on,
            DutyRecord.title == title,
            DutyRecord.body == body,
            DutyRecord.source_type.is_(None),
            DutyRecord.created_at >= utcnow() - rules.REPEAT_WINDOW,
        )
        .order_by(DutyRecord.id)
        .limit(1)
    )


@unit_of_work
def duty_record_create(
    actor: User,
    member: Member,
    item: DutyItem,
    occurred_on: date | None,
    title: str,
    body: str,
    files: list[CheckedFile],
    token: str,
    submit: bool,
) -> DutyRecord:
    """A member logs an activity (draft, or submitted at once).

    The same activity never makes two records: the form's one-time ``token`` catches a double
    tap, and an identical record (item, date, title, text) created in the last
    ``rules.REPEAT_WINDOW`` catches Back-then-submit, where the browser restores the typed
    text under a fresh token. Both raise ``AlreadySubmitted`` with the existing record."""
    if actor.member_id != member.id or member.org_id != item.org_id:
        raise ServiceError("只能为本人登记履职记录。")
    if item.retired:
        raise ServiceError("该事项已停用，不能再登记。")
    token = (token or "").strip()[:64] or None
    existing = _by_token(member, token) if token else None
    if existing is not None:
        raise AlreadySubmitted(existing)
    title = _clean(occurred_on, title, item)
    body = (body or "").strip()
    too_many = check_file_count(0, len(files))
    if too_many:
        raise ServiceError(too_many + "。", field="files")
    existing = _same_recent(member, item, occurred_on, title, body)
    if existing is not None:
        raise AlreadySubmitted(existing)
    with files_written(files) as written:  # before the first database write
        record = DutyRecord(
            org_id=member.org_id,
            member_id=member.id,
            item_id=item.id,
            year=item.year,
            occurred_on=occurred_on,
            title=title,
            body=body,
            status=rules.DRAFT,
            created_by_id=actor.id,
            request_token=token,
        )
        db.session.add(record)
        try:
            db.session.flush()
        except IntegrityError as exc:  # the same token arrived twice at once
            # (no savepoint: SQLite's driver would commit its release) — the unit is
            # refused anyway, so end it here and read the record that came first
            clash_rollback()
            raise AlreadySubmitted(_by_token(member, token)) from exc
        _store(actor, record, written)
        if submit:
            _move(record, rules.SUBMIT)
        audit(
            actor,
            record.org_id,
            "duty_record.create",
            record,
            f"{member.name} 登记 {item.name}：{_logged_title(record)}"
            + ("" if record.status == rules.DRAFT else f"（{record.status_label}）"),
        )
        db.session.flush()  # a clash shows while the written files can still go
    return record


def _logged_title(record: DutyRecord) -> str:
    """How the audit log names a record: a draft is its member's alone, title and all."""
    return "（草稿）" if record.status == rules.DRAFT else record.title


@unit_of_work
def duty_record_update(
    actor: User,
    record: DutyRecord,
    occurred_on: date | None,
    title: str,
    body: str,
    files: list[CheckedFile],
    remove_ids: list[int],
    submit: bool,
    version: int | None,
) -> DutyRecord:
    """Edit a draft or returned record (and resubmit it when ``submit``)."""
    _own(actor, record)
    check_version(record, version)
    with files_written(files) as written:  # before the first database write
        _move(record, rules.EDIT)
        record.title = _clean(occurred_on, title, record.item)
        record.occurred_on, record.body = occurred_on, (body or "").strip()
        if remove_ids:
            for a in db.session.scalars(
                select(Attachment).where(
                    Attachment.owner_type == OWNER_DUTY_RECORD,
                    Attachment.owner_id == record.id,
                    Attachment.id.in_(remove_ids),
                )
            ):
                detach(actor, a)
            db.session.flush()
        _store(actor, record, written, attachment_count(OWNER_DUTY_RECORD, record.id))
        if submit:
            _move(record, rules.SUBMIT)
        audit(
            actor,
            record.org_id,
            "duty_record.update",
            record,
            f"修改履职记录 {_logged_title(record)}{'并提交' if submit else ''}",
        )
        db.session.flush()  # a clash shows while the written files can still go
    return record


@unit_of_work
def duty_record_submit(actor: User, record: DutyRecord, version: int | None = None) -> None:
    _own(actor, record)
    check_version(record, version)
    _move(record, rules.SUBMIT)
    audit(actor, record.org_id, "duty_record.submit", record, f"提交履职记录 {record.title}")


@unit_of_work
def duty_record_withdraw(actor: User, record: DutyRecord, version: int | None = None) -> None:
    _own(actor, record)
    check_version(record, version)
    _move(record, rules.WITHDRAW_TO_DRAFT)
    audit(actor, record.org_id, "duty_record.withdraw", record, f"撤回履职记录 {record.title}")


@unit_of_work
def duty_record_delete(actor: User, record: DutyRecord, version: int | None = None) -> None:
    """Delete a draft or returned record and its files (submitted/confirmed ones stay)."""
    _own(actor, record)
    check_version(record, version)
    _move(record, rules.DELETE)
    files = list(
        db.session.scalars(
            select(Attachment).where(
                Attachment.owner_type == OWNER_DUTY_RECORD, Attachment.owner_id == record.id
            )
        )
    )
    for a in files:
        detach(actor, a)
    audit(
        actor, record.org_id, "duty_record.delete", record, f"删除履职记录 {_logged_title(record)}"
    )
    db.session.delete(record)


def _decide(actor: User, record: DutyRecord, role: str, action: str, reason: str = "") -> None:
    if not can_review_record(actor, record, role):
        raise ServiceError("您无权确认该委员的履职记录。")
    _move(record, action, reason, party=rules.REVIEWER)
    record.decided_at, record.decided_by_id = utcnow(), actor.id
    record.return_reason = reason.strip() if action == rules.RETURN else ""


@unit_of_work
def duty_record_confirm(
    actor: User, record: DutyRecord, role: str, version: int | None = None
) -> None:
    check_version(record, version)
    _decide(actor, record, role, rules.CONFIRM)
    audit(
        actor,
        record.org_id,
        "duty_record.confirm",
        record,
        f"确认 {record.member.name} 的履职记录 {record.title}",
    )


@unit_of_work
def duty_record_confirm_many(actor: User, records: list[DutyRecord], role: str) -> int:
    """Bulk confirm from the pending list: every record must be confirmable, or none is."""
    for record in records:
        _decide(actor, record, role, rules.CONFIRM)
    if records:
        audit(
            actor,
            actor.org_id,
            "duty_record.confirm_many",
            None,
            f"批量确认履职记录 {len(records)} 条",
        )
    return len(records)


@unit_of_work
def duty_record_return(
    actor: User, record: DutyRecord, role: str, reason: str, version: int | None = None
) -> None:
    check_version(record, version)
    if not (reason or "").strip():
        raise ServiceError(rules.RETURN_REASON_REQUIRED + "。", field="reason")
    _decide(actor, record, role, rules.RETURN, reason)
    audit(
        actor,
        record.org_id,
        "duty_record.return",
        record,
        f"退回 {record.member.name} 的履职记录 {record.title}：{reason.strip()}",
    )


# --- automatic credit from the closed loops --------------------------------------------------


@unit_of_work
def duty_credit(
    member: Member,
    item_code: str,
    source: DutySource,
    occurred_on: date,
    actor: User | None = None,
) -> DutyRecord | None:
    """Credit ``member``'s item ``item_code`` of ``occurred_on``'s year from ``source``
    (None when that year's list has no such item: a year may drop one).

    Creates a confirmed, automatic record linked to the source. Idempotent: the same source
    credits a member's item once (a second call returns the first record). Called inside a
    closed loop's own service, it joins that service's transaction.
    """
    year = occurred_on.year
    duty_items_open_year(member.org_id, year)
    item = db.session.scalar(
        select(DutyItem).where(
            DutyItem.org_id == member.org_id, DutyItem.year == year, DutyItem.code == item_code
        )
    )
    if item is None:  # the year's list dropped the item: nothing to credit, the loop goes on
        return None
    found = db.session.scalar(
        select(DutyRecord).where(
            DutyRecord.member_id == member.id,
            DutyRecord.item_id == item.id,
            DutyRecord.source_type == source.source_type,
            DutyRecord.source_id == source.source_id,
        )
    )
    if found is not None:
        return found
    now = utcnow()
    record = DutyRecord(
        org_id=member.org_id,
        member_id=member.id,
        item_id=item.id,
        year=year,
        occurred_on=occurred_on,
        title=source.title[:120],
        body="",
        status=rules.CONFIRMED,
        submitted_at=now,
        decided_at=now,
        created_by_id=actor.id if actor else None,
        source_type=source.source_type,
        source_id=source.source_id,
        source_title=source.title[:200],
        source_url=source.url[:300],
    )
    db.session.add(record)
    db.session.flush()
    audit(
        actor,
        member.org_id,
        "duty_record.credit",
        record,
        f"自动记入 {member.name} {item.name}：{source.title}",
    )
    return record


@unit_of_work
def duty_credit_withdraw(
    source: DutySource,
    member: Member | None = None,
    actor: User | None = None,
    item_code: str | None = None,
) -> int:
    """Withdraw the credit a source gave (for everyone, or one ``member``; every item, or the
    one ``item_code``); returns how many records were removed."""
    stmt = select(DutyRecord).where(
        DutyRecord.source_type == source.source_type, DutyRecord.source_id == source.source_id
    )
    if member is not None:
        stmt = stmt.where(DutyRecord.member_id == member.id)
    if item_code is not None:
        stmt = stmt.where(
            DutyRecord.item_id.in_(select(DutyItem.id).where(DutyItem.code == item_code))
        )
    rows = list(db.session.scalars(stmt))
    for record in rows:
        audit(
            actor,
            record.org_id,
            "duty_record.credit_withdraw",
            record,
            f"撤销自动记入：{record.source_title}",
        )
        db.session.delete(record)
    return len(rows)
