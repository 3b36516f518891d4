"""A consultation or supervision topic in the department's portal: the topic itself (kind,
meeting, deadline by level, documents, the suggestions assigned to this department with the
way to answer them) — not a proposal's content and reply forms — and only the steps the
loop's workflow gives a department: 落实 then 反馈 (with its document) for a consultation,
建言处置 for a supervision report; a co-handling department and anything else are refused."""

from __future__ import annotations

import io
from datetime import date

from lvzhi.extensions import db
from lvzhi.selectors import suggestions as suggestion_sel
from lvzhi.services.consultations import topic_assign, topic_step

from ..factories import (
    checked_png,
    gen_department,
    gen_department_user,
    gen_meeting,
    gen_suggestions,
    gen_topic,
    world,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _consultation(co: bool = False):
    w = world()
    lead = gen_department(w.org, "县发改局")
    other = gen_department(w.org, "县经信局")
    gen_department_user(w.org, lead, "chengban")
    gen_department_user(w.org, other, "huiban")
    meeting = gen_meeting(w.org, "chair_meeting", date(2026, 7, 18), "主席会议专题协商")
    m = gen_topic(w, "县域冷链物流体系建设", meeting=meeting, department=lead)
    m.stage = "consult"
    topic_assign(w.secretariat_user, m, lead, [other] if co else [])
    gen_suggestions(w, m, ["建设冷链物流园", "推进冷库共享"], lead)
    gen_suggestions(w, m, ["培育冷链企业"], other)
    db.session.commit()
    return w, m, lead, other


def _step(client, m, action, note="", files=None):
    data = {f"{action}-note": note, f"{action}-version": m.version}
    if files:
        data[f"{action}-files"] = files
    return client.post(
        f"/department/matters/{m.id}/steps/{action}",
        data=data,
        content_type="multipart/form-data",
    )


def test_a_consultation_shows_as_a_topic_with_its_deadline_documents_and_suggestions(
    app, client, auth
):
    w, m, lead, _other = _consultation()
    auth.login("chengban")
    page = client.get(f"/department/matters/{m.id}").get_data(as_text=True)
    assert "主席会议专题协商" in page and "2026-07-18" in page
    assert "书面反馈期限" in page and "下一年度政府政协联席会议前" in page
    assert "提案内容" not in page and "答复类别" not in page and "接收" not in page
    assert "建议2条，采纳落实0条" in page  # its own two, not the other department's
    assert "建设冷链物流园" in page and "培育冷链企业" not in page
    for s in suggestion_sel.of_matter(w.org.id, m.id):
        assert (f"/department/suggestions/{s.id}" in page) == (s.department_id == lead.id)
    assert f'action="/department/matters/{m.id}/steps/implement"' in page
    assert "steps/feedback" not in page  # 反馈 only once implementing


def test_the_lead_implements_then_feeds_back_with_its_document(app, client, auth):
    w, m, lead, _other = _consultation()
    auth.login("chengban")
    assert _step(client, m, "implement", "已分解任务").status_code == 303
    db.session.refresh(m)
    assert m.stage == "implement"
    # 反馈 without its document: a clear message, the note kept, nothing moved
    page = _step(client, m, "feedback", "已建成冷链物流园").get_data(as_text=True)
    assert "请上传书面反馈" in page and "已建成冷链物流园" in page
    db.session.refresh(m)
    assert m.stage == "implement"
    files = [(io.BytesIO(PDF), "书面反馈.pdf")]
    assert _step(client, m, "feedback", "已建成冷链物流园", files).status_code == 303
    db.session.refresh(m)
    assert m.stage == "feedback"
    page = client.get(f"/department/matters/{m.id}").get_data(as_text=True)
    assert "书面反馈.pdf" in page and "steps/" not in page  # nothing left to do
    assert "已逾期" not in page and "待定" not in page  # no deadline running any more


def test_a_co_handler_sees_the_topic_but_takes_no_step(app, client, auth):
    w, m, _lead, _other = _consultation(co=True)
    auth.login("huiban")
    page = client.get(f"/department/matters/{m.id}").get_data(as_text=True)
    assert "县域冷链物流体系建设" in page and "培育冷链企业" in page
    assert "steps/implement" not in page
    response = _step(client, m, "implement")
    assert "本单位当前不能办理此步骤" in response.get_data(as_text=True)
    db.session.refresh(m)
    assert m.stage == "assign"


def test_a_step_the_workflow_keeps_for_the_secretariat_is_refused(app, client, auth):
    w, m, _lead, _other = _consultation()
    auth.login("chengban")
    for action in ("track", "close", "record"):
        response = _step(client, m, action, "越权")
        assert "本单位当前不能办理此步骤" in response.get_data(as_text=True)
    assert _step(client, m, "no_such_step").status_code == 404
    db.session.refresh(m)
    assert m.stage == "assign"


def test_a_supervision_report_goes_to_the_lead_department_for_handling(app, client, auth):
    w = world()
    lead = gen_department(w.org, "县生态环境局")
    gen_department_user(w.org, lead, "chengban")
    m = gen_topic(w, "饮用水源地保护监督", loop="supervision", kind="", department=lead)
    topic_step(w.secretariat_user, m, "start_research")
    topic_step(w.secretariat_user, m, "report", files=[checked_png("监督报告.png")])
    db.session.commit()
    assert m.lead_assignment is not None and m.lead_assignment.department_id == lead.id
    auth.login("chengban")
    home = client.get("/department/").get_data(as_text=True)
    assert "饮用水源地保护监督" in home
    page = client.get(f"/department/matters/{m.id}").get_data(as_text=True)
    assert "建言处置期限" in page and "监督报告" in page
    assert "steps/handle" in page
    assert _step(client, m, "handle", "已整改排污口").status_code == 303
    db.session.refresh(m)
    assert m.stage == "handled"


def test_the_portal_lists_an_assigned_topic_as_being_handled_with_its_feedback_deadline(
    app, client, auth
):
    _consultation()
    auth.login("chengban")
    page = client.get("/department/").get_data(as_text=True)
    assert "县域冷链物流体系建设" in page
    assert "待接收（0）" in page and "办理中（1）" in page and "新交办" not in page
    assert "反馈期限 下一年度政府政协联席会议前" in page
