"""Where access must end, and what must not show: a 承办单位 contact switched off (alone or with
its department), a member switched off and on again, a co-proposer who declined; the logins
no two accounts may share; the public proposal list is not a department's; draft titles
stay out of the audit log; a post of too many files is refused before any is decoded; a
reassignment cannot go to a department switched off."""

from __future__ import annotations

import io
import re

from sqlalchemy import select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Member, User
from lvzhi.services.department_accounts import department_account_create
from lvzhi.services.loop_intake import matter_ask_reassign
from lvzhi.services.proposal_review import proposal_file
from lvzhi.services.proposals import proposal_answer, proposal_invite, proposal_submit

from ..conftest import TEST_PASSWORD
from ..factories import (
    gen_assigned_proposal,
    gen_department,
    gen_department_user,
    gen_duty_items,
    gen_opinion,
    gen_proposal,
    png_bytes,
    world,
)

Y = local_today().year
TODAY = local_today().isoformat()


def _browser(app, login: str):
    other = app.test_client()
    assert other.post("/login", data={"login": login, "password": TEST_PASSWORD}).status_code == 303
    return other


def _shut_out(browser, url: str) -> bool:
    response = browser.get(url)
    return response.status_code in (302, 303) and "/login" in response.headers["Location"]


def _temporary(page: str) -> str:
    return re.search(r"临时密码：([a-z0-9]+)", page).group(1)


def test_a_contact_switched_off_is_logged_out_and_cannot_log_in_until_switched_on(
    app, client, auth
):
    w = world()
    dept = gen_department(w.org, "县发改局")
    contact = gen_department_user(w.org, dept, "chengban")
    m = gen_assigned_proposal(w, dept)
    db.session.commit()
    phone = _browser(app, "chengban")
    assert phone.get(f"/department/matters/{m.id}").status_code == 200
    auth.login("jiguan")
    page = client.get(f"/secretariat/departments/{dept.id}").get_data(as_text=True)
    assert "确定停用 chengban？" in page
    off = f"/secretariat/departments/{dept.id}/accounts/{contact.id}/active?on=0"
    assert f'action="{off}"' in page
    assert client.post(off, follow_redirects=True).status_code == 200
    client.post(off)  # a double tap on 停用 leaves it off (it was a toggle: back on)
    db.session.refresh(contact)
    assert not contact.active
    assert _shut_out(phone, f"/department/matters/{m.id}")
    refused = phone.post("/login", data={"login": "chengban", "password": TEST_PASSWORD})
    assert "该账户已停用" in refused.get_data(as_text=True)
    page = client.get(f"/secretariat/departments/{dept.id}").get_data(as_text=True)
    assert "已停用" in page and "确定恢复 chengban？" in page
    client.post(off.replace("on=0", "on=1"))
    phone = _browser(app, "chengban")
    assert phone.get(f"/department/matters/{m.id}").status_code == 200


def test_the_secretariat_resets_a_contacts_password_and_every_browser_of_it_is_logged_out(
    app, client, auth
):
    w = world()
    dept = gen_department(w.org, "县发改局")
    contact = gen_department_user(w.org, dept, "chengban")
    db.session.commit()
    phone = _browser(app, "chengban")
    auth.login("jiguan")
    reset = client.post(
        f"/secretariat/departments/{dept.id}/accounts/{contact.id}/password-reset",
        follow_redirects=True,
    )
    temporary = _temporary(reset.get_data(as_text=True))
    assert _shut_out(phone, "/department/")
    old = phone.post("/login", data={"login": "chengban", "password": TEST_PASSWORD})
    assert "用户名或密码不正确" in old.get_data(as_text=True)
    new = phone.post("/login", data={"login": "chengban", "password": temporary})
    assert new.status_code == 303 and new.headers["Location"].endswith("/password")


def test_a_department_switched_off_takes_its_contacts_logins_with_it(app, client, auth):
    w = world()
    dept = gen_department(w.org, "县发改局")
    gen_department_user(w.org, dept, "chengban")
    db.session.commit()
    phone = _browser(app, "chengban")
    auth.login("jiguan")
    saved = client.post(
        f"/secretariat/departments/{dept.id}",
        data={"name": "县发改局", "contact_name": "", "contact_phone": "", "version": dept.version},
    )
    assert saved.status_code == 303
    assert _shut_out(phone, "/department/")
    refused = phone.post("/login", data={"login": "chengban", "password": TEST_PASSWORD})
    assert "该账户已停用" in refused.get_data(as_text=True)
    audit_page = client.get("/secretariat/audit").get_data(as_text=True)
    assert "1 个联系人账号随之停用" in audit_page


def test_a_member_switched_off_and_on_again_must_log_in_again(app, client, auth):
    w = world()
    phone = _browser(app, "weiyuan")
    assert phone.get("/member/").status_code == 200
    auth.login("jiguan")
    toggle = f"/secretariat/members/{w.member.id}/active"
    client.post(toggle, data={"version": w.member.version})
    assert _shut_out(phone, "/member/")
    member = db.session.get(Member, w.member.id)
    db.session.refresh(member)
    client.post(toggle, data={"version": member.version})
    db.session.refresh(member)
    assert member.is_active
    assert _shut_out(phone, "/member/")  # the lost phone's browser does not come back


def test_a_co_proposer_who_declined_no_longer_sees_a_proposal_that_is_not_public(app, client, auth):
    w = world()
    m = gen_proposal(w.member_user, "关于企业用工的建议", is_public=False)
    peer_user = db.session.scalar(select(User).where(User.member_id == w.peer.id))
    proposal_invite(w.member_user, m, [w.peer])
    db.session.commit()
    auth.login(peer_user.username)
    assert client.get(f"/loops/{m.id}").status_code == 200  # invited: may read before answering
    proposal_answer(peer_user, m, accept=False)
    proposal_submit(w.member_user, m)
    proposal_file(w.secretariat_user, m)
    db.session.commit()
    assert client.get(f"/loops/{m.id}").status_code == 404


def test_no_two_accounts_log_in_with_the_same_words(app, client, auth):
    w = world()
    dept = gen_department(w.org, "县发改局")
    db.session.commit()
    member_mobile = w.member.mobile
    auth.login("jiguan")
    url = f"/secretariat/departments/{dept.id}/account"
    taken = client.post(url, data={"username": member_mobile, "display_name": "联络员"})
    assert f"用户名 {member_mobile} 已被使用。" in taken.get_data(as_text=True)
    bad = client.post(url, data={"username": "fagaiju", "mobile": "12345"})
    html = bad.get_data(as_text=True)
    assert "格式不正确" in html and 'value="fagaiju"' in html
    # another body's contact named by a mobile: no member may then take that mobile
    department_account_create(w.secretariat_user, dept, "13955556666", "联络员")
    db.session.commit()
    edit = client.post(
        f"/secretariat/members/{w.peer.id}/edit",
        data={"name": w.peer.name, "mobile": "13955556666", "version": w.peer.version},
    )
    assert "手机号 13955556666 已绑定其他账户。" in edit.get_data(as_text=True)


def test_a_department_contact_has_no_public_proposal_list(app, client, auth):
    w = world()
    dept = gen_department(w.org, "县发改局")
    gen_department_user(w.org, dept, "chengban")
    m = gen_proposal(w.member_user, "别的单位办理的公开提案")
    proposal_submit(w.member_user, m)
    proposal_file(w.secretariat_user, m)
    db.session.commit()
    auth.login("chengban")
    assert client.get("/loops/proposals").status_code == 403
    auth.logout()
    auth.login("weiyuan")
    assert "别的单位办理的公开提案" in client.get("/loops/proposals").get_data(as_text=True)


def test_draft_titles_stay_out_of_the_audit_log(app, client, auth):
    w = world()
    gen_duty_items(w.org)
    gen_proposal(w.member_user, "尚在草稿的提案标题")
    gen_opinion(w.member_user, "尚在草稿的社情民意标题")
    db.session.commit()
    auth.login("weiyuan")
    saved = client.post(
        f"/member/duties/{Y}/research/new",
        data={"occurred_on": TODAY, "title": "尚在草稿的调研记录", "body": "", "token": "t1"},
        content_type="multipart/form-data",
    )
    assert saved.status_code == 303
    auth.logout()
    auth.login("jiguan")
    for url in ("/secretariat/audit", "/secretariat/"):
        page = client.get(url).get_data(as_text=True)
        for title in ("尚在草稿的提案标题", "尚在草稿的社情民意标题", "尚在草稿的调研记录"):
            assert title not in page, (url, title)
    assert "新建提案 （草稿）" in client.get("/secretariat/audit").get_data(as_text=True)


def test_a_post_of_too_many_files_is_refused_before_any_is_decoded(app, client, auth, monkeypatch):
    from lvzhi.services import attachments

    gen_duty_items(world().org)
    db.session.commit()
    decoded = []
    real = attachments.attachment_check
    monkeypatch.setattr(
        attachments, "attachment_check", lambda *a, **k: decoded.append(1) or real(*a, **k)
    )
    auth.login("weiyuan")
    files = [(io.BytesIO(png_bytes()), f"照片{i}.png") for i in range(7)]
    response = client.post(
        f"/member/duties/{Y}/research/new",
        data={"occurred_on": TODAY, "title": "调研", "body": "", "token": "t2", "files": files},
        content_type="multipart/form-data",
    )
    assert "每条记录最多 6 个附件" in response.get_data(as_text=True)
    assert decoded == []


def test_a_reassignment_cannot_go_to_a_department_switched_off(app, client, auth):
    w = world()
    lead = gen_department(w.org, "县发改局")
    closed = gen_department(w.org, "县撤并局")
    closed.is_active = False
    contact = gen_department_user(w.org, lead, "chengban")
    m = gen_assigned_proposal(w, lead)
    matter_ask_reassign(contact, m, "不属本局职责")
    db.session.commit()
    auth.login("jiguan")
    asked = m.assignments[0]
    refused = client.post(
        f"/department/matters/{m.id}/reassign/{asked.id}/decide?department={lead.id}",
        data={"version": m.version, "decision": "grant", "to": closed.id},
    )
    assert "承办单位“县撤并局”不可用。" in refused.get_data(as_text=True)
    db.session.refresh(asked)
    assert asked.active and not asked.reassign_decision


def test_a_secretariat_clerk_who_is_a_member_does_not_confirm_their_own_record(app, client, auth):
    from lvzhi.models import DutyRecord

    from ..factories import gen_member, gen_record, gen_user

    w = world()
    gen_duty_items(w.org)
    clerk = gen_member(w.org, name="王秘书", office_group_id=w.group.id)
    gen_user(w.org, "mishu", ["member", "secretariat"], clerk)
    own = gen_record(clerk, "research", "submitted", title="本人的调研")
    other = gen_record(w.member, "research", "submitted", title="委员的调研")
    db.session.commit()
    auth.login("mishu")
    refused = client.post(f"/secretariat/duties/records/{own.id}/confirm")
    assert refused.status_code == 404
    assert client.post(f"/secretariat/duties/records/{other.id}/confirm").status_code == 303
    db.session.expire_all()
    assert db.session.get(DutyRecord, own.id).status == "submitted"
    assert db.session.get(DutyRecord, other.id).status == "confirmed"


def test_a_department_that_asked_to_be_relieved_cannot_accept_until_decided(app, client, auth):
    from ..factories import gen_department

    w = world()
    lead = gen_department(w.org, "县发改局")
    gen_department_user(w.org, lead, "chengban")
    m = gen_assigned_proposal(w, lead)
    db.session.commit()
    auth.login("chengban")
    asked = client.post(
        f"/department/matters/{m.id}/reassign", data={"version": m.version, "reason": "不属本局"}
    )
    assert asked.status_code == 303
    db.session.refresh(m)
    page = client.get(f"/department/matters/{m.id}").get_data(as_text=True)
    assert 'id="accept"' not in page
    refused = client.post(f"/department/matters/{m.id}/accept", data={"version": m.version})
    assert "已申请改办，请等待政协机关审核后再接收。" in refused.get_data(as_text=True)
    db.session.refresh(m)
    assert m.stage == "assigned"


def test_a_reassignment_cannot_go_to_a_department_already_on_the_matter(app, client, auth):
    w = world()
    lead, co = gen_department(w.org, "县发改局"), gen_department(w.org, "县经信局")
    contact = gen_department_user(w.org, co, "huiban")
    m = gen_assigned_proposal(w, lead, [co])
    matter_ask_reassign(contact, m, "不属本局职责")
    db.session.commit()
    auth.login("jiguan")
    asked = next(a for a in m.assignments if a.department_id == co.id)
    refused = client.post(
        f"/department/matters/{m.id}/reassign/{asked.id}/decide?department={co.id}",
        data={"version": m.version, "decision": "grant", "to": lead.id},
    )
    assert "县发改局已在承办本件，请选择其他单位。" in refused.get_data(as_text=True)


def test_a_contact_of_a_department_switched_off_is_not_switched_back_on_alone(app, client, auth):
    w = world()
    dept = gen_department(w.org, "县发改局")
    contact = gen_department_user(w.org, dept, "chengban")
    db.session.commit()
    auth.login("jiguan")
    client.post(
        f"/secretariat/departments/{dept.id}",
        data={"name": "县发改局", "contact_name": "", "contact_phone": "", "version": dept.version},
    )
    page = client.post(
        f"/secretariat/departments/{dept.id}/accounts/{contact.id}/active?on=1",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "该单位已停用，请先恢复该单位，再开设或恢复其联系人账号。" in page
    db.session.refresh(contact)
    assert not contact.active


def test_a_clerks_own_record_is_not_in_their_review_queue(app, client, auth):
    from ..factories import gen_member, gen_record, gen_user

    w = world()
    gen_duty_items(w.org)
    clerk = gen_member(w.org, name="王秘书", office_group_id=w.group.id)
    gen_user(w.org, "mishu", ["member", "secretariat"], clerk)
    gen_record(clerk, "research", "submitted", title="本人的调研记录")
    gen_record(w.member, "research", "submitted", title="委员的调研记录")
    db.session.commit()
    auth.login("mishu")
    page = client.get("/secretariat/duties/pending").get_data(as_text=True)
    assert "委员的调研记录" in page and "本人的调研记录" not in page


def test_a_deleted_drafts_title_stays_out_of_the_audit_log(app, client, auth):
    from lvzhi.models import DutyRecord
    from lvzhi.services.duties import duty_record_delete

    from ..factories import gen_record

    w = world()
    gen_duty_items(w.org)
    record = gen_record(w.member, "research", "draft", title="不想让人看到的草稿标题")
    db.session.commit()
    duty_record_delete(w.member_user, db.session.get(DutyRecord, record.id))
    db.session.commit()
    auth.login("jiguan")
    assert "不想让人看到的草稿标题" not in client.get("/secretariat/audit").get_data(as_text=True)


def test_a_department_switched_off_gets_no_new_contact_login(app, client, auth):
    """A department switched off is offered no 开设联系人账号 form, and a post of it anyway
    makes no login that could act for it."""
    from lvzhi.models import User

    w = world()
    dept = gen_department(w.org, "县发改局")
    db.session.commit()
    auth.login("jiguan")
    client.post(
        f"/secretariat/departments/{dept.id}",
        data={"name": "县发改局", "contact_name": "", "contact_phone": "", "version": dept.version},
    )
    form = client.get(f"/secretariat/departments/{dept.id}").get_data(as_text=True)
    assert "恢复后才能开设联系人账号" in form and "开设联系人账号</button>" not in form
    page = client.post(
        f"/secretariat/departments/{dept.id}/account",
        data={"username": "zf_new", "display_name": "新联系人"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "该单位已停用" in page and "初始密码" not in page
    assert db.session.scalar(select(User.id).where(User.username == "zf_new")) is None
