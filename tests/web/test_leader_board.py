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
from lvzhi.domain.loop_specs import LOOP_NAMES
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


def _rows(sheet) -> list[tuple]:
    """A sheet's rows without the trailing empty cells."""
    rows = []
    for row in sheet.iter_rows(values_only=True):
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        rows.append(tuple(row))
    return rows


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


def test_unfinished_figure_leads_to_the_members_behind_it(app, client, auth):
    w, _dept, _late = _setup()
    auth.login("lingdao")
    page = client.get(f"/dashboard/?year={Y}").get_data(as_text=True)
    href = re.search(
        r'href="([^"]+)"><span class="stat-num">3</span><span class="stat-label">未完成', page
    )
    target = client.get(href.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "仅显示：未全部完成的委员（3 名）" in target
    for name in ("李伟", "沈国平", "朱明华"):
        assert name in target
    assert "张岩枢" not in target


def test_least_done_item_and_distribution_lead_to_their_members(app, client, auth):
    w, _dept, _late = _setup()
    auth.login("lingdao")
    page = client.get(f"/dashboard/?year={Y}").get_data(as_text=True)
    table = page[page.index('id="duties-items"') :]
    # 撰写一件提案 is done by two of four: its 未完成 (2) lists the two others
    row = table[table.index("撰写一件提案") :]
    href = re.search(r'href="([^"]+)">2</a>', row).group(1).replace("&amp;", "&")
    target = client.get(href).get_data(as_text=True)
    assert "未完成“撰写一件提案”的委员（2 名）" in target
    assert "李伟" in target and "沈国平" in target and "朱明华" not in target
    dist = page[page.index('id="duties-distribution"') :]
    href = re.search(r'1 项</td><td[^>]*><a href="([^"]+)"', dist).group(1).replace("&amp;", "&")
    target = client.get(href).get_data(as_text=True)
    assert "已完成 1 项的委员（1 名）" in target and "朱明华" in target


def test_a_loops_overdue_figure_leads_to_its_overdue_matters(app, client, auth):
    w, dept, late = _setup()
    auth.login("lingdao")
    page = client.get(f"/dashboard/?year={Y}").get_data(as_text=True)
    overview = page[page.index('id="loops-overview"') :]
    row = overview[overview.index(">协商<") :]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)[:3]
    assert "1</a>" in cells[2]  # 事项 1, 逾期 1
    href = re.search(r'href="([^"]+)"', cells[2]).group(1).replace("&amp;", "&")
    target = client.get(href).get_data(as_text=True)
    assert "协商逾期事项" in target
    assert "老旧小区改造协商" in target and "已逾期" in target
    assert "河道治理民主监督" not in target
    # by department and by committee: the same matter
    for key, label in (
        ("loops-overdue-departments", "县住建局"),
        ("loops-overdue-committees", "经济科技委员会"),
    ):
        part = page[page.index(f'id="{key}"') :]
        row = part[part.index(label) :]
        href = re.search(r'href="([^"]+)">1</a>', row).group(1).replace("&amp;", "&")
        assert "老旧小区改造协商" in client.get(href).get_data(as_text=True)


def test_suggestion_figures_lead_to_the_suggestions(app, client, auth):
    _setup()
    auth.login("jiguan")
    page = client.get(f"/dashboard/?year={Y}").get_data(as_text=True)
    part = page[page.index('id="consultation-suggestions"') :]
    links = re.findall(r'href="([^"]+)">(\d)</a>', part)
    made, adopted = links[0], links[1]
    assert made[1] == "3" and adopted[1] == "2"
    target = client.get(adopted[0].replace("&amp;", "&")).get_data(as_text=True)
    assert "加快加装电梯" in target and "完善停车设施" in target and "引入物业服务" not in target


def test_secretariat_drilldowns_stay_in_its_own_pages(app, client, auth):
    _setup()
    auth.login("jiguan")
    page = client.get(f"/dashboard/?year={Y}").get_data(as_text=True)
    assert "/secretariat/duties?" in page and "/board/duties" not in page


def test_year_workbook_has_a_sheet_per_list_and_loop_matching_the_board(app, client, auth):
    _setup()
    auth.login("lingdao")
    page = client.get(f"/dashboard/?year={Y}").get_data(as_text=True)
    response = client.get(f"/dashboard/workbook.xlsx?year={Y}")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.data))
    loops = list(LOOP_NAMES.values())  # every loop, a new one included
    assert wb.sheetnames == ["十个一", "十加一", "履职闭环", *loops, "出勤", "考核等次"]
    assert {"提案", "协商", "大会发言", "社情民意信息", "民主监督"} <= set(loops)
    duties = _rows(wb["十个一"])
    assert ("全部完成", 1) in duties and ("未完成", 3) in duties
    consultation = _rows(wb["协商"])
    assert ("逾期", 1) in consultation
    assert ("老旧小区改造协商", 3, 2, 1, 1, "建议3条，采纳落实1条") in consultation
    assert ("尚无数据",) in _rows(wb["出勤"])
    overview = _rows(wb["履职闭环"])
    assert ("协商", 1, 1, 3, 2, 1, 1) in overview and ("县住建局", 1) in overview
    assert "各闭环事项、逾期与建议" in page


def test_each_table_exports_as_the_board_shows_it(app, client, auth):
    _setup()
    auth.login("lingdao")
    response = client.get(f"/dashboard/table/loops-overdue-departments.xlsx?year={Y}")
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows == [("承办单位", "逾期"), ("县住建局", 1)]
    assert client.get(f"/dashboard/table/nosuch.xlsx?year={Y}").status_code == 404


def test_board_statement_count_does_not_grow_with_the_data(app, client, auth, statements):
    w, dept, late = _setup()
    auth.login("lingdao")
    client.get(f"/dashboard/?year={Y}")
    with statements() as few:
        client.get(f"/dashboard/?year={Y}")
    other = gen_department(w.org, "县水利局")
    for i in range(12):
        gen_record(w.peer, "research", title=f"调研{i}")
        m = gen_matter(w, "supervision", f"监督{i}", other, TODAY - timedelta(days=200 + i))
        gen_suggestion(w, m, f"建议{i}", other, "adopted", i % 2 == 0)
        gen_assigned_proposal(w, other, title=f"提案{i}", assigned_on=TODAY - timedelta(days=120))
    db.session.commit()
    with statements() as many:
        page = client.get(f"/dashboard/?year={Y}").get_data(as_text=True)
    assert "县水利局" in page
    assert many() == few()


def test_meeting_deadlines_are_overdue_once_the_meeting_has_passed(app, client, auth):
    """A 专题议政性常委会会议's opinions are due at the next standing-committee meeting: not
    overdue while none is held, overdue the day after one is."""
    from lvzhi.selectors import board_overdue

    w = world()
    dept = gen_department(w.org, "县文旅局")
    start = TODAY - timedelta(days=40)
    gen_matter(w, "consultation", "文旅融合", dept, start, kind="standing_thematic")
    db.session.commit()
    assert board_overdue.overdue(w.org.id, Y, TODAY).by_loop == {}
    db.session.add(
        Meeting(
            org_id=w.org.id,
            kind="standing_committee",
            title="常委会",
            held_on=start + timedelta(days=10),
        )
    )
    db.session.commit()
    assert board_overdue.overdue(w.org.id, Y, TODAY).by_loop == {"consultation": 1}


def test_sql_overdue_agrees_with_the_derived_deadlines(app):
    """The board's SQL count and the matter page's derived deadline state agree, loop by loop."""
    from lvzhi.selectors import board_overdue
    from lvzhi.selectors import loop_deadlines as deadline_sel
    from lvzhi.selectors import loops as loop_sel

    w = world()
    dept = gen_department(w.org)
    for days in (10, 80, 95, 100, 200):
        for loop in ("consultation", "supervision", "speech", "public_opinion"):
            gen_matter(w, loop, f"{loop}{days}", dept, TODAY - timedelta(days=days))
        gen_assigned_proposal(
            w, dept, title=f"提案{days}", assigned_on=TODAY - timedelta(days=days)
        )
    db.session.add(
        Meeting(org_id=w.org.id, kind="plenary_prep", title="预备会", held_on=date(Y + 1, 1, 5))
    )
    db.session.commit()
    calendar = loop_sel.meetings(w.org.id)
    derived = {}
    for loop in ("consultation", "supervision", "speech", "public_opinion", "proposal"):
        rows = loop_sel.matters(w.org.id, loop, year=Y)
        late = [d for d in deadline_sel.deadlines(rows, calendar, TODAY) if d.state == "overdue"]
        if late:
            derived[loop] = len(late)
    assert board_overdue.overdue(w.org.id, Y, TODAY).by_loop == derived
    assert derived["proposal"] >= 1 and derived["consultation"] >= 1


def test_another_bodys_secretariat_sees_nothing_of_this_body(app, client, auth):
    w, dept, late = _setup()
    auth.login("other_jiguan")
    page = client.get(f"/dashboard/?year={Y}").get_data(as_text=True)
    assert "县住建局" not in page and "建议3条" not in page
    listed = client.get(f"/dashboard/matters?year={Y}&department={dept.id}&overdue=1")
    assert "老旧小区改造协商" not in listed.get_data(as_text=True)
    listed = client.get(f"/dashboard/suggestions?year={Y}&matter={late.id}")
    assert "加快加装电梯" not in listed.get_data(as_text=True)


def test_bad_filters_are_ignored_not_errors(app, client, auth):
    _setup()
    auth.login("lingdao")
    for url in (
        "/dashboard/?year=abc&quarter=9",
        "/dashboard/matters?loop=nosuch&stage=draft&reply_class=Z&verdict=x&department=x",
        "/dashboard/suggestions?outcome=nosuch&matter=99999999999",
        "/board/duties?incomplete=1&done=999&missing=abc",
    ):
        assert client.get(url).status_code == 200, url


def test_the_drilled_down_member_list_exports_the_same_members(app, client, auth):
    _setup()
    auth.login("lingdao")
    response = client.get(f"/board/duties/export.xlsx?year={Y}&incomplete=1")
    names = [r[0] for r in list(load_workbook(io.BytesIO(response.data)).active.values)[1:]]
    assert sorted(names) == sorted(["李伟", "沈国平", "朱明华"])


def test_reply_class_and_rate_figures_lead_to_the_proposals(app, client, auth):
    w = world()
    dept = gen_department(w.org, "县教育局")
    replied = gen_assigned_proposal(w, dept, title="关于课后服务的建议")
    replied.stage, replied.lead_assignment.reply_class = "replied", "A"
    gen_assigned_proposal(w, dept, title="关于校车安全的建议")
    db.session.commit()
    auth.login("lingdao")
    page = client.get(f"/dashboard/?year={Y}").get_data(as_text=True)
    figures = page[page.index('id="proposal-figures"') :]
    assert re.search(r'stat-num">50.0%</span><span class="stat-label">办复率', figures)
    part = page[page.index('id="proposal-classes"') :]
    href = re.search(r'A 类 已解决或采纳</td><td[^>]*><a href="([^"]+)">1</a>', part).group(1)
    listed = client.get(href.replace("&amp;", "&")).get_data(as_text=True)
    assert "关于课后服务的建议" in listed and "关于校车安全的建议" not in listed


def test_the_matters_behind_a_figure_export_to_excel(app, client, auth):
    """Every table is exportable: the overdue matters behind the board's figure, as the page
    lists them (the filter kept in the export's link), with their deadline."""
    _w, dept, _late = _setup()
    auth.login("lingdao")
    url = f"/dashboard/matters?year={Y}&department={dept.id}&overdue=1"
    page = client.get(url).get_data(as_text=True)
    assert "老旧小区改造协商" in page and "format=xlsx" in page
    link = re.search(r'href="([^"]*format=xlsx[^"]*)"', page).group(1).replace("&amp;", "&")
    sheet = load_workbook(io.BytesIO(client.get(link).data)).active
    rows = _rows(sheet)
    assert rows[0] == ("闭环", "标题", "阶段", "编号", "主办单位", "期限", "期限状态")
    assert [r[1] for r in rows[1:]] == ["老旧小区改造协商"]  # the overdue one only
    assert rows[1][4] == "县住建局" and rows[1][6] == "已逾期"


def test_the_suggestions_behind_a_figure_export_to_excel(app, client, auth):
    _w, _dept, late = _setup()
    auth.login("lingdao")
    page = client.get(f"/dashboard/suggestions?year={Y}&loop=consultation").get_data(as_text=True)
    link = re.search(r'href="([^"]*format=xlsx[^"]*)"', page).group(1).replace("&amp;", "&")
    rows = _rows(load_workbook(io.BytesIO(client.get(link).data)).active)
    assert rows[0] == ("序号", "建议", "闭环", "议题", "承办单位", "答复结果", "落实")
    assert {r[1] for r in rows[1:]} == {"加快加装电梯", "完善停车设施", "引入物业服务"}
    adopted = next(r for r in rows[1:] if r[1] == "加快加装电梯")
    assert adopted[3] == late.title and adopted[4] == "县住建局" and adopted[6] == "已落实"
