"""Permission matrix of the 履职闭环 hub pages behind the phone menus: a member's own
(建言献策), the secretariat's and the leaders' (each of its own organization)."""

from __future__ import annotations

from ..factories import World
from .matrix import role_home, secretariat_only

MATRIX = [
    ("GET", "/member/loops", "member.loops", role_home("member")),
    ("GET", "/secretariat/loops?year=2026", "secretariat.loops", secretariat_only(False)),
    ("GET", "/board/loops?year=2026", "board.loops", role_home("leader")),
]


def extra_ids(_w: World) -> dict[str, int]:
    return {}
