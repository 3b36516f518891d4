"""The year's 十加一 configuration, set by the secretariat: the rubric, the eleven items' names
and descriptions, and each office group's 特色 item."""

from __future__ import annotations

from ..domain import group_reports as rules
from ..domain.group_reports import (
    Rubric,
)
from ..extensions import db
from ..models import (
    GroupReportItem,
    GroupReportRubric,
    GroupSignatureItem,
    OfficeGroup,
    User,
)
from ..selectors import group_reports as sel
from . import ServiceError, unit_of_work
from .audit import audit
from .common import check_version, limited_text

# --- the year's configuration -------------------------------------------------------------------


@unit_of_work
def rubric_save(actor: User, year: int, values: dict[str, int], version: int | None) -> None:
    """Set the year's weights, due day and flag count (validated by domain.Rubric)."""
    try:
        Rubric(**values)
    except (TypeError, ValueError) as exc:
        raise ServiceError(str(exc)) from exc
    row = sel.rubric_row(actor.org_id, year)
    if row is None:
        row = GroupReportRubric(org_id=actor.org_id, year=year)
        db.session.add(row)
    else:
        check_version(row, version)
    for key, value in values.items():
        setattr(row, key, value)
    audit(
        actor,
        actor.org_id,
        "group_report.rubric",
        row,
        f"{year}年十加一评分规则：覆盖{values['coverage_weight']}、质量{values['quality_max']}、"
        f"及时{values['timeliness_weight']}，每月{values['due_day']}日截止，"
        f"前后各标记{values['flag_count']}个室组",
    )


@unit_of_work
def items_save(
    actor: User, year: int, names: dict[str, tuple[str, str]], versions: dict[str, int | None]
) -> None:
    """Rename / describe the year's eleven items; codes stay, so reports keep their items."""
    saved = sel.item_rows(actor.org_id, year)
    current = {i.code: i for i in sel.items_for(actor.org_id, year)}
    for position, item in enumerate(sel.default_items(), start=1):
        shown = current[item.code]
        name, description = names.get(item.code, (shown.name, shown.description))
        name = limited_text(
            name, rules.MAX_ITEM_NAME, f"第 {position} 项的名称", f"name_{item.code}"
        )
        description = limited_text(
            description, rules.MAX_ITEM_DESCRIPTION, f"第 {position} 项的说明", f"desc_{item.code}"
        )
        if not name:
            raise ServiceError(f"第 {position} 项的名称不能为空。", field=f"name_{item.code}")
        row = saved.get(item.code)
        if row is None:
            row = GroupReportItem(org_id=actor.org_id, year=year, code=item.code, position=position)
            db.session.add(row)
        else:
            check_version(row, versions.get(item.code))
        row.name, row.description = name, description
    audit(actor, actor.org_id, "group_report.items", None, f"修改{year}年十加一工作清单")


@unit_of_work(duplicate="本年度特色工作已由他人保存，请刷新后再改。")
def signature_save(
    actor: User, group: OfficeGroup, year: int, name: str, description: str, version: int | None
) -> GroupSignatureItem:
    """The group names and describes its own 特色 item for the year."""
    name = limited_text(name, rules.MAX_ITEM_NAME, "特色工作名称", "name")
    description = limited_text(description, rules.MAX_ITEM_DESCRIPTION, "简要说明", "description")
    if not name:
        raise ServiceError("请填写特色工作的名称。", field="name")
    row = sel.signature_for(group.id, year)
    if row is None:
        row = GroupSignatureItem(org_id=group.org_id, office_group_id=group.id, year=year)
        db.session.add(row)
    else:
        check_version(row, version)
    row.name, row.description = name, description
    audit(
        actor,
        group.org_id,
        "group_report.signature",
        row,
        f"{group.name} {year}年特色工作：{row.name}",
    )
    return row
