"""A matter across the turn of the year, and a year whose checklist dropped an item.

- A draft started in December and sent in January belongs to the new year: its 十个一 credit,
  its numbering and the year's figures. One sent (received) in December keeps its year, even
  when it is returned for revision and sent again in January.
- A year's list may drop an item (DOMAIN: "a new year may change it"); a loop action whose
  credit goes to that item still goes through, and credits nothing."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from lvzhi.domain.duties import default_item_specs
from lvzhi.extensions import db
from lvzhi.models import DutyItem, DutyRecord
from lvzhi.services.duty_items import duty_item_retire, duty_items_open_year
from lvzhi.services.proposal_review import proposal_file, proposal_return
from lvzhi.services.proposals import proposal_submit
from lvzhi.services.public_opinion import opinion_submit, opinion_withdraw
from lvzhi.services.speeches import work_suggestion_submit

from ..factories import gen_opinion, gen_proposal, world

DECEMBER, JANUARY = date(2025, 12, 30), date(2026, 1, 2)


def _credits(member_id: int, code: str) -> list[tuple[int, date]]:
    rows = db.session.execute(
        select(DutyRecord.year, DutyRecord.occurred_on)
        .join(DutyItem, DutyItem.id == DutyRecord.item_id)
        .where(DutyRecord.member_id == member_id, DutyItem.code == code)
    )
    return [tuple(r) for r in rows]


def test_a_report_drafted_in_december_and_sent_in_january_is_the_new_years(app, travel):
    w = world()
    travel(DECEMBER)
    report = gen_opinion(w.member_user)
    db.session.commit()
    assert report.year == 2025
    travel(JANUARY)
    opinion_submit(w.member_user, report, version=report.version)
    db.session.commit()
    assert report.year == 2026
    assert _credits(w.member.id, "public_opinion") == [(2026, JANUARY)]


def test_a_report_withdrawn_in_december_and_sent_again_in_january_is_the_new_years(app, travel):
    w = world()
    travel(DECEMBER)
    report = gen_opinion(w.member_user, submit=True)
    opinion_withdraw(w.member_user, report, "再补充情况", version=report.version)
    db.session.commit()
    assert _credits(w.member.id, "public_opinion") == []
    travel(JANUARY)
    opinion_submit(w.member_user, report, version=report.version)
    db.session.commit()
    assert report.year == 2026
    assert _credits(w.member.id, "public_opinion") == [(2026, JANUARY)]


def test_a_report_sent_in_december_stays_in_its_year(app, travel):
    w = world()
    travel(DECEMBER)
    report = gen_opinion(w.member_user, submit=True)
    db.session.commit()
    travel(JANUARY)
    db.session.refresh(report)
    assert report.year == 2025
    assert _credits(w.member.id, "public_opinion") == [(2025, DECEMBER)]


def test_a_proposal_drafted_in_december_and_sent_in_january_is_numbered_in_the_new_year(
    app, travel
):
    w = world()
    travel(DECEMBER)
    m = gen_proposal(w.member_user)
    db.session.commit()
    travel(JANUARY)
    proposal_submit(w.member_user, m, version=m.version)
    proposal_file(w.secretariat_user, m)
    db.session.commit()
    assert m.year == 2026 and m.session_label == "2026年度"
    assert _credits(w.member.id, "proposal") == [(2026, JANUARY)]


def test_a_proposal_received_in_december_and_returned_keeps_its_year(app, travel):
    w = world()
    travel(DECEMBER)
    m = gen_proposal(w.member_user)
    proposal_submit(w.member_user, m)
    proposal_return(w.secretariat_user, m, "请补充分析")
    db.session.commit()
    travel(JANUARY)
    proposal_submit(w.member_user, m, version=m.version)
    proposal_file(w.secretariat_user, m)
    db.session.commit()
    assert m.year == 2025 and m.session_label == "2025年度"
    assert _credits(w.member.id, "proposal") == [(2025, date(2025, 12, 31))]


def test_a_loop_action_goes_through_when_the_years_list_dropped_its_item(app, travel):
    w = world()
    travel(DECEMBER)
    duty_items_open_year(w.org.id, 2025)
    item = db.session.scalar(
        select(DutyItem).where(
            DutyItem.org_id == w.org.id, DutyItem.year == 2025, DutyItem.code == "work_suggestion"
        )
    )
    duty_item_retire(w.secretariat_user, item, True, item.version)
    db.session.commit()
    travel(JANUARY)  # 2026's list is 2025's active items: nine, no work suggestion
    matter = work_suggestion_submit(w.member_user, "委员讲堂改在晚上", "白天委员多在上班。")
    db.session.commit()
    assert matter.id and matter.year == 2026
    codes = set(
        db.session.scalars(
            select(DutyItem.code).where(DutyItem.org_id == w.org.id, DutyItem.year == 2026)
        )
    )
    assert codes == {s.code for s in default_item_specs()} - {"work_suggestion"}
    assert _credits(w.member.id, "work_suggestion") == []
