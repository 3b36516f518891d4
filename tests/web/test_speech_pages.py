"""The speech and work-suggestion screens: the member's forms (errors in Chinese, a double tap
submits one), the secretariat's 选用 and answer, the leader's 批示, 交办 and the department's
feedback on the portal read by the member, item 6 and item 10 on the member's 十个一, the
matter page's actions, the registers, the to-dos and the year figures in one GROUP BY."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import func, select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import DutyItem, DutyRecord, Matter, Meeting
from lvzhi.selectors import speeches as sel
from lvzhi.services import speeches as svc

from ..factories import gen_department, gen_department_user, world

FILES = "multipart/form-data"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SPEECH = {"title": "关于城乡公交一体化的发言", "content": "打通群众出行最后一公里。", "token": "t1"}


def item_done(member, code: str) -> int:
    return db.session.scalar(
        select(func.count(DutyRecord.id))
        .join(DutyItem, DutyItem.id == DutyRecord.item_id)
        .where(DutyRecord.member_id == member.id, DutyItem.code == code)
    )


def switch(auth, username: str) -> None:
    auth.logout()
    auth.login(username)


def post_ok(client, url: str, **kw) -> None:
    """A form post that succeeds: redirected (303) to where the work goes on."""
    r = client.post(url, **kw)
    assert r.status_code == 303, r.get_data(as_text=True)[:300]


def text_of(client, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200
    return r.get_data(as_text=True)


def fresh(m: Matter) -> Matter:
    db.session.expire_all()
    return db.session.get(Matter, m.id)


def speeches() -> list[Matter]:
    return list(db.session.scalars(select(Matter).where(Matter.loop == "speech")))


def test_an_empty_speech_form_says_what_is_missing_in_chinese_and_keeps_the_text(app, client, auth):
    world()
    auth.login("weiyuan")
    r = client.post("/member/speeches/new", data=SPEECH | {"content": ""})
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "请填写发言稿。" in page and "关于城乡公交一体化的发言" in page
    assert speeches() == []


def test_a_double_tap_on_submit_makes_one_speech(app, client, auth):
    world()
    auth.login("weiyuan")
    first = client.post("/member/speeches/new", data=SPEECH)
    second = client.post("/member/speeches/new", data=SPEECH)
    assert (first.status_code, second.status_code) == (303, 303)
    [m] = speeches()
    assert first.headers["Location"] == second.headers["Location"] == f"/loops/{m.id}"
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert "待选用" in page and "撤回" in page and "打通群众出行最后一公里。" in page


def test_a_group_head_speaks_for_their_group(app, client, auth):
    world()
    auth.login("shizu")
    form = client.get("/member/speeches/new").get_data(as_text=True)
    assert "委员室组：西塘桥街道" in form
    client.post("/member/speeches/new", data=SPEECH | {"collective": "office_group:西塘桥街道"})
    [m] = speeches()
    assert (m.collective_kind, m.collective_name) == ("office_group", "西塘桥街道")


def test_selected_oral_shows_on_the_page_and_marks_item_six_done(app, client, auth):
    w = world()
    m = svc.speech_submit(w.member_user, "发言", "内容")
    db.session.commit()
    auth.login("jiguan")
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert f"/secretariat/speeches/{m.id}/select" in page
    r = client.post(f"/secretariat/speeches/{m.id}/select", data={"version": m.version})
    assert r.status_code == 200 and "请选择选用结果。" in r.get_data(as_text=True)
    r = client.post(
        f"/secretariat/speeches/{m.id}/select", data={"decision": "oral", "version": m.version}
    )
    assert r.status_code == 303
    assert item_done(w.member, "consultation_speech") == 1
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert "口头发言" in page and f"/secretariat/speeches/{m.id}/instruct" in page


def test_the_instructed_speech_goes_to_the_department_and_its_feedback_to_the_speaker(
    app, client, auth
):
    w = world()
    dept = gen_department(w.org, "县交通运输局")
    gen_department_user(w.org, dept, "chengban")
    m = svc.speech_submit(w.member_user, "关于城乡公交的发言", "内容")
    svc.speech_select(w.secretariat_user, m, "oral")
    db.session.commit()
    auth.login("lingdao")
    assert "关于城乡公交的发言" in client.get("/board/speeches").get_data(as_text=True)
    r = client.post(
        f"/board/speeches/{m.id}/instruct",
        data={"level": "county", "text": "请交通部门研究。", "version": m.version},
    )
    assert r.status_code == 303
    switch(auth, "jiguan")
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert "县级 lingdao 批示：请交通部门研究。" in page
    assert "下一年度全会预备会议前" in page
    m = fresh(m)
    r = client.post(
        f"/secretariat/speeches/{m.id}/assign", data={"lead": dept.id, "version": m.version}
    )
    assert r.status_code == 303
    switch(auth, "chengban")
    portal = client.get("/department/").get_data(as_text=True)
    assert "关于城乡公交的发言" in portal
    page = client.get(f"/department/matters/{m.id}").get_data(as_text=True)
    assert "发言人" in page and "发言稿" in page
    m = fresh(m)
    client.post(f"/department/matters/{m.id}/accept", data={"version": m.version})
    m = fresh(m)
    reply = {"reply_class": "A", "text": "已新开两条城乡公交线路。"}
    files = {"files": [(io.BytesIO(PDF), "反馈函.pdf")]}
    url = f"/department/matters/{m.id}/reply"
    post_ok(client, url, data=reply | files | {"version": m.version}, content_type=FILES)
    switch(auth, "weiyuan")
    mine = text_of(client, "/member/speeches")
    assert "县交通运输局已反馈" in mine and "已新开两条城乡公交线路。" in mine


def test_a_work_suggestion_is_submitted_answered_and_read_with_item_ten_done(app, client, auth):
    w = world()
    auth.login("weiyuan")
    data = {"title": "建议增加读书活动", "content": "每季度一次委员读书会。", "token": "ws"}
    assert client.post("/member/work-suggestions/new", data=data).status_code == 303
    assert client.post("/member/work-suggestions/new", data=data).status_code == 303
    [m] = db.session.scalars(select(Matter).where(Matter.loop == "work_suggestion")).all()
    assert item_done(w.member, "work_suggestion") == 1
    switch(auth, "jiguan")
    queue = client.get("/secretariat/work-suggestions").get_data(as_text=True)
    assert "建议增加读书活动" in queue
    r = client.post(f"/secretariat/work-suggestions/{m.id}/answer", data={"answer": "adopt"})
    assert r.status_code == 200 and "请填写答复内容。" in r.get_data(as_text=True)
    answer = {"answer": "adopt", "reply": "已列入明年计划。", "version": m.version}
    post_ok(client, f"/secretariat/work-suggestions/{m.id}/answer", data=answer)
    switch(auth, "weiyuan")
    assert "答复：已列入明年计划。" in text_of(client, "/member/work-suggestions")


def test_the_registers_list_every_speech_and_suggestion_of_the_year(app, client, auth):
    w = world()
    m = svc.speech_submit(w.member_user, "发言一", "内容")
    svc.speech_select(w.secretariat_user, m, "written")
    s = svc.work_suggestion_submit(w.member_user, "建议一", "内容一")
    svc.work_suggestion_answer(w.secretariat_user, s, "note", "已转相关委室。")
    db.session.commit()
    auth.login("jiguan")
    r = client.get("/secretariat/speeches/export.xlsx")
    rows = list(load_workbook(io.BytesIO(r.data)).active.values)
    assert rows[0][:4] == ("标题", "发言人", "状态", "发言方式")
    assert rows[1][:4] == ("发言一", "张岩枢", "已选用", "书面发言")
    r = client.get("/secretariat/work-suggestions/export.xlsx")
    rows = list(load_workbook(io.BytesIO(r.data)).active.values)
    assert rows[1] == ("建议一", "张岩枢", "已知悉", rows[1][3], "内容一", "已转相关委室。")


def test_the_secretariat_and_leaders_find_what_waits_for_them_in_the_inbox(app, client, auth):
    w = world()
    svc.speech_submit(w.member_user, "待选用", "内容")
    selected = svc.speech_submit(w.member_user, "已选用", "内容")
    svc.speech_select(w.secretariat_user, selected, "oral")
    svc.work_suggestion_submit(w.member_user, "建议", "内容")
    db.session.commit()
    auth.login("jiguan")
    inbox = client.get("/inbox/").get_data(as_text=True)
    assert "1 篇大会发言待选用" in inbox and "1 条政协工作建议待答复" in inbox
    switch(auth, "lingdao")
    assert "1 篇大会发言已选用，可批示" in client.get("/inbox/").get_data(as_text=True)


def test_the_year_figures_come_from_one_statement_however_many_matters(app, statements):
    w = world()
    org_id, year = w.org.id, local_today().year

    def count():
        with statements() as n:
            s, ws = sel.figures(org_id, year)
        return n(), s, ws

    one, _, _ = count()
    for i in range(3):
        m = svc.speech_submit(w.member_user, f"发言{i}", "内容")
        svc.speech_select(w.secretariat_user, m, "oral" if i else "written")
        svc.work_suggestion_submit(w.member_user, f"建议{i}", "内容")
    svc.speech_reject(w.secretariat_user, svc.speech_submit(w.member_user, "未选", "内容"))
    db.session.commit()
    many, s, ws = count()
    assert one == many == 1
    assert (s.received, s.selected, s.oral, s.written, s.not_selected) == (4, 3, 2, 1, 1)
    assert (ws.received, ws.waiting) == (3, 3)


def test_the_board_overview_costs_the_same_statements_for_more_speeches(
    app, client, auth, statements
):
    w = world()
    auth.login("lingdao")

    def cost():
        with statements() as n:
            assert client.get("/board/speeches").status_code == 200
        return n()

    def add(i):
        m = svc.speech_submit(w.member_user, f"发言{i}", "内容")
        svc.speech_select(w.secretariat_user, m, "oral")
        svc.speech_instruct(w.leader_user, m, "请研究", "county")
        db.session.commit()

    add(0)
    few = cost()
    for i in range(1, 6):
        add(i)
    assert cost() == few


def test_an_instructed_speech_not_fed_back_by_next_years_prep_meeting_is_overdue_in_the_inbox(
    app, client, auth
):
    w = world()
    m = svc.speech_submit(w.member_user, "去年的发言", "内容", year=2024)
    svc.speech_select(w.secretariat_user, m, "written")
    svc.speech_instruct(w.secretariat_user, m, "请研究", "county", "县长")
    db.session.commit()
    auth.login("jiguan")
    assert "批示件逾期未反馈" not in text_of(client, "/inbox/")  # 2025's meeting: not scheduled
    db.session.add(
        Meeting(org_id=w.org.id, kind="plenary_prep", title="预备会议", held_on=date(2025, 1, 6))
    )
    db.session.commit()
    inbox = text_of(client, "/inbox/")
    assert "1 篇批示件逾期未反馈" in inbox and "1 篇领导批示的大会发言待交办" in inbox
    page = text_of(client, f"/loops/{m.id}")
    assert "2025-01-06" in page and "已逾期" in page


def test_the_queues_and_the_members_list_cost_the_same_statements_for_more_matters(
    app, client, auth, statements
):
    w = world()
    urls = {
        "jiguan": ["/secretariat/speeches?stage=all", "/secretariat/work-suggestions?stage=all"],
        "weiyuan": ["/member/speeches", "/member/work-suggestions"],
    }

    def add(i):
        m = svc.speech_submit(w.member_user, f"发言{i}", "内容")
        svc.speech_select(w.secretariat_user, m, "oral")
        svc.speech_instruct(w.leader_user, m, "请研究", "county")
        svc.work_suggestion_submit(w.member_user, f"建议{i}", "内容")
        db.session.commit()

    def cost() -> list[int]:
        found = []
        for user, pages in urls.items():
            auth.login(user)
            for url in pages:
                with statements() as n:
                    assert client.get(url).status_code == 200
                found.append(n())
            auth.logout()
        return found

    add(0)
    few = cost()
    for i in range(1, 6):
        add(i)
    assert cost() == few
