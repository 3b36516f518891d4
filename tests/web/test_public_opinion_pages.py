"""社情民意 pages: the member's form without JavaScript (counter, files, draft, submit,
errors that keep the text), the report page for each party, the editor's review, the
bulletin editor and its printable page, the archive's withdrawn credits, the figures from a
fixed number of statements and the .xlsx register."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Attachment, DutyRecord, Matter, User
from lvzhi.services import public_opinion as svc
from lvzhi.services.loop_instructions import matter_forward_record

from ..factories import gen_instructed_opinion, gen_opinion, png_bytes, world

FORM = {
    "title": "关于村道路灯长期不亮的情况反映",
    "situation": "某村主干道路灯半年未修。",
    "analysis": "维修责任不清。",
    "suggestions_text": "明确维护主体。",
    "token": "tok-po-1",
}


def _count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def test_the_form_counts_characters_on_the_server_too(app, client, auth):
    world()
    auth.login("weiyuan")
    page = client.get("/member/opinions/new").get_data(as_text=True)
    assert "已写 0 字，建议不超过 1,500 字" in page
    long = {"situation": "情况 " * 800, "suggestions_text": "", "action": "submit"}
    page = client.post("/member/opinions/new", data=FORM | long).get_data(as_text=True)
    assert "已写 1,607 字，建议不超过 1,500 字，请精简" in page  # spaces are not counted


def test_a_draft_with_a_photo_is_saved_without_javascript_then_sent(app, client, auth):
    w = world()
    auth.login("weiyuan")
    data = FORM | {"action": "draft", "files": (io.BytesIO(png_bytes()), "路灯.png")}
    r = client.post("/member/opinions/new", data=data, content_type="multipart/form-data")
    assert r.status_code == 303
    m = db.session.scalar(select(Matter).where(Matter.loop == "public_opinion"))
    assert m.stage == "draft" and _count(Attachment) == 1
    again = client.post("/member/opinions/new", data=FORM | {"action": "draft"})
    assert again.status_code == 303 and _count(Matter) == 1  # the token: one report
    page = client.get(f"/member/opinions/{m.id}/edit").get_data(as_text=True)
    assert "路灯.png" in page and "已写" in page
    r = client.post(
        f"/member/opinions/{m.id}/edit", data=FORM | {"action": "submit", "version": m.version}
    )
    assert r.status_code == 303
    db.session.refresh(m)
    assert m.stage == "submitted"
    credited = db.session.scalar(select(DutyRecord).where(DutyRecord.member_id == w.member.id))
    assert credited is not None and credited.source_type == "public_opinion"


def test_sending_without_suggestions_names_the_field_and_keeps_the_text(app, client, auth):
    world()
    auth.login("weiyuan")
    r = client.post(
        "/member/opinions/new", data=FORM | {"suggestions_text": "", "action": "submit"}
    )
    page = r.get_data(as_text=True)
    assert (
        r.status_code == 200 and "请填写意见建议。" in page and "某村主干道路灯半年未修。" in page
    )
    m = db.session.scalar(select(Matter))
    assert m.stage == "draft"  # saved as a draft, nothing lost


def test_autosave_creates_one_draft_and_answers_its_version(app, client, auth):
    world()
    auth.login("weiyuan")
    r = client.post("/member/opinions/autosave", data=FORM, headers={"HX-Request": "true"})
    assert "已自动保存" in r.get_data(as_text=True)
    client.post("/member/opinions/autosave", data=FORM | {"title": "改过的标题"})
    assert [m.title for m in db.session.scalars(select(Matter))] == ["改过的标题"]


def test_the_member_withdraws_and_the_archive_says_why_the_credit_went(app, client, auth):
    w = world()
    m = gen_opinion(w.member_user, submit=True)
    auth.login("weiyuan")
    r = client.post(
        f"/member/opinions/{m.id}/withdraw", data={"version": m.version, "reason": "还要补充数据"}
    )
    assert r.status_code == 303
    page = client.get("/member/archive").get_data(as_text=True)
    assert "已撤销" in page and "本人撤回（还要补充数据）" in page
    # the group's head reads the same line in the member's archive, without a link to a 404
    auth.logout()
    auth.login("shizu")
    page = client.get(f"/group/members/{w.member.id}/archive").get_data(as_text=True)
    assert "本人撤回（还要补充数据）" in page and f'href="/loops/{m.id}"' not in page
    assert client.get(f"/loops/{m.id}").status_code == 404


def test_the_editor_rejects_with_a_reason_the_member_reads(app, client, auth):
    w = world()
    m = gen_opinion(w.member_user, "个人求职诉求", submit=True)
    auth.login("jiguan")
    r = client.post(
        f"/secretariat/opinions/{m.id}/review", data={"decision": "reject", "version": m.version}
    )
    assert "请填写不属于社情民意信息的理由。" in r.get_data(as_text=True)
    r = client.post(
        f"/secretariat/opinions/{m.id}/review",
        data={"decision": "reject", "reason": "属于个人诉求", "version": m.version},
    )
    assert r.status_code == 303
    auth.logout()
    auth.login("weiyuan")
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert "不属于社情民意" in page and "属于个人诉求" in page
    archive = client.get("/member/archive").get_data(as_text=True)
    assert "经审核不属于社情民意信息（属于个人诉求）" in archive


def test_an_issue_is_edited_published_and_printed_from_its_reports(app, client, auth):
    w = world()
    m = gen_opinion(w.member_user, submit=True)
    svc.opinion_review(w.secretariat_user, m, "adopt")
    auth.login("jiguan")
    r = client.post("/secretariat/bulletins/new")
    assert r.status_code == 303
    issue_url = r.headers["Location"]
    assert "关于村道路灯长期不亮的情况反映" in client.get(issue_url).get_data(as_text=True)
    assert client.post(issue_url, data={"matter": [m.id]}).status_code == 303
    bid = int(issue_url.rstrip("/").rsplit("/", 1)[1])
    on = local_today().isoformat()
    unticked = client.post(f"/secretariat/bulletins/{bid}/publish", data={"on": on})
    assert "请勾选“确认印发”：印发后不能再修改。" in unticked.get_data(as_text=True)
    r = client.post(f"/secretariat/bulletins/{bid}/publish", data={"on": on, "confirmed": "y"})
    assert r.status_code == 303
    page = client.get(f"/loops/bulletins/{bid}").get_data(as_text=True)
    assert "某村主干道路灯半年未修" in page and "张岩枢" in page
    assert f"{local_today().year}年第1期" in page and "data-print" in page


def test_a_member_reads_a_peer_report_only_once_published(app, client, auth):
    w = world()
    peer = db.session.scalar(select(User).where(User.member_id == w.peer.id))
    m = gen_opinion(peer, "李伟的信息", submit=True)
    svc.opinion_review(w.secretariat_user, m, "adopt")
    issue = svc.bulletin_create(w.secretariat_user)
    svc.bulletin_add(w.secretariat_user, issue, [m])
    auth.login("weiyuan")
    assert client.get(f"/loops/{m.id}").status_code == 404
    assert client.get(f"/loops/bulletins/{issue.id}").status_code == 404
    svc.bulletin_publish(w.secretariat_user, issue)
    assert client.get(f"/loops/{m.id}").status_code == 200
    assert "李伟的信息" in client.get(f"/loops/bulletins/{issue.id}").get_data(as_text=True)


def test_figures_come_from_a_fixed_number_of_statements(app, client, auth, statements):
    w = world()
    auth.login("jiguan")
    gen_instructed_opinion(w)
    client.get("/secretariat/opinions/figures")
    with statements() as few:
        page = client.get("/secretariat/opinions/figures").get_data(as_text=True)
    for i in range(6):
        m = gen_opinion(w.member_user, f"信息{i}", submit=True)
        svc.opinion_review(w.secretariat_user, m, "adopt")
        matter_forward_record(w.secretariat_user, m, "city", local_today())
    with statements() as many:
        page = client.get("/secretariat/opinions/figures").get_data(as_text=True)
    assert many() == few()
    assert '<span class="stat-num">7</span><span class="stat-label">收到信息</span>' in page
    assert "<td>张岩枢</td><td>7</td><td>7</td><td>7</td><td>1</td>" in page
    assert "<td>西塘桥街道</td><td>7</td>" in page and "<td>经济界</td><td>7</td>" in page
    assert "<td>县委、县政府 / 县级领导</td><td>1</td><td>1</td>" in page
    assert "<td>市政协 / 市级领导</td><td>6</td><td>0</td>" in page


def test_the_register_exports_every_sent_report(app, client, auth):
    w = world()
    gen_instructed_opinion(w)
    gen_opinion(w.member_user, '=HYPERLINK("x")', submit=True)
    gen_opinion(w.member_user, "草稿不导出")
    auth.login("jiguan")
    r = client.get("/secretariat/opinions/export.xlsx")
    ws = load_workbook(io.BytesIO(r.data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "标题", "报送人")
    titles = [row[1] for row in rows[1:]]
    assert titles == ["关于村道路灯长期不亮的情况反映", '=HYPERLINK("x")']
    assert ws.cell(row=3, column=2).data_type == "s"
    assert "县级领导 县长 王某" in rows[1][9]


def test_the_leaders_overview_lists_instructed_reports(app, client, auth):
    w = world()
    gen_instructed_opinion(w)
    auth.login("lingdao")
    page = client.get("/board/opinions").get_data(as_text=True)
    assert "领导批示件办理情况" in page and "关于村道路灯长期不亮的情况反映" in page
    # the register exports for leaders too, with the 批示
    year = local_today().year
    assert f'href="/board/opinions/export.xlsx?year={year}"' in page
    sheet = load_workbook(io.BytesIO(client.get(f"/board/opinions/export.xlsx?year={year}").data))
    rows = [[c.value for c in r] for r in sheet.active.iter_rows()]
    assert rows[1][1] == "关于村道路灯长期不亮的情况反映" and "县长 王某" in rows[1][9]


def test_a_leader_records_their_own_instruction_on_a_forwarded_report(app, client, auth):
    """DOMAIN.md: a leader "may record an instruction (批示)". The overview lists what was
    forwarded and waits for one; the leader's own 批示 is in their name unless another is
    given, the report then waits for 交办 — and a form posted from a page opened before the
    report moved is refused with the text kept."""
    from lvzhi.models import MatterInstruction

    w = world()
    m = gen_opinion(w.member_user, "关于集镇停车难的情况反映", submit=True)
    svc.opinion_review(w.secretariat_user, m, "adopt")
    matter_forward_record(w.secretariat_user, m, "county", local_today())
    m_id, version = m.id, m.version
    db.session.commit()
    auth.login("lingdao")
    board = client.get("/board/opinions").get_data(as_text=True)
    waiting = board[board.index("已报送、待领导批示") : board.index("领导批示件办理情况")]
    assert "关于集镇停车难的情况反映" in waiting
    page = client.get(f"/loops/{m_id}").get_data(as_text=True)
    assert f'href="/board/opinions/{m_id}/instruction"' in page
    url = f"/board/opinions/{m_id}/instruction"
    form = client.get(url).get_data(as_text=True)
    assert "不填即为您本人" in form
    base = {"on": local_today().isoformat(), "text": "请县住建局研究解决。", "version": version}
    refused = client.post(url, data=base).get_data(as_text=True)
    assert "请选择批示领导的层级" in refused and "请县住建局研究解决。" in refused
    done = client.post(url, data=base | {"level": "county"})
    assert done.status_code == 303
    db.session.expire_all()
    m = db.session.get(Matter, m_id)
    assert m.stage == "instructed"
    (record,) = db.session.scalars(
        select(MatterInstruction).where(MatterInstruction.matter_id == m_id)
    )
    assert record.leader == w.leader_user.display_name and record.text == "请县住建局研究解决。"
    assert (
        f"{record.leader}（{local_today().isoformat()}）批示：请县住建局研究解决。"
        in client.get(f"/loops/{m_id}").get_data(as_text=True)
    )
    # the same page posted again: the report has moved on, the text comes back to copy
    stale = client.post(url, data=base | {"level": "county", "text": "再次批示"})
    assert "再次批示" in stale.get_data(as_text=True)
    assert db.session.scalar(select(func.count(MatterInstruction.id))) == 1
    board = client.get("/board/opinions").get_data(as_text=True)
    waiting = board[board.index("已报送、待领导批示") : board.index("领导批示件办理情况")]
    assert "关于集镇停车难的情况反映" not in waiting and "本年度没有待批示的信息" in waiting
    assert "关于集镇停车难的情况反映" in board[board.index("领导批示件办理情况") :]
    # the secretariat's own link records a named leader's; a member who is not a leader
    # sees no link
    auth.logout()
    auth.login("jiguan")
    page = client.get(f"/loops/{m_id}").get_data(as_text=True)
    assert "/board/opinions/" not in page and f"/secretariat/opinions/{m_id}/instruction" in page
    auth.logout()
    auth.login("weiyuan")
    page = client.get(f"/loops/{m_id}").get_data(as_text=True)
    assert "/instruction" not in page


def test_the_leaders_overview_loads_only_the_instructed_reports(app, client, auth):
    """The overview's 批示 list reads the reports at 批示 and after, not every report sent
    with its people — as columns: five more reports sent and adopted, and the instructed
    one, load no object."""
    from sqlalchemy import event

    from lvzhi.models import Member

    w = world()
    gen_instructed_opinion(w)
    for i in range(5):
        m = gen_opinion(w.member_user, f"信息{i}", submit=True)
        svc.opinion_review(w.secretariat_user, m, "adopt")
    db.session.commit()
    auth.login("lingdao")
    db.session.expunge_all()
    loaded = []

    def count(target, _context):
        loaded.append(type(target).__name__)

    for model in (Matter, Member):
        event.listen(model, "load", count)
    try:
        page = client.get("/board/opinions").get_data(as_text=True)
    finally:
        for model in (Matter, Member):
            event.remove(model, "load", count)
    assert loaded == []
    assert "关于村道路灯长期不亮的情况反映" in page and "信息0" not in page


def test_every_waiting_step_is_a_todo(app, client, auth):
    w = world()
    gen_opinion(w.member_user, "草稿一篇")
    gen_opinion(w.member_user, "待采编一篇", submit=True)
    adopted = gen_opinion(w.member_user, "已采用一篇", submit=True)
    svc.opinion_review(w.secretariat_user, adopted, "adopt")
    gen_instructed_opinion(w, "批示件一篇")
    issue = svc.bulletin_create(w.secretariat_user)
    svc.bulletin_add(w.secretariat_user, issue, [adopted])
    db.session.commit()
    auth.login("weiyuan")
    assert "社情民意草稿未报送：草稿一篇" in client.get("/inbox/").get_data(as_text=True)
    auth.logout()
    auth.login("jiguan")
    inbox = client.get("/inbox/").get_data(as_text=True)
    for words in (
        "1 篇社情民意信息待采编",
        "1 篇已采用的信息待报送",
        "1 篇有领导批示的信息待交办",
        "1 篇已采用的信息待编入《社情民意》",
        "1 期《社情民意》待印发",
    ):
        assert words in inbox


def test_the_queue_and_the_members_list_do_not_grow_with_reports(app, client, auth, statements):
    w = world()

    def counts() -> tuple[int, int]:
        found = []
        for login, url in (
            ("jiguan", "/secretariat/opinions?stage=all"),
            ("weiyuan", "/member/opinions"),
        ):
            auth.login(login)
            client.get(url)
            with statements() as n:
                assert client.get(url).status_code == 200
            found.append(n())
            auth.logout()
        return tuple(found)

    gen_instructed_opinion(w, "第一篇")
    few = counts()
    for i in range(5):
        gen_instructed_opinion(w, f"第{i + 2}篇")
    assert counts() == few


def test_the_secretariat_enters_a_sectors_report_which_counts_for_the_sector(app, client, auth):
    w = world()
    auth.login("jiguan")
    page = client.get("/secretariat/opinions/new").get_data(as_text=True)
    assert "界别：经济界" in page and "保存草稿" not in page
    data = FORM | {"collective": f"sector:{w.sector.id}", "action": "submit"}
    assert client.post("/secretariat/opinions/new", data=data).status_code == 303
    m = db.session.scalar(select(Matter))
    assert (m.stage, m.collective_name, m.sector_id) == ("submitted", "经济界", w.sector.id)
    assert _count(DutyRecord) == 0  # a collective's report credits nobody
    page = client.get("/secretariat/opinions/figures").get_data(as_text=True)
    assert "<td>经济界</td><td>1</td>" in page


def test_handling_past_three_months_is_an_urgent_todo(app, client, auth):
    from datetime import timedelta

    from lvzhi.models import Department
    from lvzhi.services.loops import matter_assign

    w = world()
    m = gen_instructed_opinion(w)
    dept = Department(org_id=w.org.id, name="县交通运输局")
    db.session.add(dept)
    matter_assign(w.secretariat_user, m, dept, assigned_on=local_today() - timedelta(days=100))
    db.session.commit()
    auth.login("jiguan")
    assert "1 篇批示件逾期未反馈" in client.get("/inbox/").get_data(as_text=True)


def test_the_queue_costs_the_same_whatever_the_office_groups_and_loads_no_assignment(
    app, client, auth, statements
):
    from sqlalchemy import event

    from lvzhi.models import MatterAssignment

    w = world()
    first = gen_opinion(w.member_user, "西塘桥的信息", submit=True)
    first.office_group_id = w.group.id
    db.session.commit()
    auth.login("jiguan")
    url = "/secretariat/opinions?stage=submitted"
    client.get(url)
    with statements() as few:
        client.get(url)
    second = gen_opinion(w.member_user, "武原的信息", submit=True)
    second.office_group_id = w.other_group.id
    db.session.commit()
    loaded: list = []

    def on_load(target, _context):
        loaded.append(target)

    event.listen(MatterAssignment, "load", on_load)
    try:
        with statements() as many:
            html = client.get(url).get_data(as_text=True)
    finally:
        event.remove(MatterAssignment, "load", on_load)
    assert "西塘桥街道" in html and "武原街道" in html
    assert many() == few()  # the office groups in one statement, however many
    assert loaded == []  # the list shows no department


def test_the_queue_lists_fifty_reports_a_page_and_loads_only_those(app, client, auth):
    from sqlalchemy import event

    w = world()
    for i in range(53):
        gen_opinion(w.member_user, f"第{i:02d}篇信息", submit=True)
    gen_opinion(w.member_user, "未报送的草稿")
    db.session.commit()
    loaded: list = []

    def on_load(target, _context):
        loaded.append(target)

    auth.login("jiguan")
    event.listen(Matter, "load", on_load)
    try:
        first = client.get("/secretariat/opinions?stage=all").get_data(as_text=True)
        assert len(loaded) == 50  # the page's reports, not the year's
        loaded.clear()
        second = client.get("/secretariat/opinions?stage=all&page=2").get_data(as_text=True)
        assert len(loaded) == 3
    finally:
        event.remove(Matter, "load", on_load)
    assert "第00篇信息" in first and "第49篇信息" in first and "第50篇信息" not in first
    assert "第 1 / 2 页，共 53 条" in first
    assert 'href="/secretariat/opinions?page=2&amp;stage=all&amp;year=' in first
    assert all(f"第{i}篇信息" in second for i in (50, 51, 52))
    assert "第49篇信息" not in second and "未报送的草稿" not in second
    assert 'href="/secretariat/opinions?page=1&amp;stage=all&amp;year=' in second


def test_an_empty_form_sent_or_saved_makes_no_draft(app, client, auth):
    """保存草稿 or 报送/提交 pressed on an empty form says so and leaves no untitled draft."""
    world()
    auth.login("weiyuan")
    for url, action in (
        ("/member/opinions/new", "save"),
        ("/member/opinions/new", "submit"),
        ("/member/proposals/new", "save"),
        ("/member/proposals/new", "submit"),
    ):
        page = client.post(url, data={"action": action, "token": f"t-{url}-{action}"})
        assert "还没有填写任何内容" in page.get_data(as_text=True), (url, action)
    assert _count(Matter) == 0


def test_a_double_tap_on_send_without_javascript_shows_it_sent(app, client, auth):
    world()
    auth.login("weiyuan")
    data = FORM | {"action": "submit"}
    assert client.post("/member/opinions/new", data=data).status_code == 303
    second = client.post("/member/opinions/new", data=data, follow_redirects=True)
    page = second.get_data(as_text=True)
    assert "已报送政协机关，等待采编" in page and "不能修改" not in page
    assert _count(Matter) == 1


def test_every_missing_part_of_a_report_is_named_at_once(app, client, auth):
    world()
    auth.login("weiyuan")
    data = FORM | {"title": "", "suggestions_text": "", "action": "submit"}
    page = client.post("/member/opinions/new", data=data).get_data(as_text=True)
    assert "请填写标题。" in page and "请填写意见建议。" in page
    assert "某村主干道路灯半年未修。" in page


def test_a_double_tap_on_send_from_a_saved_draft_shows_it_sent(app, client, auth):
    """A draft saved earlier is sent from its edit page: the second tap ends on the sent
    report too, and a post that would change it is still refused."""
    world()
    auth.login("weiyuan")
    assert client.post("/member/opinions/new", data=FORM | {"action": "draft"}).status_code == 303
    m = db.session.scalar(select(Matter).where(Matter.loop == "public_opinion"))
    url = f"/member/opinions/{m.id}/edit"
    data = FORM | {"action": "submit", "version": m.version}
    assert client.post(url, data=data).status_code == 303
    second = client.post(url, data=data, follow_redirects=True).get_data(as_text=True)
    assert "已报送政协机关，等待采编" in second and "不能再修改" not in second
    changed = client.post(url, data=data | {"title": "另一个标题"}, follow_redirects=True)
    assert "不能再修改" in changed.get_data(as_text=True)


def test_a_double_tap_on_send_with_a_photo_shows_it_sent_with_one_photo(app, client, auth):
    from lvzhi.models import Attachment

    world()
    auth.login("weiyuan")

    def post():
        data = FORM | {"action": "submit", "files": (io.BytesIO(png_bytes()), "路灯.png")}
        return client.post("/member/opinions/new", data=data, content_type="multipart/form-data")

    assert post().status_code == 303
    second = post()
    assert second.status_code == 303
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "已报送政协机关，等待采编" in page and "不能修改" not in page
    assert _count(Matter) == 1 and _count(Attachment) == 1
