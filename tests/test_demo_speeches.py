"""The demo's speeches and work suggestions: the last plenary's speeches selected oral or
written (two not), two instructed ones being handled by departments (张岩枢's accepted by
县发展和改革局), a party's and an office group's speech, suggestions mostly answered, the
credits they earn — and a second seed adds nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from lvzhi.extensions import db
from lvzhi.models import DutyItem, DutyRecord, Matter, User
from lvzhi.selectors import loops as loop_sel

TODAY = date(2026, 11, 25)


def test_the_demo_has_last_plenarys_speeches_two_instructed_and_answered_suggestions(
    app, client, travel
):
    from lvzhi.demo import seed_demo

    travel(TODAY)
    org = seed_demo(today=TODAY, member_count=60)
    counts = loop_sel.stage_counts(org.id, 2026)
    assert counts["speech"] == {"selected": 7, "not_selected": 2, "handling": 1, "assigned": 1}
    assert counts["work_suggestion"] == {"adopted": 2, "noted": 1, "submitted": 1}
    handled = db.session.scalars(
        select(Matter).where(Matter.loop == "speech", Matter.stage.in_(("assigned", "handling")))
    ).all()
    assert {m.lead_assignment.department.name for m in handled} == {
        "县发展和改革局",
        "县交通运输局",
    }
    own = next(m for m in handled if m.stage == "handling")
    assert own.people[0].member.name == "张岩枢" and own.kind == "written"
    collectives = db.session.scalars(
        select(Matter.collective_name).where(Matter.loop == "speech", Matter.collective_kind != "")
    ).all()
    assert set(collectives) == {"民革海盐县支部", "西塘桥街道"}
    weiyuan = db.session.scalar(select(User).where(User.username == "weiyuan"))
    done = db.session.scalars(
        select(DutyItem.code)
        .join(DutyRecord, DutyRecord.item_id == DutyItem.id)
        .where(
            DutyRecord.member_id == weiyuan.member_id,
            DutyRecord.source_type.in_(("speech", "work_suggestion")),
        )
    ).all()
    assert done == []  # a written speech: his 十个一 stays the seed's "3 done, 7 to go"
    oral = db.session.scalar(
        select(func.count(DutyRecord.id))
        .join(DutyItem, DutyItem.id == DutyRecord.item_id)
        .where(DutyItem.code == "consultation_speech", DutyRecord.source_type == "speech")
    )
    suggested = db.session.scalar(
        select(func.count(DutyRecord.id)).where(DutyRecord.source_type == "work_suggestion")
    )
    assert (oral, suggested) == (3, 4)  # the members' oral speeches; every suggestion
    client.post("/login", data={"login": "chengban", "password": "lvzhi2026"})
    assert own.title in client.get("/department/").get_data(as_text=True)
    before = db.session.scalar(select(func.count(Matter.id)))
    seed_demo(today=TODAY, member_count=60)
    assert db.session.scalar(select(func.count(Matter.id))) == before
