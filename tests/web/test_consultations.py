"""The consultation and supervision screens: the plan with its places, the topic form, the
topic page (people, documents, deadline, next steps), the people picker with and without
htmx, the overview and exports, and statement counts that do not grow with the data."""

from __future__ import annotations

import io
import re
from datetime import date

from openpyxl import load_workbook

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.services import consultations as svc

from ..factories import (
    checked_png,
    gen_department,
    gen_meeting,
    gen_member,
    gen_topic,
    png_bytes,
    world,
)

Y = local_today().year


def test_the_plan_shows_every_place_filled_or_empty(app, client, auth):
    w = world()
    gen_topic(w, "‘大综合一体化’行政执法改革")
    db.session.commit()
    auth.login("jiguan")
    page = client.get(f"/secretariat/consultations?year={Y}").get_data(as_text=True)
    assert "‘大综合一体化’行政执法改革" in page
    assert "1 / 6" in page and "0 / 2" in page and "0 / 1" in page
    assert page.count("安排议题") == 1 + 2 + 5


def test_planning_a_topic_through_the_form(app, client, auth):
    w = world()
    dept = gen_department(w.org, "县市场监管局")
    meeting = gen_meeting(w.org, "chair_meeting", date(Y, 6, 12), "第十次主席会议")
    db.session.commit()
    auth.login("jiguan")
    form = client.get(f"/secretariat/consultations/new?kind=chair_thematic&year={Y}")
    assert form.status_code == 200
    r = client.post(
        f"/secretariat/consultations/new?year={Y}",
        data={
            "title": "‘专精特新’培育工程",
            "kind": "chair_thematic",
            "meeting": meeting.id,
            "committee": w.committee.id,
            "department": dept.id,
            "contact": "副县长 王明",
            "token": "t1",
        },
    )
    assert r.status_code == 303
    page = client.get(r.headers["Location"]).get_data(as_text=True)
    assert (
        "第十次主席会议" in page and "县市场监管局" in page and "下一年度政府政协联席会议前" in page
    )


def test_a_wrong_meeting_is_refused_in_words_and_nothing_is_lost(app, client, auth):
    w = world()
    plenary = gen_meeting(w.org, "plenary", date(Y, 1, 7))
    db.session.commit()
    auth.login("jiguan")
    r = client.post(
        f"/secretariat/consultations/new?year={Y}",
        data={"title": "要保留的议题", "kind": "chair_thematic", "meeting": plenary.id},
    )
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "主席会议专题协商应安排在主席会议" in page and "要保留的议题" in page


def test_the_picker_finds_members_without_javascript_and_adds_the_ticked(app, client, auth):
    w = world()
    m = gen_topic(w)
    db.session.commit()
    auth.login("jiguan")
    url = f"/secretariat/topics/{m.id}/people/speaker"
    page = client.get(url + "?q=张").get_data(as_text=True)
    assert "张岩枢" in page and "<html" in page
    r = client.post(url, data={"member": [str(w.member.id), str(w.peer.id)]})
    assert r.status_code == 303
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert '协商发言委员 <span class="muted">2 人' in page


def test_typing_in_the_picker_swaps_only_the_results(app, client, auth):
    w = world()
    m = gen_topic(w)
    db.session.commit()
    auth.login("jiguan")
    r = client.get(
        f"/secretariat/topics/{m.id}/people/speaker?q=李伟", headers={"HX-Request": "true"}
    )
    body = r.get_data(as_text=True)
    assert body.startswith('<section class="card" id="people-found"') and "李伟" in body
    assert "<html" not in body and "HX-Request" in r.headers.get("Vary", "")


def test_a_step_without_its_document_comes_back_with_the_message(app, client, auth):
    w = world()
    m = gen_topic(w)
    svc.topic_step(w.secretariat_user, m, "start_research")
    db.session.commit()
    auth.login("jiguan")
    r = client.post(
        f"/secretariat/topics/{m.id}/steps/research_report",
        data={"research_report-note": "调研了 12 家企业", "research_report-version": m.version},
    )
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "请上传调研报告" in page and "调研了 12 家企业" in page
    r = client.post(
        f"/secretariat/topics/{m.id}/steps/research_report",
        data={
            "research_report-note": "调研了 12 家企业",
            "research_report-version": m.version,
            "research_report-files": (io.BytesIO(png_bytes()), "调研报告.png"),
        },
        content_type="multipart/form-data",
    )
    assert r.status_code == 303
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert "调研报告.png" in page


def test_a_member_sees_the_topic_they_speak_at_but_not_the_office_forms(app, client, auth):
    w = world()
    m = gen_topic(w)
    svc.people_add(w.secretariat_user, m, "speaker", [w.member])
    db.session.commit()
    auth.login("weiyuan")
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert "张岩枢" in page and "开始调研" not in page and "修改议题" not in page


def test_the_overview_counts_by_stage_and_exports_every_topic(app, client, auth):
    w = world()
    a = gen_topic(w, "甲")
    gen_topic(w, "乙", kind="other")
    gen_topic(w, "丙", loop="supervision", kind="")
    svc.topic_step(w.secretariat_user, a, "start_research")
    db.session.commit()
    auth.login("lingdao")
    page = client.get(f"/loops/overview?year={Y}").get_data(as_text=True)
    assert "甲" in page and "丙" in page
    r = client.get(f"/loops/overview.xlsx?year={Y}")
    ws = load_workbook(io.BytesIO(r.data)).active
    rows = list(ws.values)
    assert rows[0][:4] == ("闭环", "类别", "议题", "阶段")
    assert {(r[0], r[2], r[3]) for r in rows[1:]} == {
        ("协商", "甲", "调研"),
        ("协商", "乙", "选题"),
        ("民主监督", "丙", "议题确定"),
    }


def test_the_plan_export_lists_the_places(app, client, auth):
    w = world()
    gen_topic(w, "甲")
    db.session.commit()
    auth.login("jiguan")
    r = client.get(f"/secretariat/consultations/plan.xlsx?year={Y}")
    rows = list(load_workbook(io.BytesIO(r.data)).active.values)
    assert len(rows) == 1 + 1 + 2 + 6 + 0 + 1 - 1  # header, 1 + 2 + 6 places, no X
    assert ("主席会议专题协商", 1, "甲") == rows[1 + 1 + 2][:3]


def _many(w, n: int) -> None:
    dept = gen_department(w.org)
    for i in range(n):
        m = gen_topic(w, f"其他协商{i}", kind="other", department=dept)
        people = [gen_member(w.org) for _ in range(3)]
        svc.people_add(w.secretariat_user, m, "speaker", people)
        for action in ("start_research", "hold"):
            svc.topic_step(w.secretariat_user, m, action)
        svc.topic_assign(w.secretariat_user, m)
    db.session.commit()


def test_plan_and_overview_statements_do_not_grow_with_the_topics(app, client, auth, statements):
    w = world()
    auth.login("jiguan")
    counts = []
    for n in (2, 8):
        _many(w, n if not counts else n - 2)
        for url in (f"/secretariat/consultations?year={Y}", f"/loops/overview?year={Y}"):
            with statements() as count:
                assert client.get(url).status_code == 200
            counts.append(count())
    assert counts[:2] == counts[2:]


def test_the_secretariats_inbox_lists_waiting_topics_and_late_feedback(app, client, auth):
    from datetime import timedelta

    w = world()
    dept = gen_department(w.org)
    held = gen_topic(w, "已召开的协商", kind="other", department=dept)
    late = gen_topic(w, "逾期的X活动", kind="other", department=dept)
    for m in (held, late):
        for action in ("start_research", "hold"):
            svc.topic_step(w.secretariat_user, m, action)
    svc.topic_assign(w.secretariat_user, late)
    svc.topic_step(w.secretariat_user, late, "implement")
    late.lead_assignment.assigned_on = local_today() - timedelta(days=100)
    db.session.commit()
    auth.login("jiguan")
    page = client.get("/inbox/").get_data(as_text=True)
    assert "1 项协商已召开，待交办" in page
    assert "1 项协商逾期未书面反馈" in page


def test_the_assigned_department_sees_the_consultation_on_its_portal(app, client, auth):
    from ..factories import gen_department_user

    w = world()
    dept = gen_department(w.org, "县交通运输局")
    gen_department_user(w.org, dept, "jiaotong")
    m = gen_topic(w, "城乡公交一体化界别协商", kind="other", department=dept)
    for action in ("start_research", "hold"):
        svc.topic_step(w.secretariat_user, m, action)
    svc.topic_assign(w.secretariat_user, m)
    db.session.commit()
    auth.login("jiaotong")
    assert "城乡公交一体化界别协商" in client.get("/department/").get_data(as_text=True)
    assert client.get(f"/department/matters/{m.id}").status_code == 200
    page = client.get(f"/loops/{m.id}").get_data(as_text=True)
    assert "书面反馈" in page and 'id="steps"' not in page  # no office forms


def test_a_refused_requirement_note_says_why(app, client, auth):
    w = world()
    s = gen_topic(w, "监督", loop="supervision", kind="")
    db.session.commit()
    auth.login("jiguan")
    r = client.post(
        f"/secretariat/topics/{s.id}/requirements/results",
        data={"done": "y", "note": "长" * 501},
        follow_redirects=True,
    )
    assert "说明最多 500 字" in r.get_data(as_text=True)


def test_the_topic_page_costs_the_same_with_more_people_and_documents(
    app, client, auth, statements
):
    w = world()
    m = gen_topic(w, department=gen_department(w.org))
    auth.login("jiguan")
    counts = []
    for n in (2, 12):
        svc.people_add(w.secretariat_user, m, "speaker", [gen_member(w.org) for _ in range(n)])
        svc.people_add(w.secretariat_user, m, "researcher", [gen_member(w.org) for _ in range(n)])
        db.session.commit()
        with statements() as count:
            assert client.get(f"/loops/{m.id}").status_code == 200
        counts.append(count())
    assert counts[0] == counts[1]


def test_the_plan_and_supervision_lists_load_no_people_but_the_overview_export_does(
    app, client, auth
):
    from sqlalchemy import event

    from lvzhi.models import MatterPerson

    w = world()
    _many(w, 3)
    auth.login("jiguan")
    loaded: list = []

    def on_load(target, _context):
        loaded.append(target)

    event.listen(MatterPerson, "load", on_load)
    try:
        for url in (f"/secretariat/consultations?year={Y}", f"/secretariat/supervision?year={Y}"):
            db.session.expire_all()
            assert client.get(url).status_code == 200
        assert loaded == []  # the lists show no one: only the export names the speakers
        sheet = client.get(f"/loops/overview.xlsx?year={Y}").data
    finally:
        event.remove(MatterPerson, "load", on_load)
    assert len(loaded) == 3 * 3
    speakers = {r[9] for r in list(load_workbook(io.BytesIO(sheet)).active.values)[1:]}
    assert all(speakers)


def test_the_lead_committee_runs_its_topics_research_and_consultation(app, client, auth):
    """DOMAIN.md: a committee director "runs thematic consultations". 朱明华's committee leads
    the topic: he sees it in his list (not another committee's), starts the research, picks
    researchers and speakers from his own committee's members only (李伟 is in none), files
    the research report and holds the consultation — which credits the speaker's item 6 —
    while 交办 stays the secretariat's."""
    from sqlalchemy import select

    from lvzhi.models import Committee, DutyItem, DutyRecord, Matter

    from ..factories import gen_named

    w = world()
    m = gen_topic(w, "民营经济高质量发展", kind="other")
    other = gen_named(Committee, w.org, "社会和法制委员会", sort_order=2)
    svc.topic_save(
        w.secretariat_user, "consultation", title="别委议题", year=Y, kind="other", committee=other
    )
    m_id = m.id
    db.session.commit()
    auth.login("zhuanwei")
    listed = client.get(f"/committee/consultations?year={Y}").get_data(as_text=True)
    assert "民营经济高质量发展" in listed and "别委议题" not in listed
    page = client.get(f"/loops/{m_id}").get_data(as_text=True)
    assert f'action="/committee/topics/{m_id}/steps/start_research"' in page
    assert "修改议题" not in page

    def version():
        db.session.expire_all()
        return db.session.get(Matter, m_id).version

    r = client.post(
        f"/committee/topics/{m_id}/steps/start_research",
        data={"start_research-version": version()},
    )
    assert r.status_code == 303
    # the picker: his committee's members only
    picker = client.get(f"/committee/topics/{m_id}/people/speaker?q=张").get_data(as_text=True)
    assert "张岩枢" in picker and "查找本委委员" in picker
    assert "李伟" not in client.get(f"/committee/topics/{m_id}/people/speaker?q=李").get_data(
        as_text=True
    )
    refused = client.post(
        f"/committee/topics/{m_id}/people/speaker", data={"member": str(w.peer.id)}
    ).get_data(as_text=True)
    assert "专委会只能选择本委委员。" in refused
    assert client.post(
        f"/committee/topics/{m_id}/people/speaker", data={"member": str(w.member.id)}
    ).status_code in (302, 303)
    r = client.post(
        f"/committee/topics/{m_id}/steps/research_report",
        data={
            "research_report-note": "走访 20 家民营企业",
            "research_report-version": version(),
            "research_report-files": (io.BytesIO(png_bytes()), "调研报告.png"),
        },
        content_type="multipart/form-data",
    )
    assert r.status_code == 303
    r = client.post(f"/committee/topics/{m_id}/steps/hold", data={"hold-version": version()})
    assert r.status_code == 303
    m = db.session.get(Matter, m_id)
    assert m.stage == "consult"
    speech = db.session.scalar(
        select(DutyRecord)
        .join(DutyItem, DutyItem.id == DutyRecord.item_id)
        .where(DutyRecord.member_id == w.member.id, DutyItem.code == "consultation_speech")
    )
    assert speech is not None and speech.status == "confirmed"
    page = client.get(f"/loops/{m_id}").get_data(as_text=True)
    assert "调研报告.png" in page and "加入协商发言委员：张岩枢" in page
    assert "确认交办" not in page  # 交办 is the secretariat's
    r = client.post(f"/committee/topics/{m_id}/steps/assign", data={"assign-version": version()})
    assert r.status_code == 200 and db.session.get(Matter, m_id).stage == "consult"
    # the secretariat still runs every step
    auth.logout()
    auth.login("jiguan")
    assert "确认交办" in client.get(f"/loops/{m_id}").get_data(as_text=True)


def test_a_heads_view_of_a_members_archive_names_a_source_it_cannot_open_without_a_link(
    app, client, auth
):
    """张岩枢 spoke at a consultation (item 6, linked to the topic). He and the secretariat
    open the topic from his archive; his group's head, who may not see the topic, reads its
    title without a link that would be a 404."""
    w = world()
    m = gen_topic(w, "县域商业体系建设", kind="other")
    svc.people_add(w.secretariat_user, m, "speaker", [w.member])
    for action in ("start_research", "hold"):
        svc.topic_step(w.secretariat_user, m, action)
    m_id, member_id = m.id, w.member.id
    db.session.commit()
    link = f'href="/loops/{m_id}"'
    for login, url in (
        ("weiyuan", "/member/archive"),
        ("jiguan", f"/secretariat/members/{member_id}/archive"),
        ("shizu", f"/group/members/{member_id}/archive"),
    ):
        auth.login(login)
        page = client.get(url).get_data(as_text=True)
        assert "县域商业体系建设" in page, login
        assert (link in page) == (login != "shizu"), login
        if login == "shizu":
            assert client.get(f"/loops/{m_id}").status_code == 404
        auth.logout()


def test_the_plenary_discussions_feedback_reaches_every_member(app, client, auth):
    """DOMAIN: the plenary group discussions' opinions are fed back "to all members". Until
    the feedback is given, a member not on the topic's lists finds nothing; once given, the
    members' 建言献策 page links the list, and the topic opens with its feedback."""
    w = world()
    dept = gen_department(w.org, "县发改局")
    m = gen_topic(w, "政府工作报告分组讨论意见", kind="plenary_group", department=dept)
    for action in ("start_research", "hold"):
        svc.topic_step(w.secretariat_user, m, action)
    svc.topic_assign(w.secretariat_user, m)
    svc.topic_step(w.secretariat_user, m, "implement")
    m_id = m.id
    db.session.commit()
    auth.login("weiyuan")
    assert client.get(f"/loops/{m_id}").status_code == 404
    assert "政府工作报告分组讨论意见" not in client.get("/loops/feedback").get_data(as_text=True)
    auth.logout()
    m = db.session.get(type(m), m_id)
    svc.topic_step(
        w.secretariat_user, m, "feedback", note="已落实", files=[checked_png("书面反馈.png")]
    )
    db.session.commit()
    auth.login("weiyuan")
    hub = client.get("/member/loops").get_data(as_text=True)
    assert "全会分组讨论意见办理反馈" in hub
    listed = client.get("/loops/feedback").get_data(as_text=True)
    assert "政府工作报告分组讨论意见" in listed and f'href="/loops/{m_id}"' in listed
    page = client.get(f"/loops/{m_id}").get_data(as_text=True)
    assert "书面反馈.png" in page


def test_a_topic_whose_department_was_switched_off_can_still_be_edited(app, client, auth):
    """The edit form keeps offering the topic's own lead department once it is switched
    off, so a typo in the title is fixed without a 改办."""
    w = world()
    dept = gen_department(w.org, "县农业农村局")
    m = gen_topic(w, "乡村振兴", kind="other", department=dept)
    for action in ("start_research", "hold"):
        svc.topic_step(w.secretariat_user, m, action)
    svc.topic_assign(w.secretariat_user, m)
    dept.is_active = False
    m_id, dept_id, committee_id = m.id, dept.id, w.committee.id
    db.session.commit()
    auth.login("jiguan")
    form = client.get(f"/secretariat/topics/{m_id}/edit").get_data(as_text=True)
    options = re.findall(r"<option[^>]*>[^<]*</option>", form)
    assert any(
        f'value="{dept_id}"' in o and "selected" in o and "县农业农村局" in o for o in options
    )
    m = db.session.get(type(m), m_id)
    r = client.post(
        f"/secretariat/topics/{m_id}/edit",
        data={
            "title": "乡村振兴（修改）",
            "kind": "other",
            "committee": committee_id,
            "department": dept_id,
            "version": m.version,
        },
    )
    assert r.status_code == 303, r.get_data(as_text=True)[-600:]
    db.session.expire_all()
    m = db.session.get(type(m), m_id)
    assert m.title == "乡村振兴（修改）" and m.lead_assignment.department_id == dept_id


def test_the_topic_page_offers_no_bare_reassignment_step(app, client, auth):
    """改办 is the topic's edit (it moves the assignment); the page's step forms never offer
    a 改办 that would only write a line."""
    w = world()
    m = gen_topic(w, "乡村振兴", kind="other", department=gen_department(w.org))
    for action in ("start_research", "hold"):
        svc.topic_step(w.secretariat_user, m, action)
    svc.topic_assign(w.secretariat_user, m)
    m_id = m.id
    db.session.commit()
    auth.login("jiguan")
    page = client.get(f"/loops/{m_id}").get_data(as_text=True)
    assert "/steps/implement" in page and "/steps/reassign" not in page
