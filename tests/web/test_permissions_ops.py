"""Permission matrix of the operations routes: /healthz answers everyone (a load balancer
has no login) and says only ok/fail."""

from __future__ import annotations

from ..factories import World
from .matrix import ACTORS, OK

MATRIX = [
    ("GET", "/healthz", "ops.healthz", {a: OK for a in ACTORS}),
]


def extra_ids(_w: World) -> dict[str, int]:
    return {}
