"""The leaders' board (issue 15): one page over the three lists, every figure linking to the
records behind it, each table and the year workbook exported from the same structure, and a
statement count that does not grow with the data."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from openpyxl import load_workbook

from lvzhi.clock import local_today
from lvzhi.domain.duties import DEFAULT_DUTY_ITEMS
from lvzhi.extensions import db
from lvzhi.models import Meeting

from ..factories import (
    gen_assigned_proposal,
    gen_department,
    gen_duty_items,
    gen_matter,
    gen_record,
    gen_suggestion,
    world,
)

Y = local_today().year
TODAY = local_today()


def _setup():
    """张岩枢 has done all ten items, 朱明华 one; a consultation assigned four months ago
    (overdue: "other" kind, three months), a fresh supervision topic (not overdue), and the
    consultation's three suggestions: two adopted, one of them implemented."""
    w = world()
    gen_duty_items(w.org)
    for code, _name, _desc in DEFAULT_DUTY_ITEMS:
        gen_record(w.member, code)
    gen_record(w.director, "proposal")
    dept = gen_department(w.org, "县住建局")
    late = gen_matter(w, "consultation", "老旧小区改造协商", dept, TODAY - timedelta(days=130))
    late.committee_id = w.committee.id
    gen_matter(w, "supervision", "河道治理民主监督", dept, TODAY - timedelta(days=5))
    gen_suggestion(w, late, "加快加装电梯", dept, "adopted", True)
    gen_suggestion(w, late, "完善停车设施", dept, "partly", False)
    gen_suggestion(w, late, "引入物业服务", dept, "not_adopted", False)
    db.session.commit()
    return w, dept, late


def _links(page: str) -> dict[str, str]:
    """The first link of each distinct link text on the page (unescaped)."""
    found = {}
    for href, text in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>([^<]+)</a>', page):
        found.setdefault(text.strip(), href.replace("&amp;", "&"))
    return found


def test_board_shows_the_years_figures_of_all_three_lists(app, client, auth):
    _setup()
    auth.login("lingdao")
    page = client.get(f"/dashboard/?year={Y}").get_data(as_text=True)
    assert "领导看板" in page
    # 十个一: 1 of 4 members fully done, 3 not
    assert re.search(r'stat-num">1</span><span class="stat-label">全部完成', page)
    assert re.search(r'stat-num">3</span><span class="stat-label">未完成', page)
    assert "完成最少的委员" in page and "李伟" in page
    # 十加一 and the closed loops, every loop listed whether or not it has matters yet
    assert "室组排名" in page
    for name in ("提案", "协商", "大会发言", "社情民意信息", "民主监督"):
        assert f">{name}<" in page
    assert "建议3条，采纳落实1条" in page
    assert "逾期事项：按承办单位" in page and "县住建局" in page
    # the slots for attendance and grades
    assert "出勤率" in page and "考核等次分布" in page and page.count("尚无数据") >= 2
