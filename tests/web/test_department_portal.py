"""The 承办单位 portal: a department contact's own assignments (overdue first, new ones
marked, filters, paging), the matter page and every action on it — accept, 申请改办 within 10
days, 办前沟通, progress, 会办意见, the reply with its signed document — and the secretariat
doing each on a department's behalf and deciding a reassignment request."""

from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import MatterAssignment, MatterEvent, User

from ..factories import (
    gen_assigned_proposal,
    gen_department,
    gen_department_user,
    png_bytes,
    world,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _setup(co: bool = False, **kw):
    w = world()
    lead = gen_department(w.org, "县发改局")
    others = [gen_department(w.org, "县经信局")] if co else []
    gen_department_user(w.org, lead, "chengban")
    if co:
        gen_department_user(w.org, others[0], "huiban")
    m = gen_assigned_proposal(w, lead, others, **kw)
    db.session.commit()
    return w, m, lead, others


def _page(client, m, **args) -> str:
    response = client.get(f"/department/matters/{m.id}", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _accept(client, m, suffix=""):
    return client.post(f"/department/matters/{m.id}/accept{suffix}", data={"version": m.version})


def _reply(client, m, files, reply_class="B", text="已列入明年计划。", suffix=""):
    return client.post(
        f"/department/matters/{m.id}/reply{suffix}",
        data={"version": m.version, "reply_class": reply_class, "text": text, "files": files},
        content_type="multipart/form-data",
    )


def _one_department():
    """The world and 县发改局 with its contact ``chengban`` (nothing assigned yet)."""
    w = world()
    dept = gen_department(w.org, "县发改局")
    gen_department_user(w.org, dept, "chengban")
    return w, dept


def _three_deadlines(w, dept):
    """A new assignment, one due in about a week, one overdue (derived from 交办 dates)."""
    today = local_today()
    return [
        gen_assigned_proposal(w, dept, title=title, assigned_on=today - timedelta(days=days))
        for title, days in (
            ("关于新近交办的建议", 0),
            ("关于即将到期的建议", 85),
            ("关于已经逾期的建议", 120),
        )
    ]


def test_a_contact_sees_the_new_assignment_with_its_due_date_and_the_proposal(app, client, auth):
    w, m, lead, _ = _setup()
    auth.login("chengban")
    home = client.get("/department/").get_data(as_text=True)
    assert m.title in home and "新交办" in home
    assert "答复期限" in home
    page = _page(client, m)
    for text in ("紧固件企业多", "一、搭建集采平台", "张岩枢", "县发改局（主办）", "接收"):
        assert text in page


def test_the_home_lists_overdue_first_then_due_soon_and_filters_by_status(app, client, auth):
    w, dept = _one_department()
    later, soon, late = _three_deadlines(w, dept)
    db.session.commit()
    auth.login("chengban")
    home = client.get("/department/").get_data(as_text=True)
    assert home.index(late.title) < home.index(soon.title) < home.index(later.title)
    assert "已逾期" in home and "即将到期" in home and "有 1 件已逾期" in home
    assert _accept(client, later).status_code == 303
    to_accept = client.get("/department/?show=accept").get_data(as_text=True)
    assert later.title not in to_accept and late.title in to_accept
    handling = client.get("/department/?show=handling").get_data(as_text=True)
    assert later.title in handling and late.title not in handling


def test_the_home_pages_by_twenty(app, client, auth):
    w, dept = _one_department()
    for i in range(21):
        gen_assigned_proposal(w, dept, title=f"第{i:02d}件建议")
    db.session.commit()
    auth.login("chengban")
    first = client.get("/department/").get_data(as_text=True)
    assert "第 1 / 2 页" in first and "第00件建议" not in first
    assert "第00件建议" in client.get("/department/?page=2").get_data(as_text=True)


def test_the_home_costs_the_same_statements_as_assignments_grow(app, client, auth, statements):
    w, dept = _one_department()
    gen_assigned_proposal(w, dept, title="第一件")
    db.session.commit()
    auth.login("chengban")
    assert client.get("/department/").status_code == 200
    with statements() as few:
        assert client.get("/department/").status_code == 200
    for i in range(12):
        gen_assigned_proposal(w, dept, title=f"又一件{i}")
    db.session.commit()
    with statements() as many:
        assert client.get("/department/").status_code == 200
    assert many() == few()


def test_accept_moves_it_to_handling_and_a_double_tap_changes_nothing(app, client, auth):
    w, m, lead, _ = _setup()
    auth.login("chengban")
    version = m.version
    assert _accept(client, m).status_code == 303
    again = client.post(f"/department/matters/{m.id}/accept", data={"version": version})
    assert again.status_code == 200 and "已接收" in again.get_data(as_text=True)
    db.session.refresh(m)
    assert m.stage == "handling"
    assert [e.action for e in m.events].count("accept") == 1


def test_a_reassignment_request_needs_a_reason_and_is_still_allowed_on_the_tenth_day(
    app, client, auth
):
    w, m, lead, _ = _setup(assigned_on=local_today() - timedelta(days=10))
    auth.login("chengban")
    blank = client.post(
        f"/department/matters/{m.id}/reassign", data={"version": m.version, "reason": ""}
    )
    assert "请填写申请改办的理由。" in blank.get_data(as_text=True)
    ok = client.post(
        f"/department/matters/{m.id}/reassign",
        data={"version": m.version, "reason": "属县经信局职责"},
    )
    assert ok.status_code == 303  # the 10th day is still in time


def test_a_reassignment_request_on_the_eleventh_day_is_refused_and_keeps_the_reason(
    app, client, auth
):
    w, m, lead, _ = _setup(assigned_on=local_today() - timedelta(days=11))
    auth.login("chengban")
    page = _page(client, m)
    assert "交办已超过 10 天，不能再申请改办" in page
    late = client.post(
        f"/department/matters/{m.id}/reassign",
        data={"version": m.version, "reason": "属县经信局职责"},
    )
    body = late.get_data(as_text=True)
    assert late.status_code == 200 and "交办已超过 10 天" in body and "属县经信局职责" in body
    assert db.session.scalar(select(MatterAssignment.reassign_asked_at)) is None


def test_the_secretariat_grants_a_reassignment_to_another_department(app, client, auth):
    w, m, lead, _ = _setup()
    other = gen_department(w.org, "县经信局")
    gen_department_user(w.org, other, "jingxin")
    db.session.commit()
    auth.login("chengban")
    client.post(
        f"/department/matters/{m.id}/reassign", data={"version": m.version, "reason": "不属本局"}
    )
    auth.logout()
    auth.login("jiguan")
    inbox = client.get("/inbox/").get_data(as_text=True)
    assert f"申请改办待审核：{m.title}" in inbox
    page = _page(client, m, department=lead.id)
    assert "审核改办申请：县发改局" in page and "不属本局" in page
    asked = db.session.scalar(select(MatterAssignment).where(MatterAssignment.matter_id == m.id))
    url = f"/department/matters/{m.id}/reassign/{asked.id}/decide?department={lead.id}"
    db.session.refresh(m)
    missing = client.post(url, data={"version": m.version, "decision": "grant", "to": ""})
    assert "请选择改办后的承办单位。" in missing.get_data(as_text=True)
    done = client.post(url, data={"version": m.version, "decision": "grant", "to": other.id})
    assert done.status_code == 303
    auth.logout()
    auth.login("chengban")
    assert client.get(f"/department/matters/{m.id}").status_code == 404
    auth.logout()
    auth.login("jingxin")
    assert "新交办" in client.get("/department/").get_data(as_text=True)


def test_contact_with_the_proposer_is_recorded_and_a_future_date_is_refused(app, client, auth):
    w, m, lead, _ = _setup()
    auth.login("chengban")
    _accept(client, m)
    db.session.refresh(m)
    future = (local_today() + timedelta(days=1)).isoformat()
    refused = client.post(
        f"/department/matters/{m.id}/contact",
        data={"version": m.version, "way": "phone", "on": future, "note": "电话听取意见"},
    )
    body = refused.get_data(as_text=True)
    assert "沟通日期不能晚于今天。" in body and "电话听取意见" in body
    missing = client.post(
        f"/department/matters/{m.id}/contact",
        data={"version": m.version, "way": "", "on": local_today().isoformat()},
    )
    assert "请选择沟通方式。" in missing.get_data(as_text=True)
    ok = client.post(
        f"/department/matters/{m.id}/contact",
        data={"version": m.version, "way": "visit", "on": local_today().isoformat()},
    )
    assert ok.status_code == 303
    assert "走访 · " in _page(client, m)


def test_a_stale_progress_form_conflicts_and_keeps_the_typed_note(app, client, auth):
    w, m, lead, _ = _setup()
    auth.login("chengban")
    stale = m.version
    _accept(client, m)
    response = client.post(
        f"/department/matters/{m.id}/progress",
        data={"version": stale, "note": "已召开协调会", "files": []},
        content_type="multipart/form-data",
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "已召开协调会" in body
    assert "已被他人修改" in body or "刷新" in body
    db.session.refresh(m)
    ok = client.post(
        f"/department/matters/{m.id}/progress",
        data={
            "version": m.version,
            "note": "已召开协调会",
            "files": [(io.BytesIO(png_bytes()), "会议.png")],
        },
        content_type="multipart/form-data",
    )
    assert ok.status_code == 303
    page = _page(client, m)
    assert "已召开协调会" in page and "会议.png" in page


def test_the_reply_requires_a_signed_document_and_a_class(app, client, auth):
    w, m, lead, _ = _setup()
    auth.login("chengban")
    _accept(client, m)
    db.session.refresh(m)
    no_file = _reply(client, m, [])
    body = no_file.get_data(as_text=True)
    assert "请上传盖章的答复函（PDF 或照片）。" in body and "已列入明年计划。" in body
    no_class = _reply(client, m, [(io.BytesIO(PDF), "答复函.pdf")], reply_class="")
    assert "请选择答复类别。" in no_class.get_data(as_text=True)
    bad = _reply(client, m, [(io.BytesIO(b"MZ not a pdf"), "答复函.pdf")])
    assert "无法上传" in bad.get_data(as_text=True)
    db.session.refresh(m)
    assert m.stage == "handling"
    ok = _reply(client, m, [(io.BytesIO(PDF), "答复函.pdf")])
    assert ok.status_code == 303
    db.session.refresh(m)
    assert m.stage == "replied" and m.lead_assignment.reply_class == "B"
    assert "答复函.pdf" in _page(client, m)


def test_after_unsatisfied_the_page_asks_for_a_second_reply(app, client, auth):
    from lvzhi.services.proposals import proposal_evaluate

    w, m, lead, _ = _setup()
    auth.login("chengban")
    _accept(client, m)
    db.session.refresh(m)
    _reply(client, m, [(io.BytesIO(PDF), "答复函.pdf")])
    db.session.refresh(m)
    proposal_evaluate(w.member_user, m, "unsatisfied", contacted=False)
    db.session.commit()
    page = _page(client, m)
    assert "已退回再办理" in page and "再次答复" in page


def test_a_co_handler_files_its_opinion_and_cannot_reply(app, client, auth):
    w, m, lead, (co,) = _setup(co=True)
    auth.login("huiban")
    page = _page(client, m)
    assert "会办意见" in page and "县经信局（会办）" in page
    _accept(client, m)
    db.session.refresh(m)
    page = _page(client, m)
    assert "提交会办意见" in page and "提交答复" not in page
    done = client.post(
        f"/department/matters/{m.id}/co-opinion",
        data={"version": m.version, "opinion": "建议纳入采购目录", "files": []},
        content_type="multipart/form-data",
    )
    assert done.status_code == 303
    refused = _reply(client, m, [(io.BytesIO(PDF), "答复函.pdf")])
    assert "会办单位请提交会办意见" in refused.get_data(as_text=True)


def test_a_department_never_sees_another_departments_matter(app, client, auth):
    w, m, lead, _ = _setup()
    other = gen_department(w.org, "县教育局")
    gen_department_user(w.org, other, "jiaoyu")
    db.session.commit()
    auth.login("jiaoyu")
    assert m.title not in client.get("/department/").get_data(as_text=True)
    assert client.get(f"/department/matters/{m.id}").status_code == 404
    assert client.get(f"/department/matters/{m.id}?department={lead.id}").status_code == 404
    assert client.get(f"/department/?department={lead.id}").status_code == 404
    assert _accept(client, m).status_code == 404


def test_the_secretariat_acts_on_a_departments_behalf_and_is_recorded_as_actor(app, client, auth):
    w, m, lead, _ = _setup()
    auth.login("jiguan")
    home = client.get(f"/department/?department={lead.id}").get_data(as_text=True)
    assert "您正在代" in home and m.title in home
    assert _accept(client, m, f"?department={lead.id}").status_code == 303
    db.session.refresh(m)
    ok = _reply(client, m, [(io.BytesIO(PDF), "答复函.pdf")], suffix=f"?department={lead.id}")
    assert ok.status_code == 303
    events = db.session.scalars(
        select(MatterEvent).where(MatterEvent.action.in_(("accept", "reply")))
    ).all()
    assert {(e.party, e.actor_id, e.department_id) for e in events} == {
        ("department", w.secretariat_user.id, lead.id)
    }
    assert "政协机关代办" in _page(client, m, department=lead.id)


def test_the_inbox_lists_a_departments_new_overdue_and_due_soon_work(app, client, auth):
    w, dept = _one_department()
    new, soon, late = _three_deadlines(w, dept)
    db.session.commit()
    auth.login("chengban")
    for m in (late, soon):
        _accept(client, m)
    inbox = client.get("/inbox/").get_data(as_text=True)
    assert f"新交办：{new.title}" in inbox
    assert f"已逾期：{late.title}" in inbox
    assert f"即将到期：{soon.title}" in inbox


def test_the_secretariat_opens_a_contact_account_from_the_departments_page(app, client, auth):
    w = world()
    dept = gen_department(w.org, "县发改局")
    db.session.commit()
    auth.login("jiguan")
    page = client.get(f"/secretariat/departments/{dept.id}").get_data(as_text=True)
    assert "开设联系人账号" in page and "尚未开设联系人账号" in page
    blank = client.post(f"/secretariat/departments/{dept.id}/account", data={"username": ""})
    assert "请填写登录用户名。" in blank.get_data(as_text=True)
    done = client.post(
        f"/secretariat/departments/{dept.id}/account",
        data={"username": "fagaiju", "display_name": "王科长"},
        follow_redirects=True,
    )
    body = done.get_data(as_text=True)
    assert "初始密码" in body and "王科长" in body and "fagaiju" in body
    taken = client.post(
        f"/secretariat/departments/{dept.id}/account",
        data={"username": "fagaiju", "display_name": "李科员"},
    )
    assert "已被使用" in taken.get_data(as_text=True)


def test_the_role_form_does_not_offer_a_department_without_one(app, client, auth):
    w = world()
    auth.login("jiguan")
    page = client.get(f"/secretariat/members/{w.member.id}").get_data(as_text=True)
    assert 'value="department"' not in page


def test_a_refused_reassignment_is_in_the_departments_inbox(app, client, auth):
    from lvzhi.services.loops import matter_ask_reassign, matter_decide_reassign

    w, m, lead, _ = _setup()
    contact = db.session.scalar(select(User).where(User.username == "chengban"))
    matter_ask_reassign(contact, m, "不属本局职责")
    matter_decide_reassign(w.secretariat_user, m, m.assignments[0], False, note="请主办")
    db.session.commit()
    auth.login("chengban")
    assert f"改办未同意：{m.title}" in client.get("/inbox/").get_data(as_text=True)
    assert "未同意" in _page(client, m)


def _matter_page(client, m) -> str:
    response = client.get(f"/loops/{m.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_matter_page_links_a_contact_to_its_portal_forms_as_the_workflow_allows(
    app, client, auth
):
    w, m, lead, others = _setup(co=True)
    auth.login("chengban")
    page = _matter_page(client, m)
    assert f'href="/department/matters/{m.id}#accept"' in page
    assert f'href="/department/matters/{m.id}#reply"' not in page  # not accepted yet
    _accept(client, m)
    page = _matter_page(client, m)
    assert f'href="/department/matters/{m.id}#accept"' not in page
    for anchor in ("contact", "progress", "reply"):
        assert f'href="/department/matters/{m.id}#{anchor}"' in page
    assert "#co_opinion" not in page  # the lead department replies, it files no opinion
    assert f"department={others[0].id}" not in page
    auth.logout()
    auth.login("huiban")
    _accept(client, m)
    page = _matter_page(client, m)
    assert f'href="/department/matters/{m.id}#co_opinion"' in page
    assert "#reply" not in page


def test_the_matter_page_links_the_secretariat_to_each_departments_forms_and_a_pending_reassignment(
    app, client, auth
):
    w, m, lead, others = _setup(co=True)
    auth.login("chengban")
    client.post(
        f"/department/matters/{m.id}/reassign", data={"version": m.version, "reason": "不属本局"}
    )
    auth.logout()
    auth.login("jiguan")
    page = _matter_page(client, m)
    for dept in (lead, others[0]):
        assert f'href="/department/matters/{m.id}?department={dept.id}#accept"' in page
        assert f"代{dept.name}接收" in page
    assert f'href="/department/matters/{m.id}?department={lead.id}#decide"' in page
    assert "审核县发改局的改办申请" in page
    assert f"department={others[0].id}#decide" not in page


def test_a_member_sees_no_department_links_on_the_matter_page(app, client, auth):
    w, m, lead, _ = _setup()
    auth.login("weiyuan")
    assert "/department/matters/" not in _matter_page(client, m)


def test_the_home_loads_only_its_pages_assignments_and_no_people(app, client, auth):
    from sqlalchemy import event

    from lvzhi.models import Matter, MatterPerson

    w, dept = _one_department()
    for i in range(25):
        gen_assigned_proposal(w, dept, title=f"第{i:02d}件建议")
    db.session.commit()
    dept_id = dept.id
    auth.login("jiguan")  # on the department's behalf: the top bar holds none of its work
    seen: dict[type, int] = {MatterAssignment: 0, Matter: 0, MatterPerson: 0}

    def on_load(target, _context):
        seen[type(target)] += 1

    for model in seen:
        event.listen(model, "load", on_load)
    try:
        db.session.expire_all()
        html = client.get(f"/department/?department={dept_id}").get_data(as_text=True)
    finally:
        for model in seen:
            event.remove(model, "load", on_load)
    assert "共 25 条" in html and "全部（25）" in html
    assert seen == {MatterAssignment: 20, Matter: 20, MatterPerson: 0}
