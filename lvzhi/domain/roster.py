"""Roster rules: what a valid member row is, for the form and for the Excel import alike."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# (key, Chinese header, required) — the import template's columns, in order
ROSTER_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("name", "姓名", True),
    ("gender", "性别", False),
    ("mobile", "手机号", True),
    ("sector", "界别", False),
    ("committee", "专委会", False),
    ("office_group", "室组", True),
    ("employer", "工作单位", False),
    ("title", "职务", False),
    ("term", "届次", False),
)

LABELS = {key: label for key, label, _req in ROSTER_COLUMNS}

# the longest text each member field holds: the model's columns, the member form and the
# import preview all read this one table
MAX_LENGTHS = {"name": 40, "employer": 120, "title": 60, "term": 40}

# one import file at most: a whole county's roster is a few hundred; a province's fits
MAX_IMPORT_ROWS = 10_000

GENDERS = ("男", "女")
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalize_mobile(value: object) -> str:
    text = str(value or "").strip().replace(" ", "").replace("-", "")
    if text.endswith(".0"):  # Excel numbers come back as floats
        text = text[:-2]
    return text


def mobile_error(mobile: str) -> str | None:
    if not mobile:
        return "缺少手机号"
    if not MOBILE_RE.match(mobile):
        shown = mobile if len(mobile) <= 20 else mobile[:20] + "…"
        return f"手机号“{shown}”格式不正确（应为 11 位数字）"
    return None


# a login name: 2–60 letters (Chinese too), digits, "_", ".", "@" or "-", starting with a
# letter or digit — no spaces, slashes or markup
USERNAME_RE = re.compile(r"^\w[\w.@-]{1,59}$")


def username_error(username: str) -> str | None:
    if not USERNAME_RE.match(username):
        return "用户名应为 2–60 位字母、数字或 _ . @ -，以字母或数字开头"
    return None


@dataclass
class RosterRow:
    line: int  # the spreadsheet row number a person sees
    values: dict[str, str]
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def too_long_message(key: str, limit: int | None = None) -> str:
    """The refusal the member form and the import preview both give for over-long text."""
    return f"{LABELS[key]}最多 {limit or MAX_LENGTHS[key]} 个字"


def length_errors(values: dict[str, str]) -> list[str]:
    return [
        f"{too_long_message(key, limit)}（现有 {len(values[key])} 个字）"
        for key, limit in MAX_LENGTHS.items()
        if len(values.get(key) or "") > limit
    ]


def clean_row(raw: dict[str, object]) -> dict[str, str]:
    values = {
        key: str(raw.get(key) or "").replace("\x00", "").strip()
        for key, _label, _req in ROSTER_COLUMNS
    }
    values["mobile"] = normalize_mobile(raw.get("mobile"))
    return values


# the example row of the download template; left in by mistake it must not become a member
TEMPLATE_EXAMPLE = (
    "张三",
    "男",
    "13800000000",
    "经济界",
    "经济科技委员会",
    "武原街道",
    "某某有限公司",
    "董事长",
    "第十一届",
)


def validate_rows(
    rows: list[tuple[int, dict[str, object]]],
    *,
    groups: set[str],
    committees: set[str],
    sectors: set[str],
    existing_mobiles: set[str],
) -> list[RosterRow]:
    """Check every row; collect every problem of every row (nothing stops at the first)."""
    checked: list[RosterRow] = []
    seen: dict[str, int] = {}
    for line, raw in rows:
        row = RosterRow(line, clean_row(raw))
        v = row.values
        if (v["name"], v["mobile"]) == (TEMPLATE_EXAMPLE[0], TEMPLATE_EXAMPLE[2]):
            row.errors.append("这是模板中的示例行，请删除后再上传")
            checked.append(row)
            continue
        if not v["name"]:
            row.errors.append("缺少姓名")
        if v["gender"] and v["gender"] not in GENDERS:
            row.errors.append(f"性别“{v['gender']}”应为“男”或“女”")
        problem = mobile_error(v["mobile"])
        if problem:
            row.errors.append(problem)
        elif v["mobile"] in existing_mobiles:
            row.errors.append(f"手机号 {v['mobile']} 已有委员使用")
        elif v["mobile"] in seen:
            row.errors.append(f"手机号 {v['mobile']} 与第 {seen[v['mobile']]} 行重复")
        else:
            seen[v["mobile"]] = line
        if not v["office_group"]:
            row.errors.append("缺少室组")
        elif v["office_group"] not in groups:
            row.errors.append(f"室组“{v['office_group']}”不存在")
        if v["committee"] and v["committee"] not in committees:
            row.errors.append(f"专委会“{v['committee']}”不存在")
        if v["sector"] and v["sector"] not in sectors:
            row.errors.append(f"界别“{v['sector']}”不存在")
        row.errors.extend(length_errors(v))
        checked.append(row)
    return checked


def is_blank(raw: dict[str, object]) -> bool:
    return not any(str(v or "").strip() for v in raw.values())
