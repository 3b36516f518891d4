"""Numbered suggestions: pasted entry, the department's answer, the bulk row's version check,
the all-or-nothing .xlsx upload, the roll-ups and the overdue list across loops."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Meeting, Suggestion
from lvzhi.selectors import overdue as overdue_sel
from lvzhi.selectors import suggestions as sel
from lvzhi.services import ConflictError, ServiceError
from lvzhi.services import suggestions as svc

from ..factories import (
    edited_sheet,
    gen_assigned_proposal,
    gen_department,
    gen_department_user,
    gen_loop_matter,
    gen_suggestions,
    world,
)


@pytest.fixture
def w(app):
    return world()


def test_a_pasted_list_becomes_numbered_suggestions_without_its_own_numbering(w):
    m = gen_loop_matter(w, kind="chair_thematic")
    rows = svc.suggestions_add(
        w.secretariat_user, m, "1. 建立产业基金\n\n（二）培育带头人\n三、完善梯度培育库"
    )
    assert [(s.number, s.text) for s in rows] == [
        (1, "建立产业基金"),
        (2, "培育带头人"),
        (3, "完善梯度培育库"),
    ]
    more = svc.suggestions_add(w.secretariat_user, m, "加强金融支持")
    assert more[0].number == 4
    with pytest.raises(ServiceError, match="每行一条"):
        svc.suggestions_add(w.secretariat_user, m, " \n ")


def test_the_department_answers_its_own_suggestion_and_not_anothers(w):
    dept, other = gen_department(w.org, "县经信局"), gen_department(w.org, "县财政局")
    m = gen_loop_matter(w, kind="chair_thematic")
    mine, theirs = gen_suggestions(w, m, ["建立产业基金", "培育带头人"], dept)
    svc.suggestion_edit(w.secretariat_user, theirs, theirs.text, other)
    contact = gen_department_user(w.org, dept)
    svc.suggestion_answer(contact, mine, "adopted", True, "已设立基金", version=mine.version)
    assert (mine.outcome, mine.implemented, mine.answered_party) == ("adopted", True, "department")
    with pytest.raises(ServiceError, match="不能处理"):
        svc.suggestion_answer(contact, theirs, "adopted", True)
    with pytest.raises(ServiceError, match="未采纳的建议不能标为已落实"):
        svc.suggestion_answer(w.secretariat_user, theirs, "not_adopted", True)


def test_a_bulk_row_saved_on_a_stale_version_is_refused_and_changes_nothing(w):
    dept = gen_department(w.org, "县经信局")
    m = gen_loop_matter(w, kind="chair_thematic")
    (s,) = gen_suggestions(w, m, ["建立产业基金"], dept)
    seen = s.version
    svc.suggestion_update(
        w.secretariat_user,
        s,
        department=dept,
        outcome="partly",
        implemented=False,
        note="",
        version=seen,
    )
    with pytest.raises(ConflictError):
        svc.suggestion_update(
            w.secretariat_user,
            s,
            department=dept,
            outcome="adopted",
            implemented=True,
            note="另一人填写",
            version=seen,
        )
    db.session.expire_all()
    s = db.session.get(Suggestion, s.id)
    assert (s.outcome, s.implemented, s.note) == ("partly", False, "")


def test_an_uploaded_sheet_with_bad_rows_lists_every_one_and_writes_nothing(w):
    dept = gen_department(w.org, "县经信局")
    m = gen_loop_matter(w, kind="chair_thematic")
    rows = gen_suggestions(w, m, ["甲", "乙", "丙", "丁"], dept)
    data = sel.sheet(sel.listing(w.org.id, sel.SuggestionFilter(year=m.year)))
    bad = edited_sheet(
        data,
        {
            2: {"采纳情况": "采纳", "是否落实": "是"},
            3: {"采纳情况": "很好"},
            4: {"采纳情况": "未采纳（留作参考）", "是否落实": "是"},
            5: {"承办单位": "不存在局", "编号": 999999},
        },
    )
    preview = svc.suggestions_import_preview(w.secretariat_user, bad)
    assert preview.token is None
    assert [r.line for r in preview.bad_rows] == [3, 4, 5]
    assert "很好" in preview.bad_rows[0].errors[0]
    assert preview.bad_rows[1].errors == ["未采纳的建议不能标为已落实"]
    assert len(preview.bad_rows[2].errors) == 2
    db.session.expire_all()
    assert all(db.session.get(Suggestion, s.id).outcome == "" for s in rows)


def test_a_valid_sheet_is_previewed_then_written_whole(w):
    dept = gen_department(w.org, "县经信局")
    m = gen_loop_matter(w, kind="chair_thematic")
    first, second, third = gen_suggestions(w, m, ["甲", "乙", "丙"], dept)
    data = sel.sheet(sel.listing(w.org.id, sel.SuggestionFilter(year=m.year)))
    good = edited_sheet(
        data,
        {
            2: {"采纳情况": "采纳", "是否落实": "是"},
            3: {"采纳情况": "部分采纳", "说明": "分步实施"},
        },
    )
    preview = svc.suggestions_import_preview(w.secretariat_user, good)
    assert preview.token and [r.line for r in preview.changed_rows] == [2, 3]
    assert svc.suggestions_import_commit(w.secretariat_user, preview.token) == 2
    db.session.expire_all()
    assert sel.tallies(w.org.id, [m.id])[m.id] == sel.Tally(3, 2, 1, 2)
    with pytest.raises(ServiceError, match="已失效"):
        svc.suggestions_import_commit(w.secretariat_user, preview.token)


def test_a_row_changed_between_preview_and_confirm_writes_nothing(w):
    dept = gen_department(w.org, "县经信局")
    m = gen_loop_matter(w, kind="chair_thematic")
    first, second = gen_suggestions(w, m, ["甲", "乙"], dept)
    data = sel.sheet(sel.listing(w.org.id, sel.SuggestionFilter(year=m.year)))
    good = edited_sheet(data, {2: {"采纳情况": "采纳"}, 3: {"采纳情况": "采纳"}})
    preview = svc.suggestions_import_preview(w.secretariat_user, good)
    svc.suggestion_answer(w.secretariat_user, second, "not_adopted", False)
    with pytest.raises(ServiceError, match="第 3 行"):
        svc.suggestions_import_commit(w.secretariat_user, preview.token)
    db.session.expire_all()
    assert db.session.get(Suggestion, first.id).outcome == ""


def test_totals_roll_up_per_matter_loop_and_year_in_a_fixed_number_of_statements(w, statements):
    dept = gen_department(w.org, "县经信局")
    year = local_today().year
    consult = gen_loop_matter(w, kind="chair_thematic", title="“大综合一体化”行政执法改革")
    watch = gen_loop_matter(w, "supervision", "农村生活污水治理监督")
    for m, answers in (
        (consult, ["adopted", "adopted", "partly", ""]),
        (watch, ["not_adopted", "adopted"]),
    ):
        rows = gen_suggestions(w, m, [f"建议{i}" for i in range(len(answers))], dept)
        for s, outcome in zip(rows, answers, strict=True):
            if outcome:
                svc.suggestion_answer(w.secretariat_user, s, outcome, outcome == "adopted")
    gen_suggestions(w, gen_loop_matter(w, "speech", "去年的发言", year=year - 1), ["旧建议"])
    org_id = w.org.id
    with statements() as n:
        overview = sel.year_overview(org_id, year)
    assert n() == 1
    assert overview.loops["consultation"] == sel.Tally(4, 3, 2, 3)
    assert overview.loops["supervision"] == sel.Tally(2, 1, 1, 2)
    assert overview.total.line == "建议6条，采纳落实3条"
    assert [t.title for t in overview.topics] == [
        "“大综合一体化”行政执法改革",
        "农村生活污水治理监督",
    ]
    assert sel.years(w.org.id) == {year: sel.Tally(6, 4, 3, 5), year - 1: sel.Tally(1, 0, 0, 0)}
    assert sel.year_overview(w.other_org.id, year).total.made == 0


def test_the_overdue_list_spans_loops_with_the_responsible_department(w, statements):
    today = local_today()
    dept = gen_department(w.org, "县经信局")
    long_ago = today - timedelta(days=200)
    gen_assigned_proposal(w, dept, title="逾期的提案", assigned_on=long_ago)
    gen_loop_matter(w, kind="other", title="逾期的X类协商", lead=dept, assigned_on=long_ago)
    gen_loop_matter(
        w, "supervision", "快到期的监督", lead=dept, assigned_on=today - timedelta(days=80)
    )
    gen_loop_matter(w, kind="other", title="刚交办的协商", lead=dept, assigned_on=today)
    # a chair-meeting topic waits for next year's 联席会议: not scheduled, so not late
    gen_loop_matter(w, kind="chair_thematic", title="待定的协商", lead=dept, assigned_on=long_ago)
    db.session.add(
        Meeting(
            org_id=w.org.id,
            kind="standing_committee",
            title="常委会",
            held_on=today - timedelta(days=1),
        )
    )
    standing = gen_loop_matter(
        w, kind="standing_thematic", title="常委会专题", lead=dept, assigned_on=long_ago
    )
    (s,) = gen_suggestions(w, standing, ["建议甲"], dept)
    s.assigned_on = long_ago
    db.session.commit()
    org_id = w.org.id
    with statements() as n:
        rows = overdue_sel.late(org_id, today)
    assert n() == 4
    got = {(r.title, r.what, r.state) for r in rows}
    assert got == {
        ("逾期的提案", "答复", "overdue"),
        ("逾期的X类协商", "书面反馈", "overdue"),
        ("常委会专题", "书面反馈", "overdue"),
        ("常委会专题", "建议1答复", "overdue"),
        ("快到期的监督", "建言处置", "due_soon"),
    }
    assert {r.responsible for r in rows} == {"县经信局"}
    assert overdue_sel.late(w.other_org.id, today) == []
    other = gen_department(w.org, "县财政局")
    assert overdue_sel.late(w.org.id, today, department_id=other.id) == []


def test_a_chair_meeting_suggestion_assigned_in_january_is_due_at_that_years_joint_meeting(app):
    from datetime import date

    from lvzhi.models import Meeting
    from lvzhi.selectors import loops as loop_sel
    from lvzhi.selectors import overdue as overdue_sel
    from lvzhi.selectors import suggestions as suggestion_sel

    from ..factories import gen_department, gen_suggestions, gen_topic, world

    w = world()
    dept = gen_department(w.org, "县经信局")
    held = Meeting(
        org_id=w.org.id, kind="chair_meeting", title="主席会议", held_on=date(2025, 12, 18)
    )
    joint = [
        Meeting(org_id=w.org.id, kind="joint_meeting", title="联席会议", held_on=day)
        for day in (date(2026, 2, 10), date(2027, 2, 9))
    ]
    db.session.add_all([held, *joint])
    db.session.flush()
    topic = gen_topic(w, "数字经济协商", meeting=held, year=2025)
    [s] = gen_suggestions(w, topic, ["建立数字经济专班"], dept)
    s.assigned_on = date(2026, 1, 5)
    db.session.commit()
    calendar = loop_sel.meetings(w.org.id)
    assert suggestion_sel.suggestion_due(s, calendar).on == date(2026, 2, 10)
    [owed] = suggestion_sel.of_department(w.org.id, dept.id, calendar, date(2026, 3, 1))
    assert owed.due.on == date(2026, 2, 10) and owed.state == "overdue"
    [late] = overdue_sel.late(w.org.id, date(2026, 3, 1), department_id=dept.id)
    assert late.suggestion_id == s.id and late.due.on == date(2026, 2, 10)
