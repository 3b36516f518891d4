"""The board as data: sections (one per list and per loop) of tables whose cells carry the
link to the records behind them. The page renders this structure and the workbooks are
written from it, so the board and its exports cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from flask import url_for
from markupsafe import Markup, escape

NO_DATA = "尚无数据"


@dataclass
class Cell:
    text: object
    href: str | None = None


@dataclass
class Table:
    key: str  # ASCII, unique on the board: the anchor and the export's name
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    charts: list[Markup] = field(default_factory=list)
    stats: bool = False  # the section's headline figures, shown as tiles
    empty: str = NO_DATA

    def values(self) -> list[list]:
        return [[c.text for c in row] for row in self.rows]

    def body(self) -> Markup:
        """The rows as the board's ``<tbody>`` holds them (each cell labelled with its header
        for the phone's stacked layout, the figures right-aligned, a linked figure a link),
        written here rather than by Jinja loops: the board has some 600 cells."""
        labels = [escape(h) for h in self.headers]
        rows = []
        for row in self.rows:
            cells = []
            for i, c in enumerate(row):
                label = labels[i] if i < len(labels) else ""
                text = escape(c.text)
                shown = f'<a href="{escape(c.href)}">{text}</a>' if c.href else text
                num = ' class="num"' if i else ""
                cells.append(f'<td data-label="{label}"{num}>{shown}</td>')
            rows.append(f"<tr>{''.join(cells)}</tr>")
        return Markup("".join(rows))


@dataclass
class Section:
    key: str
    title: str  # the heading, and the workbook's sheet name
    tables: list[Table]
    note: str = ""


@dataclass
class Board:
    year: int
    quarter: int
    sections: list[Section]

    def table(self, key: str) -> Table | None:
        return next((t for s in self.sections for t in s.tables if t.key == key), None)

    def sheets(self) -> list[tuple[str, list]]:
        """The year workbook: one sheet per section, its tables as the board shows them."""
        return [
            (s.title, [(t.title, t.headers, t.values() or [[t.empty]]) for t in s.tables])
            for s in self.sections
        ]


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def linked(n: int, href: str) -> Cell:
    """A count linking to its records (a zero has none to show)."""
    return Cell(n, href if n else None)


# The characters url_for leaves as they are in a query string (werkzeug's choice, after the
# WHATWG URL standard's percent-encode sets); every other one is percent-encoded.
QUERY_SAFE = "!$'()*,/:;?@"


class QueryLink:
    """Links to one page under different query arguments, written exactly as ``url_for``
    writes them — the fixed arguments first, then the call's in their order; a list or tuple
    repeats its name, None is left out — from ONE ``url_for``: the board links some 300
    figures to a handful of pages, and a ``url_for`` per link was a sixth of its CPU."""

    def __init__(self, endpoint: str, **fixed):
        self.base = url_for(endpoint)
        self.fixed = fixed
        self._encoded: dict[tuple, str] = {}  # (name, value, type) → "name=value", encoded

    def __call__(self, **args) -> str:
        pairs = [
            self._pair(name, v)
            for name, value in {**self.fixed, **args}.items()
            for v in (value if isinstance(value, list | tuple) else (value,))
            if v is not None
        ]
        return f"{self.base}?{'&'.join(pairs)}" if pairs else self.base

    def _pair(self, name: str, value) -> str:
        key = (name, value, type(value))  # 1 and True are equal keys but read "1", "True"
        if key not in self._encoded:
            self._encoded[key] = urlencode([(name, value)], safe=QUERY_SAFE)
        return self._encoded[key]
