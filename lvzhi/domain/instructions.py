"""Forwarding (报送) and leader instructions (批示) on any closed-loop matter: their levels and
the checks on a record of either. Public-opinion reports use both; plenary speeches and other
loops may record 批示 with the same words."""

from __future__ import annotations

from datetime import date

# to whom a matter is forwarded (报送), lowest level first
FORWARD_LEVELS: dict[str, str] = {
    "county": "县委、县政府",
    "city": "市政协",
    "province": "省政协",
    "national": "全国政协",
}
# whose leader instructed (批示), lowest level first
INSTRUCTION_LEVELS: dict[str, str] = {
    "county": "县级领导",
    "city": "市级领导",
    "province": "省级领导",
    "national": "中央领导",
}
TEXT_MAX = 1500  # the timeline line carries it too


def forward_refusal(level: str, on: date | None, today: date) -> str | None:
    """Why a forwarding record is refused (Chinese, no full stop), None if it is fine."""
    if level not in FORWARD_LEVELS:
        return "请选择报送层级"
    if on is None:
        return "请填写报送日期"
    if on > today:
        return "报送日期不能晚于今天"
    return None


def instruction_refusal(
    level: str, leader: str, on: date | None, text: str, today: date
) -> tuple[str, str] | None:
    """Why a 批示 record is refused: (field, Chinese message), None if it is fine."""
    if level not in INSTRUCTION_LEVELS:
        return "level", "请选择批示领导的层级"
    if not leader.strip():
        return "leader", "请填写批示领导（姓名和职务）"
    if on is None:
        return "on", "请填写批示日期"
    if on > today:
        return "on", "批示日期不能晚于今天"
    if not text.strip():
        return "text", "请填写批示内容"
    if len(text) > TEXT_MAX:
        return "text", f"批示内容最多 {TEXT_MAX} 字"
    return None
