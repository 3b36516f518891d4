"""The secretariat's 建议 table (/secretariat/suggestions) writes its rows' links, selects and
error slots from what it built once for the page: the URLs it builds do not grow with the
rows it shows, and what it writes is what ``url_for`` and the per-row Jinja loops wrote."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from flask import render_template_string, url_for
from werkzeug.routing import MapAdapter

from lvzhi.extensions import db
from lvzhi.forms import Options
from lvzhi.selectors.suggestions import PER_PAGE
from lvzhi.web import MAX_ID, IdLink

from ..factories import gen_department, gen_loop_matter, gen_suggestions, world
from .test_member_page_costs import statements

ARGS = [
    {},
    {"year": 2026},
    {"year": 2026, "department": 3, "page": 2},
    {"q": "界别 & 其他/一?=#+%", "state": "open"},
    {"loop": "consultation", "matter": 17},
    {"q": str(MAX_ID)},  # the marker in an argument: each link is a url_for
]


@pytest.mark.parametrize("args", ARGS, ids=range(len(ARGS)))
def test_id_links_are_written_as_url_for_writes_them(app, args):
    with app.test_request_context("/secretariat/suggestions"):
        row = IdLink("secretariat.suggestion_row", "suggestion_id", **args)
        matter = IdLink("loops.matter", "matter_id")
        for id_ in (1, 42, 1234567):
            assert row(id_) == url_for("secretariat.suggestion_row", suggestion_id=id_, **args)
            assert matter(id_) == url_for("loops.matter", matter_id=id_)


LOOP = (
    "{% for value, label in choices %}<option{% if value == selected %} selected{% endif %}"
    ' value="{{ value }}">{{ label }}</option>{% endfor %}'
)


@pytest.mark.parametrize("selected", [None, "", 2, "adopted", "x"])
def test_options_write_what_the_rows_jinja_loop_wrote(app, selected):
    choices = [("", "未答复"), (2, "县“财政”局 <二>"), ("adopted", "采纳 & 落实"), (10, "a'b")]
    with app.test_request_context("/"):
        assert Options(choices)(selected) == render_template_string(
            LOOP, choices=choices, selected=selected
        )


@contextmanager
def urls_built():
    """How many URLs werkzeug builds in the block (every ``url_for`` comes down to one)."""
    count = 0
    build = MapAdapter.build

    def counted(self, *args, **kwargs):
        nonlocal count
        count += 1
        return build(self, *args, **kwargs)

    MapAdapter.build = counted
    try:
        yield lambda: count
    finally:
        MapAdapter.build = build


def test_the_year_table_builds_the_same_urls_and_statements_for_two_rows_or_a_full_page(
    app, client, auth
):
    w = world()
    dept = gen_department(w.org, "县经信局")
    m = gen_loop_matter(w, kind="chair_thematic", title="“专精特新”培育工程")
    gen_suggestions(w, m, ["措施1号", "措施2号"], dept)
    db.session.commit()
    auth.login("jiguan")
    url = f"/secretariat/suggestions?year={m.year}&q=措施"
    client.get(url)
    with urls_built() as few_urls, statements() as few:
        assert client.get(url).get_data(as_text=True).count('<form id="suggestion-row-') == 2
    gen_suggestions(w, m, [f"措施{i}号" for i in range(3, PER_PAGE + 1)], dept)
    db.session.commit()
    client.get(url)  # the badge's caches, refreshed after a write
    with urls_built() as many_urls, statements() as many:
        html = client.get(url).get_data(as_text=True)
    assert html.count('<form id="suggestion-row-') == PER_PAGE
    assert 'action="/secretariat/suggestions/' in html and f"/row?year={m.year}&amp;q=" in html
    assert many_urls() == few_urls() and many() == few()
