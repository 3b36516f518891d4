"""The member × item grid's cells, rendered once per distinct standing: a body's grid page has
hundreds of cells but only a few dozen different ones (item × state × counts), so each is
built by ``markupsafe`` once and then read from a cache instead of re-rendered per cell; a
row's cells are joined in one call (``duty_cells``) instead of a template call per cell."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from markupsafe import Markup

from ..domain.duties import ITEM_STATE_LABELS, ItemProgress

MARKS = {"done": "✓", "in_progress": "…"}


def duty_cell(c: ItemProgress) -> Markup:
    """``<td>`` of one member's standing on one item (``{{ c|duty_cell }}``)."""
    return _cell(c.state, c.name, c.confirmed, c.required)


def duty_cells(cells: Iterable[ItemProgress]) -> Markup:
    """A grid row's ``<td>`` cells, one after the other (``{{ r.cells|duty_cells }}``)."""
    return Markup("".join([_cell(c.state, c.name, c.confirmed, c.required) for c in cells]))


@lru_cache(maxsize=4096)
def _cell(state: str, name: str, confirmed: int, required: int) -> Markup:
    """Keyed by what the cell shows (a tuple hashes faster than the whole ItemProgress)."""
    label = ITEM_STATE_LABELS[state]
    return Markup(
        '<td class="cell cell-{}" title="{}：{}（{}/{}）"><span aria-hidden="true">{}</span>'
        '<span class="sr-only">{}</span></td>'
    ).format(state, name, label, confirmed, required, MARKS.get(state, "·"), label)
