"""The SVG charts keep their text at one size on any screen and print numbers as the tables
do (one decimal)."""

from __future__ import annotations

import re
from decimal import Decimal

from lvzhi.charts import FONT, Bar, bar_chart, line_chart, number


def test_numbers_read_with_one_decimal_like_the_tables():
    assert number(Decimal("54")) == "54.0"
    assert number(Decimal("54.0")) == "54.0"
    assert number(Decimal("66.65")) == "66.7"  # halves up, as the scores are rounded
    assert number(80) == "80.0"
    assert number(None) == "–"


def test_bar_chart_labels_say_54_point_0_where_the_table_does():
    svg = str(bar_chart("得分", [Bar("武原街道", Decimal("54.0")), Bar("沈荡镇", Decimal("9"))]))
    assert ">54.0</text>" in svg and ">9.0</text>" in svg
    assert "武原街道 54.0 分；沈荡镇 9.0 分" in svg


def test_charts_have_no_viewbox_so_text_does_not_grow_with_the_width():
    bars = bar_chart("得分", [Bar("武原街道", Decimal("54.0"))])
    line = line_chart("走势", [("26年三季", Decimal("80")), ("26年四季", Decimal("54"))])
    for svg in (str(bars), str(line)):
        assert "viewBox" not in svg
        assert f'font-size="{FONT}"' in svg and FONT >= 16
        # horizontal positions are shares of the width, vertical ones pixels
        assert all(x.endswith("%") for x in re.findall(r' (?:x|x1|x2|cx)="([^"]+)"', svg))
    assert ">80.0</text>" in str(line) and ">54.0</text>" in str(line)


def test_a_provisional_point_is_hollow_dashed_and_described_as_such():
    svg = str(
        line_chart(
            "走势", [("26年三季", Decimal("80")), ("26年四季", Decimal("54"))], provisional={1}
        )
    )
    assert 'stroke-dasharray="6 5"' in svg and 'fill="#fff"' in svg
    assert "26年四季 54.0 分（暂计）" in svg and "26年三季 80.0 分；" in svg
