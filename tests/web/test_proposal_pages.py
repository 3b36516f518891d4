"""The member's proposal pages: the form (errors next to fields in Chinese, typed text kept,
a double tap or an autosave then a post make one proposal), co-proposers' consent, the
matter page's actions, the evaluation form, the public list."""

from __future__ import annotations

from sqlalchemy import func, select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Matter, User
from lvzhi.services import proposal_review
from lvzhi.services import proposals as svc

from ..factories import gen_proposal, world

FORM = {
    "title": "关于紧固件国内市场集采的建议",
    "category": "经济",
    "situation": "紧固件企业多、规模小。",
    "analysis": "各自议价，成本高。",
    "suggestions_text": "一、搭建集采平台。",
    "is_public": "y",
    "token": "tok-1",
}


def peer_user(w) -> User:
    return db.session.scalar(select(User).where(User.member_id == w.peer.id))


def count_matters() -> int:
    return db.session.scalar(select(func.count(Matter.id)))


def test_submit_without_situation_shows_the_error_next_to_it_and_keeps_the_text(app, client, auth):
    world()
    auth.login("weiyuan")
    r = client.post("/member/proposals/new", data=FORM | {"situation": "", "action": "submit"})
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "请填写案由。" in page and "一、搭建集采平台。" in page
    m = db.session.scalar(select(Matter))
    assert m.stage == "draft"  # the draft is kept; sending again with the text submits it
    r = client.post(
        "/member/proposals/new",
        data=FORM | {"action": "submit", "version": str(m.version)},
    )
    assert r.status_code == 303
    db.session.expire_all()
    assert count_matters() == 1 and db.session.get(Matter, m.id).stage == "submitted"


def test_a_double_tap_or_an_autosave_then_save_makes_one_proposal(app, client, auth):
    world()
    auth.login("weiyuan")
    r = client.post("/member/proposals/autosave", data=FORM, headers={"HX-Request": "true"})
    assert "已自动保存" in r.get_data(as_text=True)
    m = db.session.scalar(select(Matter))
    data = FORM | {"action": "draft", "version": str(m.version), "title": "改过的标题"}
    assert client.post("/member/proposals/new", data=data).status_code == 303
    assert client.post("/member/proposals/new", data=data).status_code in (200, 303)
    db.session.expire_all()
    assert count_matters() == 1
    assert db.session.scalar(select(Matter.title)) == "改过的标题"


def test_a_stale_edit_gets_the_conflict_message_and_keeps_the_typed_text(app, client, auth):
    w = world()
    m = gen_proposal(w.member_user)
    old = m.version
    svc.proposal_save(w.member_user, m, version=old, title="别处改过")
    auth.login("weiyuan")
    r = client.post(
        f"/member/proposals/{m.id}/edit",
        data=FORM | {"title": "我刚输入的标题", "version": str(old), "action": "draft"},
    )
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "我刚输入的标题" in page and "已被" in page


def test_a_co_proposer_is_listed_only_after_confirming(app, client, auth):
    w = world()
    m = gen_proposal(w.member_user)
    auth.login("weiyuan")
    found = client.get(f"/member/proposals/{m.id}/invite?q=李").get_data(as_text=True)
    assert "李伟" in found
    client.post(f"/member/proposals/{m.id}/invite", data={"member": str(w.peer.id)})
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert "待确认联名：李伟" in page
    auth.logout()
    auth.login(w.peer.mobile)
    inbox = client.get("/inbox/").get_data(as_text=True)
    assert "联名邀请" in inbox
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert "同意联名" in page
    client.post(f"/member/proposals/{m.id}/answer", data={"accept": "1"})
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert "张岩枢、李伟" in page


def test_the_matter_page_offers_only_the_viewers_actions(app, client, auth):
    w = world()
    m = gen_proposal(w.member_user)
    svc.proposal_submit(w.member_user, m)
    auth.login("weiyuan")
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert ">撤回<" in page and "立案审查" not in page
    auth.logout()
    auth.login("jiguan")
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert "立案审查" in page and ">撤回<" not in page
    auth.logout()
    auth.login("other_jiguan")
    assert client.get(f"/loops/{m.id}").status_code == 404


def test_an_evaluation_without_a_verdict_is_refused_in_chinese(app, client, auth):
    w = world()
    m = gen_proposal(w.member_user)
    auth.login("weiyuan")
    r = client.post(f"/member/proposals/{m.id}/evaluate", data={"version": str(m.version)})
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "请选择是否满意。" in page
    r = client.post(
        f"/member/proposals/{m.id}/evaluate",
        data={"version": str(m.version), "contacted": "no", "verdict": "satisfied"},
    )
    assert "不能评价" in r.get_data(as_text=True)  # a draft has no reply to rate


def test_the_public_list_shows_filed_public_proposals_and_searches_titles(app, client, auth):
    w = world()
    shown = gen_proposal(peer_user(w), "关于农村供水的建议")
    hidden = gen_proposal(peer_user(w), "关于不公开事项的建议", is_public=False)
    draft = gen_proposal(peer_user(w), "关于草稿的建议")
    for m in (shown, hidden):
        svc.proposal_submit(peer_user(w), m)
        proposal_review.proposal_file(w.secretariat_user, m)
    auth.login("weiyuan")
    page = client.get("/loops/proposals").get_data(as_text=True)
    assert shown.title in page and hidden.title not in page and draft.title not in page
    page = client.get("/loops/proposals?q=供水").get_data(as_text=True)
    assert shown.title in page
    page = client.get("/loops/proposals?q=教育").get_data(as_text=True)
    assert shown.title not in page and "没有符合条件的提案" in page


def replied(w) -> Matter:
    from lvzhi.services import loop_handling, loop_intake, loops
    from lvzhi.services.attachments import CheckedFile

    from ..factories import gen_department

    m = gen_proposal(w.member_user)
    svc.proposal_submit(w.member_user, m)
    proposal_review.proposal_file(w.secretariat_user, m)
    dept = gen_department(w.org, "县发改局")
    loops.matter_assign(w.secretariat_user, m, dept)
    loop_intake.matter_accept(w.secretariat_user, m, dept)
    loop_handling.matter_contact(w.secretariat_user, m, "phone", local_today(), department=dept)
    pdf = CheckedFile("答复函.pdf", "pdf", b"%PDF-1.4\n%%EOF\n")
    loop_handling.matter_reply(w.secretariat_user, m, "B", "列入明年计划。", [pdf], dept)
    return m


def test_an_unsatisfied_proposer_sends_the_reply_back_once(app, client, auth):
    w = world()
    m = replied(w)
    auth.login("weiyuan")
    assert "请评价答复" in client.get("/inbox/").get_data(as_text=True)
    assert "评价答复" in client.get("/member/proposals").get_data(as_text=True)
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert "B 类（列入计划拟解决）" in page and "评价答复" in page
    r = client.post(
        f"/member/proposals/{m.id}/evaluate",
        data={
            "version": str(m.version),
            "contacted": "yes",
            "contact_way": "phone",
            "attitude": "basic",
            "verdict": "unsatisfied",
            "note": "答复过于笼统",
        },
    )
    assert r.status_code == 303
    db.session.expire_all()
    assert db.session.get(Matter, m.id).stage == "rehandling"
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert "再办理" in page and "不满意" in page


def test_a_proposal_returned_for_revision_shows_the_reason_on_its_form(app, client, auth):
    w = world()
    m = gen_proposal(w.member_user)
    svc.proposal_submit(w.member_user, m, m.version)
    proposal_review.proposal_return(w.secretariat_user, m, "请补充具体建议的可操作性")
    auth.login("weiyuan")
    page = client.get(f"/member/proposals/{m.id}/edit").get_data(as_text=True)
    assert "退回修改意见" in page and "请补充具体建议的可操作性" in page
    fresh = gen_proposal(w.member_user, "另一件草稿")
    assert "退回修改意见" not in client.get(f"/member/proposals/{fresh.id}/edit").get_data(True)


def test_a_group_head_may_propose_for_their_office_group_and_a_plain_member_is_not_offered_it(
    app, client, auth
):
    world()
    auth.login("weiyuan")
    assert "委员室组：" not in client.get("/member/proposals/new").get_data(as_text=True)
    auth.logout()
    auth.login("shizu")
    page = client.get("/member/proposals/new").get_data(as_text=True)
    assert 'value="office_group:西塘桥街道"' in page and "武原街道" not in page
    r = client.post(
        "/member/proposals/new",
        data=FORM | {"collective": "office_group:西塘桥街道", "action": "submit"},
    )
    assert r.status_code == 303
    m = db.session.scalar(select(Matter))
    assert (m.collective_kind, m.collective_name, m.stage) == (
        "office_group",
        "西塘桥街道",
        "submitted",
    )
    assert "<dd>西塘桥街道</dd>" in client.get(f"/loops/{m.id}").get_data(as_text=True)


def test_a_committee_director_is_offered_their_committee(app, client, auth):
    world()
    auth.login("zhuanwei")
    page = client.get("/member/proposals/new").get_data(as_text=True)
    assert 'value="committee:经济科技委员会"' in page and "委员室组：" not in page


def test_a_collective_the_member_does_not_lead_is_refused_and_the_text_kept(app, client, auth):
    world()
    auth.login("shizu")
    for forged in ("office_group:武原街道", "committee:经济科技委员会", "sector:经济界", "x:y"):
        r = client.post("/member/proposals/new", data=FORM | {"collective": forged})
        page = r.get_data(as_text=True)
        assert r.status_code == 200
        assert "集体提案" in page and "一、搭建集采平台。" in page
    assert count_matters() == 0


def test_filing_a_collective_proposal_credits_no_member(app):
    from lvzhi.models import DutyRecord

    w = world()
    m = svc.proposal_save(
        w.head_user,
        collective_kind="office_group",
        collective_name="西塘桥街道",
        **{k: FORM[k] for k in ("title", "category", "situation", "analysis", "suggestions_text")},
    )
    svc.proposal_submit(w.head_user, m)
    proposal_review.proposal_file(w.secretariat_user, m)
    assert m.number and db.session.scalar(select(func.count(DutyRecord.id))) == 0


def test_a_double_tap_on_submit_without_javascript_shows_it_sent(app, client, auth):
    """Both taps of 提交 post the same form: one proposal, and the page the browser ends on
    says it was sent — not an error that it can no longer be edited. A post that would
    change what was sent is still refused."""
    world()
    auth.login("weiyuan")
    data = FORM | {"action": "submit"}
    first = client.post("/member/proposals/new", data=data)
    second = client.post("/member/proposals/new", data=data, follow_redirects=True)
    assert first.status_code == 303 and count_matters() == 1
    page = second.get_data(as_text=True)
    assert "提案已提交，等待立案审查。" in page and "不能修改" not in page
    m = db.session.scalar(select(Matter))
    again = client.post(f"/member/proposals/{m.id}/edit", data=data, follow_redirects=True)
    assert "提案已提交，等待立案审查。" in again.get_data(as_text=True)
    changed = client.post(
        f"/member/proposals/{m.id}/edit", data=data | {"title": "另一个标题"}
    ).get_data(as_text=True)
    assert "不能修改" in changed
    db.session.expire_all()
    assert db.session.scalar(select(Matter.title)) == FORM["title"]


def test_every_missing_part_is_named_at_once_next_to_its_field(app, client, auth):
    """提交 with 情况分析 and 具体建议 both empty names both, each beside its field — not one,
    then the other after the next tap — and keeps what was typed."""
    world()
    auth.login("weiyuan")
    data = FORM | {"analysis": "", "suggestions_text": "", "action": "submit"}
    page = client.post("/member/proposals/new", data=data).get_data(as_text=True)
    assert "请填写情况分析。" in page and "请填写具体建议。" in page
    assert "紧固件企业多、规模小。" in page
    assert db.session.scalar(select(Matter.stage)) == "draft"
