"""The secretariat's and leaders' proposal pages: 立案 review, 交办 one by one and in bulk,
the register export, the figures, the to-dos — and their statement counts, which do not
grow with the number of proposals."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook
from sqlalchemy import event, func, select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Matter, MatterAssignment
from lvzhi.services import loops as loop_svc
from lvzhi.services import proposal_review
from lvzhi.services import proposals as svc

from ..factories import gen_department, gen_proposal, world


def submitted(w, title="关于紧固件国内市场集采的建议", **fields) -> Matter:
    m = gen_proposal(w.member_user, title, **fields)
    svc.proposal_submit(w.member_user, m)
    return m


def filed(w, title="关于紧固件国内市场集采的建议", **fields) -> Matter:
    m = submitted(w, title, **fields)
    proposal_review.proposal_file(w.secretariat_user, m)
    return m


def test_not_filing_without_a_reason_shows_the_error_next_to_the_reason(app, client, auth):
    w = world()
    m = submitted(w)
    auth.login("jiguan")
    r = client.post(
        f"/secretariat/proposals/{m.id}/review",
        data={"decision": "not_file", "version": str(m.version), "note": "我写的说明"},
    )
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "请选择不予立案的理由。" in page and "我写的说明" in page


def test_filing_numbers_the_proposal_and_the_page_shows_filing_apart_from_handling(
    app, client, auth
):
    w = world()
    m = submitted(w)
    svc.loop_setting_save(w.secretariat_user, m.year, "proposal", session="第十一届三次会议")
    auth.login("jiguan")
    r = client.post(
        f"/secretariat/proposals/{m.id}/review",
        data={"decision": "file", "version": str(m.version), "session": "第十一届三次会议"},
    )
    assert r.status_code == 303
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert "第十一届三次会议 第0001号" in page and "已立案" in page and ">交办<" in page


def test_assigning_to_two_departments_shows_both_with_the_reply_due(app, client, auth):
    w = world()
    m = filed(w)
    lead, co = gen_department(w.org, "县发改局"), gen_department(w.org, "县经信局")
    db.session.commit()
    auth.login("jiguan")
    r = client.post(
        f"/secretariat/proposals/{m.id}/assign",
        data={"lead": str(lead.id), "co": [str(co.id)], "version": str(m.version)},
    )
    assert r.status_code == 303
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert "县发改局" in page and "县经信局" in page and "答复期限" in page
    assert "已交办" in page


def test_assigning_without_a_lead_is_refused_in_chinese(app, client, auth):
    w = world()
    m = filed(w)
    auth.login("jiguan")
    r = client.post(f"/secretariat/proposals/{m.id}/assign", data={"version": str(m.version)})
    assert r.status_code == 200 and "请选择主办单位。" in r.get_data(as_text=True)


def test_bulk_assignment_assigns_every_proposal_with_a_lead_chosen(app, client, auth):
    w = world()
    a, b = filed(w, "甲"), filed(w, "乙")
    filed(w, "丙")
    lead, co = gen_department(w.org, "县发改局"), gen_department(w.org, "县经信局")
    db.session.commit()
    auth.login("jiguan")
    page = client.get("/secretariat/proposals/assign").get_data(as_text=True)
    assert "甲" in page and "丙" in page
    r = client.post(
        "/secretariat/proposals/assign",
        data={f"lead-{a.id}": str(lead.id), f"lead-{b.id}": str(co.id), f"co-{a.id}": str(co.id)},
    )
    assert r.status_code == 303
    db.session.expire_all()
    stages = {m.title: m.stage for m in db.session.scalars(select(Matter))}
    assert stages == {"甲": "assigned", "乙": "assigned", "丙": "filed"}
    assert db.session.query(MatterAssignment).filter_by(matter_id=a.id).count() == 2


def test_the_register_export_keeps_typed_text_as_text(app, client, auth):
    w = world()
    filed(w, "=1+1 关于公式的建议")
    auth.login("jiguan")
    r = client.get("/secretariat/proposals/export.xlsx")
    ws = load_workbook(io.BytesIO(r.data)).active
    assert [c.value for c in ws[1]][:3] == ["编号", "标题", "提出人"]
    title = ws.cell(row=2, column=2)
    assert title.value == "=1+1 关于公式的建议" and title.data_type == "s"
    assert ws.cell(row=2, column=3).value == "张岩枢"


def test_the_figures_page_counts_the_year(app, client, auth):
    w = world()
    filed(w, "甲")
    m = submitted(w, "乙")
    proposal_review.proposal_not_file(w.secretariat_user, m, "属于个人诉求")
    auth.login("jiguan")
    page = client.get("/secretariat/proposals/figures").get_data(as_text=True)
    assert "收到提案" in page and "办复率" in page
    r = client.get("/secretariat/proposals/figures.xlsx")
    rows = {row[0].value: row[1].value for row in load_workbook(io.BytesIO(r.data)).active}
    assert rows["收到提案"] == 2 and rows["立案"] == 1 and rows["转为意见建议"] == 1
    assert "优秀提案（0 件）" in page


def test_the_years_excellent_proposals_are_counted_and_listed(app, client, auth):
    """DOMAIN: 优秀提案 chosen at year end — the figures list them, for the office and the
    leaders, and the export carries them."""
    w = world()
    chosen = filed(w, "关于甲的建议")
    filed(w, "关于乙的建议")
    proposal_review.proposal_mark_excellent(w.secretariat_user, chosen)
    db.session.commit()
    for login, url in (
        ("jiguan", "/secretariat/proposals/figures"),
        ("lingdao", "/board/proposals/figures"),
    ):
        auth.login(login)
        page = client.get(url).get_data(as_text=True)
        assert "优秀提案（1 件）" in page and "关于甲的建议" in page, login
        assert f'href="/loops/{chosen.id}"' in page and "关于乙的建议" not in page, login
        auth.logout()
    auth.login("jiguan")
    r = client.get("/secretariat/proposals/figures.xlsx")
    values = [[c.value for c in row] for row in load_workbook(io.BytesIO(r.data)).active]
    assert ["优秀提案", 1] in values and ["优秀提案", "关于甲的建议"] in values


def test_the_secretariat_sees_its_waiting_proposals_in_the_inbox(app, client, auth):
    w = world()
    submitted(w, "甲")
    submitted(w, "乙")
    filed(w, "丙")
    auth.login("jiguan")
    page = client.get("/inbox/").get_data(as_text=True)
    assert "2 件提案待立案审查" in page and "1 件提案已立案待交办" in page


def grow(w, n: int) -> None:
    dept = gen_department(w.org)
    db.session.commit()
    for i in range(n):
        m = filed(w, f"提案{i}")
        loop_svc.matter_assign(w.secretariat_user, m, dept)


def test_list_and_figures_pages_cost_the_same_with_more_proposals(app, client, auth, statements):
    w = world()
    auth.login("jiguan")
    urls = [
        "/secretariat/proposals?stage=assigned",
        "/loops/proposals",
        "/secretariat/proposals/figures",
        "/secretariat/proposals/overdue",
    ]
    grow(w, 2)
    before = []
    for url in urls:
        with statements() as n:
            assert client.get(url).status_code == 200
        before.append(n())
    grow(w, 8)
    after = []
    for url in urls:
        with statements() as n:
            assert client.get(url).status_code == 200
        after.append(n())
    assert after == before


def test_a_leader_sees_key_proposals_and_records_an_instruction(app, client, auth):
    w = world()
    m = filed(w, "关于重点事项的建议")
    dept = gen_department(w.org, "县发改局")
    db.session.commit()
    loop_svc.matter_assign(w.secretariat_user, m, dept)
    auth.login("jiguan")
    r = client.post(
        f"/secretariat/proposals/{m.id}/key",
        data={"is_key": "y", "leader": str(w.leader_user.id), "version": str(m.version)},
    )
    assert r.status_code == 303
    auth.logout()
    auth.login("lingdao")
    assert "关于重点事项的建议" in client.get("/board/proposals").get_data(as_text=True)
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert "领导批示" in page
    db.session.expire_all()
    m = db.session.get(Matter, m.id)
    r = client.post(f"/board/proposals/{m.id}/instruct", data={"version": str(m.version)})
    assert "请填写批示内容。" in r.get_data(as_text=True)
    r = client.post(
        f"/board/proposals/{m.id}/instruct",
        data={"version": str(m.version), "note": "请抓紧办理"},
    )
    assert r.status_code == 303
    assert "请抓紧办理" in client.get(f"/loops/{m.id}").get_data(as_text=True)


def test_a_key_proposal_may_be_supervised_by_a_government_leader(app, client, auth):
    """DOMAIN.md: key proposals get a supervising leader "from the CPPCC or the government".
    A government leader is outside the system: named with their post. One of the two, never
    both or none; the matter page and the leaders' list show the name."""
    w = world()
    m = filed(w, "关于农村供水提标的建议")
    dept = gen_department(w.org, "县水利局")
    db.session.commit()
    loop_svc.matter_assign(w.secretariat_user, m, dept)
    m_id = m.id
    auth.login("jiguan")
    url = f"/secretariat/proposals/{m_id}/key"
    assert "政府督办领导" in client.get(url).get_data(as_text=True)

    def post(**data):
        db.session.expire_all()
        version = db.session.get(Matter, m_id).version
        return client.post(url, data={"is_key": "y", "version": str(version)} | data)

    none = post().get_data(as_text=True)
    assert "请选择政协督办领导，或填写政府督办领导。" in none
    both = post(leader=str(w.leader_user.id), leader_name="副县长 李某").get_data(as_text=True)
    assert "只填一位督办领导" in both and "副县长 李某" in both
    assert post(leader_name="副县长 李某").status_code == 303
    db.session.expire_all()
    m = db.session.get(Matter, m_id)
    assert m.is_key and m.supervising_leader_id is None
    assert m.supervising_leader_name == "副县长 李某"
    page = client.get(f"/loops/{m_id}").get_data(as_text=True)
    assert "<dt>督办领导</dt><dd>副县长 李某</dd>" in page
    assert "设为重点提案，督办领导：副县长 李某" in page
    # the form opens on what is saved; a CPPCC leader then replaces the government one
    assert 'value="副县长 李某"' in client.get(url).get_data(as_text=True)
    assert post(leader=str(w.leader_user.id)).status_code == 303
    db.session.expire_all()
    m = db.session.get(Matter, m_id)
    assert m.supervising_leader_id == w.leader_user.id
    assert m.supervising_leader_name == w.leader_user.display_name
    auth.logout()
    auth.login("lingdao")
    board = client.get("/board/proposals").get_data(as_text=True)
    assert f"督办：{w.leader_user.display_name}" in board


def test_the_overdue_todo_counts_in_sql_and_costs_the_same_with_more_proposals(
    app, client, auth, statements
):
    """The 待办 badge's overdue count: the same statements and no proposal rows loaded for
    the inbox at 2 and at 10 overdue proposals."""
    w = world()
    dept = gen_department(w.org)
    db.session.commit()
    loaded: list[int] = []

    def on_load(target, _context):
        loaded.append(target.id)

    def inbox_cost(late: int) -> tuple[int, int]:
        for i in range(late):
            m = filed(w, f"逾期提案{i}")
            loop_svc.matter_assign(
                w.secretariat_user, m, dept, assigned_on=local_today() - timedelta(days=200)
            )
        total = db.session.scalar(select(func.count(MatterAssignment.id)))
        loaded.clear()
        with statements() as n:
            page = client.get("/inbox/").get_data(as_text=True)
        assert f"{total} 件提案逾期未答复" in page
        return n(), len(loaded)

    auth.login("jiguan")
    event.listen(Matter, "load", on_load)
    try:
        assert inbox_cost(2) == inbox_cost(8)
    finally:
        event.remove(Matter, "load", on_load)


ENTRY = {
    "collective": "sector:经济界",
    "title": "关于扶持小微企业融资的建议",
    "category": "经济",
    "situation": "小微企业融资难、融资贵。",
    "analysis": "担保体系不健全。",
    "suggestions_text": "设立县级转贷资金池。",
    "is_public": "y",
    "token": "entry-token-1",
}


def test_the_secretariat_enters_a_sectors_collective_proposal_for_review(app, client, auth):
    w = world()
    auth.login("jiguan")
    page = client.get("/secretariat/proposals/new").get_data(as_text=True)
    assert "界别：经济界" in page and "专委会：经济科技委员会" in page and "本人" not in page
    r = client.post("/secretariat/proposals/new", data=ENTRY)
    assert r.status_code == 303
    again = client.post("/secretariat/proposals/new", data=ENTRY)  # a double tap
    assert again.status_code == 303 and again.headers["Location"] == r.headers["Location"]
    (m,) = db.session.scalars(select(Matter).where(Matter.org_id == w.org.id)).all()
    assert (m.collective_kind, m.collective_name, m.stage) == ("sector", "经济界", "submitted")
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "经济界" in page and "关于扶持小微企业融资的建议" in page
    assert "关于扶持小微企业融资的建议" in client.get(
        "/secretariat/proposals?stage=submitted"
    ).get_data(as_text=True)


def test_a_collective_entry_without_its_unit_or_title_says_so_and_keeps_the_text(app, client, auth):
    world()
    auth.login("jiguan")
    page = client.post(
        "/secretariat/proposals/new", data=ENTRY | {"collective": "", "token": "t2"}
    ).get_data(as_text=True)
    assert "请选择提出集体提案的单位。" in page and "设立县级转贷资金池。" in page
    page = client.post(
        "/secretariat/proposals/new", data=ENTRY | {"title": "", "token": "t3"}
    ).get_data(as_text=True)
    assert "标题" in page and "设立县级转贷资金池。" in page
    assert db.session.scalar(select(func.count(Matter.id))) == 0


def test_bulk_assignment_says_how_many_wait_beyond_its_page(app, client, auth, monkeypatch):
    from lvzhi.secretariat import views_proposals

    monkeypatch.setattr(views_proposals, "BULK_ASSIGN_ROWS", 2)
    w = world()
    for title in ("甲", "乙", "丙"):
        filed(w, title)
    db.session.commit()
    auth.login("jiguan")
    page = client.get("/secretariat/proposals/assign").get_data(as_text=True)
    assert "共 3 件待交办，本页列出前 2 件" in page
    monkeypatch.setattr(views_proposals, "BULK_ASSIGN_ROWS", 3)
    page = client.get("/secretariat/proposals/assign").get_data(as_text=True)
    assert "待交办，本页列出前" not in page


def test_the_survivors_page_lists_the_proposals_merged_into_it_with_their_proposers(
    app, client, auth
):
    w = world()
    survivor = filed(w, "关于农贸市场改造的建议")
    m = gen_proposal(w.secretariat_user, collective_kind="sector", collective_name="民建界别")
    svc.proposal_submit(w.secretariat_user, m)
    proposal_review.proposal_file(w.secretariat_user, m)
    proposal_review.proposal_merge(w.secretariat_user, m, survivor)
    db.session.commit()
    auth.login("jiguan")
    page = client.get(f"/loops/{survivor.id}").get_data(as_text=True)
    assert "<dt>并案</dt>" in page and f'href="/loops/{m.id}"' in page and "（民建界别）" in page


def test_an_invitation_answered_after_filing_says_why_instead_of_a_500(app, client, auth):
    """A co-proposer whose page was open before the 立案 review presses 同意联名 afterwards:
    the proposal page comes back with the reason."""
    w = world()
    m = gen_proposal(w.member_user, title="关于电商直播基地的建议")
    svc.proposal_invite(w.member_user, m, [w.director])
    svc.proposal_submit(w.member_user, m)
    proposal_review.proposal_file(w.secretariat_user, m)
    db.session.commit()
    auth.login("zhuanwei")
    r = client.post(f"/member/proposals/{m.id}/answer", data={"accept": "1"})
    assert r.status_code == 303
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert "该提案已完成立案审查，联名名单不再变动。" in page and "同意联名</button>" not in page


def test_a_refusal_no_form_caught_is_a_page_with_its_words_not_a_500(app, client, auth):
    from lvzhi.services import ServiceError

    def refuses():
        raise ServiceError("该事项已办结。")

    app.add_url_rule("/_test_refused", "test_refused", refuses)
    world()
    auth.login("jiguan")
    r = client.get("/_test_refused")
    assert r.status_code == 409 and "该事项已办结。" in r.get_data(as_text=True)
    r = client.get(
        "/_test_refused", headers={"HX-Request": "true", "Referer": "http://evil.example/x"}
    )
    assert r.headers.get("HX-Redirect") == "/"
