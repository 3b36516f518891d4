"""The member × item grid's cell, rendered once per distinct standing: a body's grid page has
hundreds of cells but only a few dozen different ones (item × state × counts), so each is
built by ``markupsafe`` once and then read from a cache instead of re-rendered per cell."""

from __future__ import annotations

from functools import lru_cache

from markupsafe import Markup

from ..domain.duties import ItemProgress

MARKS = {"done": "✓", "in_progress": "…"}


@lru_cache(maxsize=4096)
def duty_cell(c: ItemProgress) -> Markup:
    """``<td>`` of one member's standing on one item (``{{ c|duty_cell }}``)."""
    return Markup(
        '<td class="cell cell-{}" title="{}：{}（{}/{}）"><span aria-hidden="true">{}</span>'
        '<span class="sr-only">{}</span></td>'
    ).format(
        c.state,
        c.name,
        c.state_label,
        c.confirmed,
        c.required,
        MARKS.get(c.state, "·"),
        c.state_label,
    )
