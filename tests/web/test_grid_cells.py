"""The grid cell filter renders exactly what the per-cell template did, for every state."""

from __future__ import annotations

import pytest

from lvzhi.domain.duties import item_progress

PER_CELL = (
    '<td class="cell cell-{{ c.state }}" title="{{ c.name }}：{{ c.state_label }}'
    '（{{ c.confirmed }}/{{ c.required }}）"><span aria-hidden="true">{% if c.done %}✓'
    "{% elif c.state == 'in_progress' %}…{% else %}·{% endif %}</span>"
    '<span class="sr-only">{{ c.state_label }}</span></td>'
)


@pytest.mark.parametrize(
    "counts", [{}, {"confirmed": 1}, {"submitted": 2}, {"confirmed": 1, "returned": 1}]
)
def test_duty_cell_renders_what_the_per_cell_template_rendered(app, counts):
    cell = item_progress("proposal", "提交<提案> & 建议", 2, counts)
    with app.app_context():
        env = app.jinja_env
        assert env.from_string("{{ c|duty_cell }}").render(c=cell) == env.from_string(
            PER_CELL
        ).render(c=cell)


def test_a_rows_cells_in_one_call_are_its_cells_one_by_one(app):
    cells = [
        item_progress("proposal", "提交<提案> & 建议", 2, counts)
        for counts in ({}, {"confirmed": 1}, {"submitted": 2}, {"confirmed": 2})
    ]
    with app.app_context():
        env = app.jinja_env
        row = env.from_string("{{ cells|duty_cells }}").render(cells=cells)
        one_by_one = env.from_string("{% for c in cells %}{{ c|duty_cell }}{% endfor %}")
        assert row == one_by_one.render(cells=cells)
