"""The 承办单位's actions on a matter — accept, 申请改办 within 10 days and the secretariat's
decision, 办前沟通, progress, 会办意见, the reply with its signed document — and the secretariat
doing each on a department's behalf."""

from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import MatterAssignment, MatterEvent

from ..factories import (
    gen_department,
    gen_department_user,
    png_bytes,
)
from .department_portal import (
    PDF,
    _accept,
    _contact,
    _page,
    _reply,
    _setup,
)


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
    not_yet = _reply(client, m, [(io.BytesIO(PDF), "答复函.pdf")])
    assert "答复前须先与提案人沟通（办前沟通），请先记录沟通情况。" in not_yet.get_data(
        as_text=True
    )
    _contact(client, m)
    bare_c = _reply(client, m, [(io.BytesIO(PDF), "答复函.pdf")], reply_class="C", text=" ")
    html = bare_c.get_data(as_text=True)
    assert "C 类（留作参考）答复须写明不能采纳的理由。" in html
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
    _contact(client, m)
    _reply(client, m, [(io.BytesIO(PDF), "答复函.pdf")])
    db.session.refresh(m)
    proposal_evaluate(w.member_user, m, "unsatisfied", contacted=False)
    db.session.commit()
    page = _page(client, m)
    assert "已退回再办理" in page and "再次答复" in page
    # the proposer's form on the second reply says 不满意 no longer sends it back
    first_round_words = "选择“不满意”时，提案将退回承办单位再办理一次。"
    _contact(client, m)
    _reply(client, m, [(io.BytesIO(PDF), "答复函.pdf")])
    auth.logout()
    auth.login("weiyuan")
    form = client.get(f"/member/proposals/{m.id}/evaluate").get_data(as_text=True)
    assert first_round_words not in form and "评价后提案即办结" in form


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


def test_the_lead_reads_the_co_handlers_opinion_and_its_file_on_its_page(app, client, auth):
    w, m, lead, (co,) = _setup(co=True)
    auth.login("huiban")
    _accept(client, m)
    db.session.refresh(m)
    client.post(
        f"/department/matters/{m.id}/co-opinion",
        data={
            "version": m.version,
            "opinion": "建议将紧固件纳入县级采购目录",
            "files": [(io.BytesIO(png_bytes()), "会办意见.png")],
        },
        content_type="multipart/form-data",
    )
    auth.logout()
    auth.login("chengban")
    page = _page(client, m)
    assert "建议将紧固件纳入县级采购目录" in page and "会办意见.png" in page
    # the co-handler's other lines (its acceptance) stay its own
    assert "会办单位已接收" not in page


def test_a_co_handler_may_ask_for_reassignment_after_the_lead_accepted(app, client, auth):
    w, m, lead, (co,) = _setup(co=True, assigned_on=local_today() - timedelta(days=3))
    auth.login("chengban")
    _accept(client, m)
    db.session.refresh(m)
    assert m.stage == "handling"
    late = client.post(
        f"/department/matters/{m.id}/reassign",
        data={"version": m.version, "reason": "本局已接收，又觉不属职责"},
    )
    assert "本单位已接收，不能再申请改办" in late.get_data(as_text=True)
    auth.logout()
    auth.login("huiban")
    page = _page(client, m)
    assert 'id="ask_reassign"' in page
    asked = client.post(
        f"/department/matters/{m.id}/reassign",
        data={"version": m.version, "reason": "属县商务局职责"},
    )
    assert asked.status_code == 303
    [row] = [a for a in m.assignments if a.department_id == co.id]
    db.session.refresh(row)
    assert row.reassign_asked_at is not None and row.reassign_reason == "属县商务局职责"
    auth.logout()
    auth.login("jiguan")  # the secretariat moves it to another co-handler while it is handled
    other = gen_department(w.org, "县商务局")
    db.session.commit()
    db.session.refresh(m)
    granted = client.post(
        f"/department/matters/{m.id}/reassign/{row.id}/decide?department={co.id}",
        data={"version": m.version, "decision": "grant", "to": other.id},
    )
    assert granted.status_code == 303
    db.session.refresh(m)
    assert m.stage == "handling"
    active = {(a.department_id, a.is_lead) for a in m.assignments if a.active}
    assert active == {(lead.id, True), (other.id, False)}


def test_the_secretariat_acts_on_a_departments_behalf_and_is_recorded_as_actor(app, client, auth):
    w, m, lead, _ = _setup()
    auth.login("jiguan")
    home = client.get(f"/department/?department={lead.id}").get_data(as_text=True)
    assert "您正在代" in home and m.title in home
    assert _accept(client, m, f"?department={lead.id}").status_code == 303
    db.session.refresh(m)
    _contact(client, m, f"?department={lead.id}")
    ok = _reply(client, m, [(io.BytesIO(PDF), "答复函.pdf")], suffix=f"?department={lead.id}")
    assert ok.status_code == 303
    events = db.session.scalars(
        select(MatterEvent).where(MatterEvent.action.in_(("accept", "reply")))
    ).all()
    assert {(e.party, e.actor_id, e.department_id) for e in events} == {
        ("department", w.secretariat_user.id, lead.id)
    }
    assert "政协机关代办" in _page(client, m, department=lead.id)


def test_a_post_without_its_version_conflicts_instead_of_recording_twice(app, client, auth):
    """A crafted post that leaves the version out (or empty) is a stale one: it conflicts,
    so the same contact posted twice is recorded once."""
    _w, m, _lead, _ = _setup()
    auth.login("chengban")
    assert _accept(client, m).status_code == 303
    db.session.refresh(m)
    data = {"way": "phone", "on": local_today().isoformat(), "note": "电话沟通"}
    for version in (None, ""):
        posted = data if version is None else data | {"version": version}
        page = client.post(f"/department/matters/{m.id}/contact", data=posted)
        assert "已被他人修改" in page.get_data(as_text=True)
    contacts = db.session.scalars(
        select(MatterEvent).where(MatterEvent.matter_id == m.id, MatterEvent.action == "contact")
    ).all()
    assert contacts == []
