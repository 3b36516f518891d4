"""Server-side SVG charts: no chart JavaScript. Each chart is an accessible image
(``role="img"`` with ``<title>`` and ``<desc>``) with its numbers written as text labels.

A chart stretches to the width of its container but its text does not: there is no
``viewBox``, so one user unit is one CSS pixel and the font stays at ``FONT`` px on a phone
and on a desktop alike. Horizontal positions are percentages of the width, vertical ones
pixels. Numbers read as the tables print them: one decimal (``54.0``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import count

from markupsafe import Markup, escape

FONT = 16
AXIS_FONT = 16  # body text's floor: nothing a user reads is smaller
_ids = count(1)

COLORS = {"top": "#1d6b35", "bottom": "#9f1a1f", None: "#1a5fb4"}
LINE = "#1a5fb4"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    flag: str | None = None
    note: str = ""


def number(value: Decimal | float | int | None) -> str:
    """A score as the tables show it: one decimal, halves rounded up (``54`` → ``54.0``)."""
    if value is None:
        return "–"
    return str(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _pct(value: float | Decimal) -> str:
    return f"{float(value):.2f}%"


def _svg(height: int, title: str, desc: str, body: list[str]) -> Markup:
    n = next(_ids)
    tid, did = f"chart-title-{n}", f"chart-desc-{n}"
    parts = [
        f'<svg class="chart" width="100%" height="{height}" role="img" '
        f'aria-labelledby="{tid} {did}" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="sans-serif" font-size="{FONT}">',
        f'<title id="{tid}">{escape(title)}</title>',
        f'<desc id="{did}">{escape(desc)}</desc>',
        *body,
        "</svg>",
    ]
    return Markup("".join(parts))


def count_text(value: Decimal | float | int | None) -> str:
    """A count as the tables show it: a whole number."""
    return "–" if value is None else str(int(value))


def bar_chart(
    title: str,
    bars: Sequence[Bar],
    max_value: int | Decimal = 100,
    unit: str = "分",
    fmt=number,
) -> Markup:
    """Horizontal bars, one row per group, highest first as given; the value at the bar's end.
    ``unit`` and ``fmt`` say how a value reads (scores: "54.0 分"; counts: ``count_text``, "人").

    The group names end at 27% of the width, the bars run from 28% over at most 58%, which
    leaves room for the value after the longest bar.
    """
    label_end, bar_start, bar_span, row_h, top = 27, 28, 58, 34, 6
    height = top + row_h * max(len(bars), 1) + 6
    scale = Decimal(bar_span) / Decimal(max_value or 1)
    body = []
    for i, bar in enumerate(bars):
        y = top + i * row_h
        w = max(Decimal(0), min(Decimal(bar.value) * scale, Decimal(bar_span)))
        color = COLORS.get(bar.flag, COLORS[None])
        body.append(
            f'<text x="{_pct(label_end)}" y="{y + 22}" text-anchor="end" fill="#1d1d1f">'
            f"{escape(bar.label)}</text>"
            f'<rect x="{_pct(bar_start)}" y="{y + 6}" width="{_pct(w)}" height="{row_h - 12}" '
            f'fill="{color}" rx="3"><title>{escape(bar.label)}：{fmt(bar.value)} {unit}'
            f"{escape(bar.note)}</title></rect>"
            f'<text x="{_pct(bar_start + w)}" dx="6" y="{y + 22}" fill="#1d1d1f">'
            f"{fmt(bar.value)}</text>"
        )
    if not bars:
        body.append(_NO_DATA)
    desc = "；".join(f"{b.label} {fmt(b.value)} {unit}{b.note}" for b in bars) or "暂无数据"
    return _svg(height, title, desc, body)


_NO_DATA = '<text x="50%" y="26" text-anchor="middle" fill="#4f5560">暂无数据</text>'
SERIES_COLORS = ("#1d6b35", "#b35c00", "#6b7280", "#1a5fb4")


def stacked_bar_chart(
    title: str,
    rows: Sequence[tuple[str, Sequence[int]]],
    series: Sequence[str],
    unit: str = "",
) -> Markup:
    """Horizontal bars split into ``series`` (at most four: e.g. 全部完成 / 未完成), one row
    per label — the label above its bar, so a long name is never cut on a phone — the row's
    total at the bar's end and a legend on top; the numbers of every segment are in the
    description and each segment's tooltip."""
    bar_span, row_h, legend_h = 84, 52, 30
    height = legend_h + row_h * max(len(rows), 1) + 6
    top = max((sum(values) for _label, values in rows), default=0) or 1
    scale = Decimal(bar_span) / Decimal(top)
    body = []
    for i, name in enumerate(series):
        x = i * 98 / len(series)
        body.append(
            f'<rect x="{_pct(x)}" y="6" width="14" height="14" fill="{SERIES_COLORS[i]}"/>'
            f'<text x="{_pct(x)}" dx="20" y="19" fill="#1d1d1f" font-size="{AXIS_FONT}">'
            f"{escape(name)}</text>"
        )
    for r, (label, values) in enumerate(rows):
        y = legend_h + r * row_h
        body.append(f'<text x="0" y="{y + 18}" fill="#1d1d1f">{escape(label)}</text>')
        x = Decimal(0)
        for i, value in enumerate(values):
            w = Decimal(value) * scale
            if value:
                body.append(
                    f'<rect x="{_pct(x)}" y="{y + 26}" width="{_pct(w)}" height="20" '
                    f'fill="{SERIES_COLORS[i]}"><title>{escape(label)} {escape(series[i])}：'
                    f"{value} {unit}</title></rect>"
                )
            x += w
        body.append(f'<text x="{_pct(x)}" dx="6" y="{y + 42}" fill="#1d1d1f">{sum(values)}</text>')
    if not rows:
        body.append(_NO_DATA.replace('y="26"', f'y="{legend_h + 20}"'))
    desc = (
        "；".join(
            f"{label}：" + "，".join(f"{s} {v} {unit}" for s, v in zip(series, values, strict=True))
            for label, values in rows
        )
        or "暂无数据"
    )
    return _svg(height, title, desc, body)


def line_chart(
    title: str,
    points: Sequence[tuple[str, Decimal]],
    max_value: int | Decimal = 100,
    height: int = 150,
    provisional: Collection[int] = (),
) -> Markup:
    """One series over time (a group's quarter scores), each point labelled with its value.

    The points at the indexes in ``provisional`` (a quarter in progress) are drawn hollow,
    reached by a dashed line, and read "暂计" in the description.
    """
    left, right, top, bottom = 6.0, 94.0, 24, 30
    plot_h = height - top - bottom
    n = len(points)
    step = (right - left) / (n - 1) if n > 1 else 0.0
    coords = []
    for i, (_label, value) in enumerate(points):
        x = left + i * step if n > 1 else 50.0
        y = top + plot_h - float(Decimal(value) / Decimal(max_value or 1)) * plot_h
        coords.append((x, y))
    body = [f'<line x1="0%" y1="{top + plot_h}" x2="100%" y2="{top + plot_h}" stroke="#d4d7dd"/>']
    for i in range(1, n):
        (x1, y1), (x2, y2) = coords[i - 1], coords[i]
        dash = ' stroke-dasharray="6 5"' if i in provisional else ""
        body.append(
            f'<line x1="{_pct(x1)}" y1="{y1:.1f}" x2="{_pct(x2)}" y2="{y2:.1f}" '
            f'stroke="{LINE}" stroke-width="3"{dash}/>'
        )
    for i, ((label, value), (x, y)) in enumerate(zip(points, coords, strict=True)):
        anchor = "middle" if n == 1 else ("start" if i == 0 else "end" if i == n - 1 else "middle")
        fill = "#fff" if i in provisional else LINE
        body.append(
            f'<circle cx="{_pct(x)}" cy="{y:.1f}" r="5" fill="{fill}" stroke="{LINE}" '
            f'stroke-width="2"/>'
            f'<text x="{_pct(x)}" y="{max(y - 9, 16):.1f}" text-anchor="{anchor}" '
            f'fill="#1d1d1f">{number(value)}</text>'
            f'<text x="{_pct(x)}" y="{height - 8}" text-anchor="{anchor}" fill="#4f5560" '
            f'font-size="{AXIS_FONT}">{escape(label)}</text>'
        )
    desc = (
        "；".join(
            f"{label} {number(value)} 分{'（暂计）' if i in provisional else ''}"
            for i, (label, value) in enumerate(points)
        )
        or "暂无数据"
    )
    return _svg(height, title, desc, body)
