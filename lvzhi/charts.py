"""Server-side SVG charts: no chart JavaScript. Each chart is an accessible image
(``role="img"`` with ``<title>`` and ``<desc>``) with its numbers written as text labels, and
scales to the width of its container (it is drawn for a 390px phone).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import count

from markupsafe import Markup, escape

WIDTH = 340
FONT = 15
_ids = count(1)

COLORS = {"top": "#1d6b35", "bottom": "#9f1a1f", None: "#1a5fb4"}


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    flag: str | None = None
    note: str = ""


def _num(value: Decimal | float | int) -> str:
    return f"{Decimal(value):.1f}".rstrip("0").rstrip(".") if value is not None else "–"


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> Markup:
    n = next(_ids)
    tid, did = f"chart-title-{n}", f"chart-desc-{n}"
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{tid} {did}" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="sans-serif" font-size="{FONT}">',
        f'<title id="{tid}">{escape(title)}</title>',
        f'<desc id="{did}">{escape(desc)}</desc>',
        *body,
        "</svg>",
    ]
    return Markup("".join(parts))


def bar_chart(
    title: str, bars: Sequence[Bar], max_value: int | Decimal = 100, width: int = WIDTH
) -> Markup:
    """Horizontal bars, one row per group, highest first as given; the value at the bar's end."""
    label_w, value_w, row_h, top = 92, 44, 34, 6
    plot_w = width - label_w - value_w
    height = top + row_h * max(len(bars), 1) + 6
    scale = Decimal(plot_w) / Decimal(max_value or 1)
    body = []
    for i, bar in enumerate(bars):
        y = top + i * row_h
        w = max(Decimal(0), min(Decimal(bar.value) * scale, Decimal(plot_w)))
        color = COLORS.get(bar.flag, COLORS[None])
        body.append(
            f'<text x="{label_w - 6}" y="{y + 22}" text-anchor="end" fill="#1d1d1f">'
            f"{escape(bar.label)}</text>"
            f'<rect x="{label_w}" y="{y + 6}" width="{w:.1f}" height="{row_h - 12}" '
            f'fill="{color}" rx="3"><title>{escape(bar.label)}：{_num(bar.value)} 分'
            f"{escape(bar.note)}</title></rect>"
            f'<text x="{label_w + float(w) + 6:.1f}" y="{y + 22}" fill="#1d1d1f">'
            f"{_num(bar.value)}</text>"
        )
    if not bars:
        body.append(
            f'<text x="{width / 2}" y="26" text-anchor="middle" fill="#4f5560">暂无数据</text>'
        )
    desc = "；".join(f"{b.label} {_num(b.value)} 分{b.note}" for b in bars) or "暂无数据"
    return _svg(width, height, title, desc, body)


def line_chart(
    title: str,
    points: Sequence[tuple[str, Decimal]],
    max_value: int | Decimal = 100,
    width: int = WIDTH,
    height: int = 150,
) -> Markup:
    """One series over time (a group's quarter scores), each point labelled with its value."""
    left, right, top, bottom = 16, 16, 24, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(points)
    step = plot_w / (n - 1) if n > 1 else 0
    coords = []
    for i, (_label, value) in enumerate(points):
        x = left + (i * step if n > 1 else plot_w / 2)
        y = top + plot_h - float(Decimal(value) / Decimal(max_value or 1)) * plot_h
        coords.append((x, y))
    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        f'stroke="#d4d7dd"/>'
    ]
    if n > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        body.append(f'<polyline points="{path}" fill="none" stroke="#1a5fb4" stroke-width="3"/>')
    for (label, value), (x, y) in zip(points, coords, strict=True):
        anchor = "start" if x < left + 20 else ("end" if x > width - right - 20 else "middle")
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="#1a5fb4"/>'
            f'<text x="{x:.1f}" y="{max(y - 9, 14):.1f}" text-anchor="{anchor}" '
            f'fill="#1d1d1f">{_num(value)}</text>'
            f'<text x="{x:.1f}" y="{height - 8}" text-anchor="{anchor}" fill="#4f5560" '
            f'font-size="13">{escape(label)}</text>'
        )
    desc = "；".join(f"{label} {_num(value)} 分" for label, value in points) or "暂无数据"
    return _svg(width, height, title, desc, body)
