"""Configuring a year's "十个一" checklist: seeding, copying to a new year, renaming,
re-describing, re-ordering, required counts and retiring (an item with records is never
deleted)."""

from __future__ import annotations

from sqlalchemy import func, insert, select

from ..domain import duties as rules
from ..extensions import db
from ..models import DutyItem, DutyRecord, User
from . import ServiceError, unit_of_work
from .audit import audit
from .common import check_version


def _specs(items: list[DutyItem]) -> list[rules.ItemSpec]:
    return [
        rules.ItemSpec(
            code=i.code,
            name=i.name,
            description=i.description,
            required=i.required,
            order=i.sort_order,
            retired=i.retired,
        )
        for i in items
    ]


def year_items(org_id: int, year: int) -> list[DutyItem]:
    return list(
        db.session.scalars(
            select(DutyItem)
            .where(DutyItem.org_id == org_id, DutyItem.year == year)
            .order_by(DutyItem.sort_order)
        )
    )


def duty_items_open_year(org_id: int, year: int) -> int:
    """Give ``year`` its checklist if it has none: the latest earlier year's active items,
    else the ten defaults. Inside the caller's unit of work (a service or a seed). Returns items made."""
    if db.session.scalar(
        select(func.count(DutyItem.id)).where(DutyItem.org_id == org_id, DutyItem.year == year)
    ):
        return 0
    previous = db.session.scalar(
        select(func.max(DutyItem.year)).where(DutyItem.org_id == org_id, DutyItem.year < year)
    )
    specs = (
        rules.copy_items_for_new_year(_specs(year_items(org_id, previous)))
        if previous
        else rules.default_item_specs()
    )
    if not specs:
        specs = rules.default_item_specs()
    db.session.execute(
        insert(DutyItem),
        [
            {
                "org_id": org_id,
                "year": year,
                "code": s.code,
                "name": s.name,
                "description": s.description,
                "required": s.required,
                "sort_order": s.order,
                "retired": False,
                "version": 1,
            }
            for s in specs
        ],
    )
    return len(specs)


@unit_of_work
def duty_items_ensure(actor: User, year: int) -> None:
    """The secretariat opens the checklist of a year that has none yet."""
    made = duty_items_open_year(actor.org_id, year)
    if made:
        audit(actor, actor.org_id, "duty_item.open_year", None, f"设置 {year} 年度十个一清单")


def _refuse_same_name(items: list[DutyItem], name: str, item: DutyItem | None = None) -> None:
    for other in items:
        if other is not item and other.name == name:
            state = "（已停用，可恢复）" if other.retired else ""
            raise ServiceError(f"本年度已有事项“{name}”{state}。", field="name")


@unit_of_work
def duty_item_save(
    actor: User, item: DutyItem, name: str, description: str, required: int, version: int | None
) -> DutyItem:
    check_version(item, version)
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写事项名称。", field="name")
    error = rules.validate_required_count(required)
    if error:
        raise ServiceError(error + "。", field="required")
    _refuse_same_name(year_items(actor.org_id, item.year), name, item)
    old = item.name
    item.name, item.description, item.required = name, (description or "").strip(), required
    audit(
        actor,
        actor.org_id,
        "duty_item.update",
        item,
        f"{item.year} 年十个一事项 {old} → {name}，要求 {required} 次",
    )
    return item


@unit_of_work(duplicate="该事项已存在。")
def duty_item_create(
    actor: User, year: int, name: str, description: str, required: int
) -> DutyItem:
    name = (name or "").strip()
    if not name:
        raise ServiceError("请填写事项名称。", field="name")
    error = rules.validate_required_count(required)
    if error:
        raise ServiceError(error + "。", field="required")
    items = year_items(actor.org_id, year)
    _refuse_same_name(items, name)  # also stops a double-tapped 新增 making two items
    code = f"custom_{len(items) + 1}"
    while any(i.code == code for i in items):
        code += "x"
    item = DutyItem(
        org_id=actor.org_id,
        year=year,
        code=code,
        name=name,
        description=(description or "").strip(),
        required=required,
        sort_order=max((i.sort_order for i in items), default=0) + 1,
    )
    db.session.add(item)
    db.session.flush()
    audit(actor, actor.org_id, "duty_item.create", item, f"{year} 年新增十个一事项 {name}")
    return item


@unit_of_work
def duty_item_move(actor: User, item: DutyItem, direction: str) -> None:
    if direction not in ("up", "down"):
        raise ServiceError("无效的移动方向。")
    items = year_items(actor.org_id, item.year)
    new_order = {s.code: s.order for s in rules.reorder(_specs(items), item.code, direction)}
    for i in items:
        i.sort_order = new_order[i.code]
    audit(actor, actor.org_id, "duty_item.move", item, f"调整 {item.name} 的顺序")


@unit_of_work
def duty_item_retire(actor: User, item: DutyItem, retired: bool, version: int | None) -> None:
    """Retire (hide from the checklist, keep the records) or bring back an item."""
    check_version(item, version)
    item.retired = retired
    used = (
        db.session.scalar(select(func.count(DutyRecord.id)).where(DutyRecord.item_id == item.id))
        or 0
    )
    audit(
        actor,
        actor.org_id,
        "duty_item.retire" if retired else "duty_item.restore",
        item,
        f"{'停用' if retired else '恢复'}十个一事项 {item.name}（已有记录 {used} 条，保留）",
    )
