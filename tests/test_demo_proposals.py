"""The demo's proposals: about 120 at every stage, overdue and key ones, a merged pair, one
不满意 handled again, a login per department, 张岩枢's own proposal being handled — and a
second seed adds nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from lvzhi.domain import loops as rules
from lvzhi.extensions import db
from lvzhi.models import Department, Matter, MatterEvaluation, User
from lvzhi.selectors import loop_deadlines as deadline_sel
from lvzhi.selectors import loops as loop_sel

TODAY = date(2026, 11, 25)


def test_the_demo_has_proposals_at_every_stage_and_seeding_twice_adds_nothing(app, travel):
    from lvzhi.demo import seed_demo

    travel(TODAY)
    org = seed_demo(today=TODAY, member_count=60)
    counts = loop_sel.stage_counts(org.id, TODAY.year)["proposal"]
    assert 110 <= sum(counts.values()) <= 130
    assert set(counts) == set(rules.PROPOSAL_STAGES) - {rules.REHANDLING}
    assert deadline_sel.overdue(org.id, "proposal", TODAY)
    key = db.session.scalars(select(Matter).where(Matter.is_key.is_(True))).all()
    # each with its 督办领导: the chair in the system, or a vice county head outside it
    assert key and all(m.supervising_leader_name for m in key)
    assert {m.supervising_leader_id is None for m in key} == {True, False}
    rehandled = db.session.scalars(
        select(MatterEvaluation.matter_id).where(MatterEvaluation.round == 2)
    ).all()
    assert len(rehandled) == 1
    assert db.session.get(Matter, rehandled[0]).stage == rules.CLOSED
    own = db.session.scalar(select(Matter).where(Matter.title == "关于紧固件国内市场集采的建议"))
    assert own.stage == rules.HANDLING and own.number_text.startswith("第十一届三次会议")
    assert own.people[0].member.name == "张岩枢" and len(own.assignments) == 2
    chengban = db.session.scalar(select(User).where(User.username == "chengban"))
    assert db.session.get(Department, chengban.department_id).name == "县发展和改革局"
    assert (
        db.session.scalar(select(func.count(User.id)).where(User.department_id.is_not(None))) == 12
    )
    before = db.session.scalar(select(func.count(Matter.id)))
    seed_demo(today=TODAY, member_count=60)
    assert db.session.scalar(select(func.count(Matter.id))) == before


def test_every_demo_proposal_page_opens_for_the_secretariat(app, client, travel):
    from lvzhi.demo import seed_demo

    travel(TODAY)
    org = seed_demo(today=TODAY, member_count=60)
    client.post("/login", data={"login": "jiguan", "password": "lvzhi2026"})
    ids = db.session.scalars(select(Matter.id).where(Matter.org_id == org.id)).all()
    for matter_id in ids:
        assert client.get(f"/loops/{matter_id}").status_code in (200, 404), matter_id
    for stage in rules.PROPOSAL_STAGES:
        assert client.get(f"/secretariat/proposals?stage={stage}").status_code == 200
    page = client.get("/secretariat/proposals/figures").get_data(as_text=True)
    assert "办复率" in page and "县发展和改革局" in page
    assert client.get("/board/proposals").status_code == 403
