"""The 承办单位 portal: a department contact's own assignments (overdue first, new ones
marked, filters, paging, the inbox), never another department's matter, the contact accounts
the secretariat opens, and the matter page's links to each portal form as the workflow allows
(the actions on a matter: test_department_actions.py)."""

from __future__ import annotations

from sqlalchemy import select

from lvzhi.extensions import db
from lvzhi.models import User

from ..factories import (
    gen_assigned_proposal,
    gen_department,
    gen_department_user,
    world,
)
from .department_portal import (
    _accept,
    _one_department,
    _page,
    _setup,
    _three_deadlines,
)


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
    from lvzhi.services.loop_intake import matter_ask_reassign, matter_decide_reassign

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
    co = others[0]
    assert f'href="/department/matters/{m.id}?department={co.id}#accept"' in page
    assert f"代{co.name}接收" in page
    # the lead asked to be relieved: no 接收 for it until the secretariat decides
    assert f"department={lead.id}#accept" not in page and f"代{lead.name}接收" not in page
    assert f'href="/department/matters/{m.id}?department={lead.id}#decide"' in page
    assert "审核县发改局的改办申请" in page
    assert f"department={others[0].id}#decide" not in page


def test_a_member_sees_no_department_links_on_the_matter_page(app, client, auth):
    w, m, lead, _ = _setup()
    auth.login("weiyuan")
    assert "/department/matters/" not in _matter_page(client, m)


def test_the_home_loads_only_its_pages_assignments_and_no_people(app, client, auth):
    from sqlalchemy import event

    from lvzhi.models import Matter, MatterAssignment, MatterPerson

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


def test_the_badge_counts_each_kind_of_a_departments_todos_as_the_inbox_lists(app, client, auth):
    """New, due soon, overdue and a refused reassignment (a recent one; one refused long ago
    and a matter fed back are not to-dos): the badge's count is the inbox's list."""
    from datetime import timedelta

    from lvzhi.inbox.registry import badge_count, todos_for
    from lvzhi.inbox.todos import todo_total
    from lvzhi.models.base import utcnow
    from lvzhi.services.loop_intake import matter_ask_reassign, matter_decide_reassign

    w, dept = _one_department()
    new, soon, late = _three_deadlines(w, dept)
    refused, long_refused, done = (
        gen_assigned_proposal(w, dept, title=t) for t in ("改办被拒的", "早已被拒的", "已反馈的")
    )
    done.stage = "replied"
    db.session.commit()
    contact = db.session.scalar(select(User).where(User.username == "chengban"))
    for m in (refused, long_refused):
        matter_ask_reassign(contact, m, "不属本局职责")
        matter_decide_reassign(w.secretariat_user, m, m.assignments[0], False, note="请主办")
    long_refused.assignments[0].reassign_asked_at = utcnow() - timedelta(days=30)
    db.session.commit()
    auth.login("chengban")
    for m in (soon, late, refused, long_refused):
        _accept(client, m)
    with app.test_request_context():
        todos = todos_for(contact)
    with app.test_request_context():
        badge = badge_count(contact)
    kinds = sorted(t.kind for t in todos if t.role == "department")
    assert kinds == [
        "dept_due_soon",
        "dept_new",
        "dept_overdue",
        "dept_reassign_refused",
    ]
    assert badge == todo_total(todos) == 4


def test_the_department_reads_the_leaders_instruction_and_can_call_the_proposer(app, client, auth):
    """A leader's 批示 and the 督办 of a matter are why the department has it: its page shows
    them; the 办前沟通 it must record first needs the proposer's number, a tap to call."""
    from lvzhi.services.loop_handling import matter_instruct, matter_supervise

    w, m, _lead, (co,) = _setup(co=True)
    auth.login("chengban")
    before = _page(client, m)
    assert "领导批示与督办" not in before
    # the number only once the lead has accepted and is to contact the proposer
    assert "tel:" not in before
    _accept(client, m)
    db.session.refresh(m)
    accepted = _page(client, m)
    assert f'href="tel:{w.member.mobile}"' in accepted and "办前沟通请联系提案人" in accepted
    auth.logout()
    auth.login("huiban")  # a co-handler does not contact the proposer
    assert "tel:" not in _page(client, m)
    auth.logout()
    auth.login("chengban")
    matter_instruct(w.leader_user, m, "请县发改局会同有关部门抓紧研究。")
    matter_supervise(w.secretariat_user, m, "已电话督促。")
    db.session.commit()
    page = _page(client, m)
    assert "领导批示与督办" in page
    assert "请县发改局会同有关部门抓紧研究。" in page and "已电话督促。" in page


def test_a_refused_contact_post_shows_no_numbers_where_there_is_none_to_make(app, client, auth):
    """The numbers follow what the workflow allows now, not a form just posted: a department
    an opinion was only 转交'd to posts an empty 办前沟通 and reads no number."""
    from lvzhi.services.proposal_review import proposal_forward, proposal_not_file
    from lvzhi.services.proposals import proposal_submit

    from ..factories import gen_proposal

    w = world()
    dept = gen_department(w.org, "县教育局")
    gen_department_user(w.org, dept, "chengban")
    m = gen_proposal(w.member_user)
    proposal_submit(w.member_user, m)
    proposal_not_file(w.secretariat_user, m, "属于个人诉求")
    proposal_forward(w.secretariat_user, m, dept)
    db.session.commit()
    auth.login("chengban")
    assert "tel:" not in _page(client, m)
    refused = client.post(
        f"/department/matters/{m.id}/contact", data={"version": m.version, "way": "", "note": ""}
    )
    assert "tel:" not in refused.get_data(as_text=True)
