"""A stored moment is read as the body's local day wherever a day is derived from it: from
00:00 to 08:00 in Haiyan the UTC day is still the day before. 07:30 on 1 December is
23:30 on 30 November in UTC, which is the day every check here must not show."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

from openpyxl import load_workbook

from lvzhi.domain import loops as loop_rules
from lvzhi.domain.loop_specs import spec
from lvzhi.extensions import db
from lvzhi.inbox import department_todos
from lvzhi.loops.views_topics import _due
from lvzhi.selectors import consultations as sel
from lvzhi.selectors import loops as loop_sel
from lvzhi.selectors import speeches as speech_sel
from lvzhi.selectors.proposals import register_rows
from lvzhi.services import consultations as svc
from lvzhi.services.proposals import proposal_submit

from ..conftest import TEST_PASSWORD, freeze_local_time
from ..factories import checked_png, gen_opinion, gen_proposal, gen_topic, world

EARLY = datetime(2026, 12, 1, 7, 30)  # local; 2026-11-30 23:30 UTC
DAY, UTC_DAY = "2026-12-01", "2026-11-30"


def test_a_supervision_reported_early_in_the_morning_is_due_from_that_day(app, monkeypatch):
    w = world()
    s = gen_topic(w, "河道治理民主监督", loop="supervision", kind="", year=2026)
    svc.topic_step(w.secretariat_user, s, "start_research")
    freeze_local_time(monkeypatch, EARLY)
    svc.topic_step(w.secretariat_user, s, "report", files=[checked_png("监督报告.png")])
    db.session.commit()
    expected = loop_rules.due(spec("supervision").deadline("handle"), date(2026, 12, 1)).on
    assert expected == date(2027, 3, 1)  # three months on; from 30 November: 28 February
    [row] = sel.supervision_rows(w.org.id, 2026)
    assert row.due.on == expected  # the plan's list
    assert _due(s, loop_sel.meetings(w.org.id)).on == expected  # the topic's page


def test_the_registers_date_a_submission_by_its_local_day(app, client, monkeypatch):
    w = world()
    freeze_local_time(monkeypatch, EARLY)
    proposal_submit(w.member_user, gen_proposal(w.member_user))
    gen_opinion(w.member_user, submit=True)
    db.session.commit()
    [proposal] = register_rows(w.org.id, 2026)
    assert DAY in proposal and UTC_DAY not in proposal
    client.post("/login", data={"login": "jiguan", "password": TEST_PASSWORD})
    r = client.get("/secretariat/opinions/export.xlsx?year=2026")
    sheet = load_workbook(io.BytesIO(r.data)).active
    cells = [str(c.value) for c in next(sheet.iter_rows(min_row=2, max_row=2))]
    assert DAY in cells and UTC_DAY not in cells


def test_a_speech_register_dates_by_the_local_day(app, monkeypatch):
    from lvzhi.models import Matter

    freeze_local_time(monkeypatch, EARLY)
    moment = datetime(2026, 11, 30, 23, 30)  # stored UTC of EARLY
    assert speech_sel._day(Matter(submitted_at=moment)) == DAY
    assert speech_sel._day(Matter(submitted_at=None)) == ""


def test_a_refused_reassignment_shows_for_fourteen_local_days(app, monkeypatch):
    from types import SimpleNamespace

    asked = datetime(2026, 11, 30, 23, 30)  # stored UTC: 1 December, 07:30 local
    row = SimpleNamespace(
        state=None,
        accepted_at=datetime(2026, 11, 30),
        stage="closed",
        reassign_asked_at=asked,
        reassign_decision="refused",
    )
    last = date(2026, 12, 1) + timedelta(days=department_todos.ANSWER_SHOWN_DAYS)
    assert "dept_reassign_refused" in department_todos._kinds(row, last)
    assert "dept_reassign_refused" not in department_todos._kinds(row, last + timedelta(1))
