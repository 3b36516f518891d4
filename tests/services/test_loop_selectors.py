"""Loop selectors: figures from fixed GROUP BY statements, lists with eager loading, derived
overdue / due-soon, a matter's timeline; and the department role's landing page."""

from __future__ import annotations

from datetime import date, timedelta

from lvzhi.clock import local_today
from lvzhi.domain import loops as rules
from lvzhi.extensions import db
from lvzhi.models import Matter, MatterAssignment, Meeting
from lvzhi.selectors import loop_deadlines as deadline_sel
from lvzhi.selectors import loops as sel
from lvzhi.services import loop_handling as handling
from lvzhi.services import loop_intake, proposal_review
from lvzhi.services import loops as svc
from lvzhi.services import proposals as prop

from ..factories import checked_png, gen_department, gen_proposal, world

TODAY = local_today()


def _proposals(w, n: int, dept) -> list[Matter]:
    """n proposals: filed+assigned+replied (A), one opinion, one merged each round."""
    made = []
    for i in range(n):
        m = gen_proposal(w.member_user, title=f"提案{i}")
        prop.proposal_submit(w.member_user, m)
        proposal_review.proposal_file(w.secretariat_user, m)
        svc.matter_assign(w.secretariat_user, m, dept)
        loop_intake.matter_accept(w.secretariat_user, m)
        handling.matter_contact(w.secretariat_user, m, "phone", TODAY)
        handling.matter_reply(w.secretariat_user, m, "A", "", [checked_png()])
        prop.proposal_evaluate(w.member_user, m, "satisfied", contacted=True)
        made.append(m)
    o = gen_proposal(w.member_user, title=f"意见{n}")
    prop.proposal_submit(w.member_user, o)
    proposal_review.proposal_not_file(w.secretariat_user, o, rules.NOT_FILED_REASONS[0])
    g = gen_proposal(w.member_user, title=f"并{n}")
    prop.proposal_submit(w.member_user, g)
    proposal_review.proposal_merge(w.secretariat_user, g, made[0])
    return made


def test_the_years_proposal_figures(app):
    w = world()
    dept = gen_department(w.org, "县发改局")
    _proposals(w, 2, dept)
    pending = gen_proposal(w.member_user, title="草稿")  # a draft is not received
    f = sel.proposal_figures(w.org.id, TODAY.year)
    assert (f.received, f.filed, f.opinions, f.merged, f.replied) == (4, 2, 1, 1, 2)
    assert f.reply_rate == 1.0 and f.classes == {"A": 2} and f.verdicts == {"satisfied": 2}
    assert [(d.name, d.assigned, d.replied) for d in f.departments] == [("县发改局", 2, 2)]
    assert pending.stage == "draft"
    assert sel.proposal_figures(w.other_org.id, TODAY.year).received == 0
    assert sel.ProposalFigures().reply_rate is None


def test_figures_and_lists_take_the_same_statements_however_many_matters(app, statements):
    w = world()
    dept = gen_department(w.org)
    _proposals(w, 1, dept)
    org_id = w.org.id
    counts = []
    for more in (0, 3):
        _proposals(w, more, dept) if more else None
        with statements() as n:
            sel.stage_counts(org_id, TODAY.year)
        one_group_by = n()
        with statements() as n:
            sel.proposal_figures(org_id, TODAY.year)
        figures = n()
        with statements() as n:
            rows = sel.matters(org_id, "proposal", year=TODAY.year)
            [(p.member.name for p in m.people) for m in rows]
            [[a.department.name for a in m.assignments] for m in rows]
        lists = n()
        counts.append((one_group_by, figures, lists))
    assert counts[0] == counts[1]
    assert counts[0][:2] == (1, 3)  # one GROUP BY for every loop; three for the proposals


def test_every_loop_counts_by_stage_in_one_group_by(app):
    w = world()
    for loop, stage in [
        ("consultation", "topic"),
        ("supervision", "report"),
        ("speech", "submitted"),
    ]:
        db.session.add(Matter(org_id=w.org.id, loop=loop, year=TODAY.year, stage=stage, title=loop))
    db.session.commit()
    counts = sel.stage_counts(w.org.id, TODAY.year)
    assert counts == {
        "consultation": {"topic": 1},
        "supervision": {"report": 1},
        "speech": {"submitted": 1},
    }


def _assigned_on(w, dept, day: date) -> Matter:
    m = gen_proposal(w.member_user, title=f"交办于{day}")
    prop.proposal_submit(w.member_user, m)
    proposal_review.proposal_file(w.secretariat_user, m)
    svc.matter_assign(w.secretariat_user, m, dept, assigned_on=day)
    return m


def test_overdue_is_derived_from_the_assignment_day_and_today(app):
    w = world()
    dept = gen_department(w.org)
    late = _assigned_on(w, dept, TODAY - timedelta(days=200))
    due_today = _assigned_on(w, dept, date(TODAY.year, TODAY.month, 1))
    _assigned_on(w, dept, TODAY)
    assert [d.matter.id for d in deadline_sel.overdue(w.org.id, "proposal")] == [late.id]
    due = deadline_sel.matter_due(due_today)
    assert (
        deadline_sel.overdue(w.org.id, "proposal", today=due.on)
        == deadline_sel.overdue(w.org.id, "proposal")[:1]
    )
    day_after = [
        d.matter.id for d in deadline_sel.overdue(w.org.id, "proposal", today=due.on + timedelta(1))
    ]
    assert due_today.id in day_after
    assert deadline_sel.overdue(w.org.id, "proposal", department_id=dept.id + 999) == []
    rows = deadline_sel.deadlines(sel.matters(w.org.id, "proposal"), [], TODAY)
    assert [d.state for d in rows][0] == rules.OVERDUE


def test_an_extension_moves_the_due_date(app):
    w = world()
    dept = gen_department(w.org)
    m = _assigned_on(w, dept, TODAY - timedelta(days=100))
    assert deadline_sel.overdue(w.org.id, "proposal")
    handling.matter_extend(w.secretariat_user, m, TODAY + timedelta(days=20), "需多部门协调")
    assert deadline_sel.overdue(w.org.id, "proposal") == []
    assert deadline_sel.matter_due(m).extended


def test_a_meeting_relative_deadline_follows_the_calendar(app):
    w = world()
    dept = gen_department(w.org)
    m = Matter(
        org_id=w.org.id,
        loop="consultation",
        kind="standing_thematic",
        year=TODAY.year,
        stage="assign",
        title="专题议政",
    )
    m.assignments.append(
        MatterAssignment(org_id=w.org.id, department_id=dept.id, assigned_on=TODAY)
    )
    db.session.add(m)
    db.session.commit()
    assert deadline_sel.matter_due(m, sel.meetings(w.org.id)).text == "下次常委会会议前"
    db.session.add(
        Meeting(
            org_id=w.org.id,
            kind="standing_committee",
            title="常委会",
            held_on=TODAY + timedelta(days=30),
        )
    )
    db.session.commit()
    assert deadline_sel.matter_due(m, sel.meetings(w.org.id)).on == TODAY + timedelta(days=30)


def test_a_matter_comes_with_its_timeline_and_files(app):
    w = world()
    dept = gen_department(w.org)
    m = _assigned_on(w, dept, TODAY)
    loop_intake.matter_accept(w.secretariat_user, m)
    handling.matter_contact(w.secretariat_user, m, "phone", TODAY)
    handling.matter_reply(w.secretariat_user, m, "C", "留作参考", [checked_png()])
    db.session.expire_all()
    found = sel.matter(w.org.id, m.id)
    assert [e.action for e in found.events] == [
        "submit",
        "file",
        "assign",
        "accept",
        "contact",
        "reply",
    ]
    files = sel.event_files(found.events)
    assert [len(files[e.id]) for e in found.events] == [0, 0, 0, 0, 0, 1]
    assert sel.matter(w.other_org.id, m.id) is None
    assert [x.id for x in sel.matters(w.org.id, "proposal", public_only=True, search="交办")] == [
        m.id
    ]
    assert sel.matters(w.org.id, "proposal", member_id=w.peer.id) == []


def test_a_department_contact_logs_in_without_an_error(app, client):
    from lvzhi.services.accounts import hash_password
    from lvzhi.services.department_accounts import department_account_create

    w = world()
    user, _password = department_account_create(
        w.secretariat_user, gen_department(w.org), "chengban", "县发改局联系人"
    )
    user.password_hash = hash_password("secret123")
    user.must_change_password = False
    db.session.commit()
    response = client.post("/login", data={"login": "chengban", "password": "secret123"})
    assert response.status_code in (302, 303)
    assert client.get(response.headers["Location"]).status_code == 200


def test_who_sees_a_matter_and_its_files(app):
    from lvzhi.auth.permissions import can_see_matter
    from lvzhi.files.owners import can_view
    from lvzhi.models import Attachment

    from ..factories import gen_department_user, gen_member, gen_user

    w = world()
    dept, other_dept = gen_department(w.org), gen_department(w.org)
    draft = gen_proposal(w.member_user, title="草稿")
    m = _assigned_on(w, dept, TODAY)
    loop_intake.matter_accept(w.secretariat_user, m)
    handling.matter_contact(w.secretariat_user, m, "phone", TODAY)
    handling.matter_reply(w.secretariat_user, m, "A", "", [checked_png()])
    stranger = gen_user(w.org, "someone", ["member"], gen_member(w.org))
    contact, other_contact = (
        gen_department_user(w.org, dept),
        gen_department_user(w.org, other_dept),
    )
    assert can_see_matter(w.member_user, draft) and not can_see_matter(stranger, draft)
    assert can_see_matter(stranger, m)  # filed and public
    assert can_see_matter(contact, m) and not can_see_matter(other_contact, m)
    assert not can_see_matter(w.other_secretariat_user, m)
    m.is_public = False
    assert not can_see_matter(stranger, m) and can_see_matter(w.leader_user, m)
    reply_file = db.session.scalar(db.select(Attachment))
    assert can_view(contact, reply_file) and not can_view(other_contact, reply_file)


def test_a_departments_list_puts_overdue_first_and_counts_a_co_handlers_month(app, statements):
    w = world()
    dept, lead = gen_department(w.org), gen_department(w.org)
    fresh = _assigned_on(w, dept, TODAY)
    late = _assigned_on(w, dept, TODAY - timedelta(days=200))
    as_co = _proposal_with_co(w, lead, dept, TODAY - timedelta(days=40))
    other_org_dept = gen_department(w.other_org)
    org_id, dept_id = w.org.id, dept.id
    with statements() as n:
        work = deadline_sel.department_work(org_id, dept_id)
        [(x.matter.title, [p.member.name for p in x.matter.people]) for x in work]
    assert n() == 6  # assignments, matters, people, members, assignments, departments
    assert [x.matter.id for x in work] == [late.id, as_co.id, fresh.id]
    assert [x.state for x in work] == [rules.OVERDUE, rules.OVERDUE, rules.ON_TIME]
    assert work[1].due.on == deadline_sel.assignment_due(work[1].assignment).on
    assert deadline_sel.department_work(w.other_org.id, other_org_dept.id) == []


def _proposal_with_co(w, lead, co, day):
    m = gen_proposal(w.member_user, title="会办")
    prop.proposal_submit(w.member_user, m)
    proposal_review.proposal_file(w.secretariat_user, m)
    svc.matter_assign(w.secretariat_user, m, lead, [co], assigned_on=day)
    return m


def test_the_overdue_count_in_sql_matches_the_derived_overdue_list(app):
    w = world()
    dept = gen_department(w.org)
    for days in (400, 200, 95, 92, 91, 90, 89, 60, 0):
        _assigned_on(w, dept, TODAY - timedelta(days=days))
    extended = _assigned_on(w, dept, TODAY - timedelta(days=150))
    extended.lead_assignment.extended_to = TODAY + timedelta(days=5)
    short = _assigned_on(w, dept, TODAY - timedelta(days=40))
    short.lead_assignment.reply_months = 1
    replied = _assigned_on(w, dept, TODAY - timedelta(days=300))
    replied.stage = rules.REPLIED
    db.session.commit()
    for day in (TODAY, TODAY + timedelta(days=1), TODAY + timedelta(days=30), date(2027, 3, 1)):
        assert deadline_sel.proposals_overdue_count(w.org.id, day) == len(
            deadline_sel.overdue(w.org.id, "proposal", today=day)
        )
    assert deadline_sel.proposals_overdue_count(w.org.id) >= 3
