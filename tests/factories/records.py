"""十个一 duty records and items, 十加一 group reports, attendance invitations."""

from __future__ import annotations

from datetime import date

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Member, OfficeGroup, Organization

# --- 十个一 (duties) ---------------------------------------------------------------------------


def gen_duty_items(org: Organization, year: int | None = None) -> list:
    """The ten default items of ``year`` (this year by default)."""
    from lvzhi.selectors.duties import items
    from lvzhi.services.duty_items import duty_items_open_year

    year = year or local_today().year
    duty_items_open_year(org.id, year)
    db.session.flush()
    return items(org.id, year)


def gen_record(
    member: Member,
    code: str = "proposal",
    status: str = "confirmed",
    title: str = "一次履职活动",
    on: date | None = None,
    **kw,
):
    """A duty record of ``member`` under item ``code`` of this year, in ``status``."""
    from lvzhi.models import DutyItem, DutyRecord
    from lvzhi.services.duty_items import duty_items_open_year

    on = on or local_today()
    duty_items_open_year(member.org_id, on.year)
    item = db.session.scalar(
        db.select(DutyItem).where(
            DutyItem.org_id == member.org_id, DutyItem.year == on.year, DutyItem.code == code
        )
    )
    record = DutyRecord(
        org_id=member.org_id,
        member_id=member.id,
        item_id=item.id,
        year=on.year,
        occurred_on=on,
        title=title,
        status=status,
        **kw,
    )
    db.session.add(record)
    db.session.flush()
    return record


# --- 十加一 group reports (issue 4) ---------------------------------------------------------


def gen_group_report(
    group: OfficeGroup,
    year: int,
    month: int,
    status: str = "draft",
    work_items: int = 0,
    quality: int | None = None,
    submitted_at=None,
):
    """A monthly report of ``group`` with its eleven items; the first ``work_items`` have work.

    Submitted/reviewed reports default to being submitted on the 1st of the next month."""
    from datetime import datetime

    from lvzhi.domain.group_reports import DEFAULT_GROUP_ITEMS
    from lvzhi.models import GroupReport, GroupReportEntry

    if status != "draft" and submitted_at is None:
        submitted_at = datetime(year + (month == 12), month % 12 + 1, 1, 2, 0)
    report = GroupReport(
        org_id=group.org_id,
        office_group_id=group.id,
        year=year,
        month=month,
        status=status,
        submitted_at=submitted_at,
        quality=quality,
    )
    for i, (code, _name, _desc) in enumerate(DEFAULT_GROUP_ITEMS):
        worked = i < work_items
        report.entries.append(
            GroupReportEntry(
                item_code=code,
                text=f"{_name}：开展活动" if worked else "",
                activity_count=1 if worked else 0,
                has_work=worked,
            )
        )
    db.session.add(report)
    db.session.flush()
    return report


# --- attendance -----------------------------------------------------------------------------


def gen_invited(event, members, **kw) -> list:
    """Invite ``members`` to a meeting or group activity; ``kw`` sets fields of each row
    (e.g. ``leave_status="requested"``)."""
    from lvzhi.models import Attendance

    rows = [
        Attendance(org_id=event.org_id, member_id=m.id, **{f"{event.source}_id": event.id}, **kw)
        for m in members
    ]
    db.session.add_all(rows)
    db.session.flush()
    return rows
