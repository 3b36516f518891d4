"""The member's 我的考评 at a fixed small cost: the body's year settings (the points rules, the
grade thresholds and the 述职 cut-off) read as the worker keeps them (``stamps.kept``), the
members' matters, adjustments and 述职 in one statement; and what the secretariat changes
shows at once, kept or not."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import event

from lvzhi.clock import local_today
from lvzhi.extensions import db

from ..conftest import TEST_PASSWORD, freeze_local_time
from ..factories import gen_assigned_proposal, gen_department, gen_record, world

Y = local_today().year
MINE = "/member/assessment"


def _ran(client, path: str) -> tuple[list[str], str]:
    """(statements, page) of one request, with what the worker keeps as it is."""
    ran: list[str] = []

    def tally(_conn, _cursor, statement, *_args):
        ran.append(statement)

    event.listen(db.engine, "before_cursor_execute", tally)
    try:
        page = client.get(path).get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", tally)
    return ran, page


def _logged_in(app, username: str):
    other = app.test_client()
    other.post("/login", data={"login": username, "password": TEST_PASSWORD})
    return other


def test_the_members_page_reads_the_years_settings_kept_and_its_facts_at_once(client, auth):
    w = world()
    gen_record(w.member, "research", "confirmed")
    gen_assigned_proposal(w, gen_department(w.org))
    db.session.commit()
    auth.login("weiyuan")
    client.get(MINE)  # the worker keeps the year's rules and settings
    ran, page = _ran(client, MINE)
    assert not [sql for sql in ran if "points_rules" in sql or "assessment_settings" in sql]
    facts = [sql for sql in ran if "matter_people" in sql]
    assert len(facts) == 1 and "points_adjustments" in facts[0] and "self_summaries" in facts[0]
    assert "提案立案" in page  # the proposal's line, and its record's item done
    assert 'data-testid="points-total">57<' in page  # 40 + 2 items × 6 + 5


def test_the_ledger_and_the_report_show_the_matters_adjustments_and_summary(app, client, auth):
    w = world()
    matter = gen_assigned_proposal(w, gen_department(w.org))
    db.session.commit()
    row = (  # the report's row of the matter, as the matter itself says it
        f"<tr><td>{matter.spec.name}</td><td>{matter.title}"
        f'<span class="muted">（{matter.number_text}）</span></td><td>{matter.stage_label}</td></tr>'
    )
    assert matter.number_text  # filed: numbered
    secretariat = _logged_in(app, "jiguan")
    adjust = f"/secretariat/assessment/{Y}/members/{w.member.id}/adjust"
    assert secretariat.post(adjust, data={"points": "-2", "reason": "缺交材料"}).status_code == 303
    auth.login("weiyuan")
    r = client.post(f"{MINE}/{Y}/summary", data={"text": "全年参加各项履职活动。"})
    assert r.status_code == 303

    ledger = secretariat.get(adjust.removesuffix("/adjust")).get_data(as_text=True)
    by = w.secretariat_user.display_name
    assert f'缺交材料 <span class="muted small">（{by} {local_today().isoformat()}）' in ledger
    assert 'data-testid="points-total">49<' in ledger  # 40 + 6 (its item) + 5 − 2
    assert "全年参加各项履职活动。" in ledger
    report = client.get(f"{MINE}/{Y}/report").get_data(as_text=True)
    assert row in report
    assert "全年参加各项履职活动。" in report and "机关调整：缺交材料" in report
    page = client.get(MINE).get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page  # the 述职's, for its form


def test_an_adjustment_made_after_local_midnight_shows_the_local_day(app, monkeypatch):
    """Times are stored in UTC: 00:30 in Haiyan is still the day before in UTC, and the
    ledger shows the body's own day."""
    w = world()
    db.session.commit()
    freeze_local_time(monkeypatch, datetime(Y, 3, 1, 0, 30))
    secretariat = _logged_in(app, "jiguan")
    adjust = f"/secretariat/assessment/{Y}/members/{w.member.id}/adjust"
    assert secretariat.post(adjust, data={"points": "-2", "reason": "缺交材料"}).status_code == 303
    ledger = secretariat.get(adjust.removesuffix("/adjust")).get_data(as_text=True)
    by = w.secretariat_user.display_name
    assert f'缺交材料 <span class="muted small">（{by} {Y}-03-01）' in ledger


def test_the_secretariats_changes_show_at_once_on_the_members_page(app, client, auth):
    w = world()
    gen_record(w.member, "research", "confirmed")
    db.session.commit()
    auth.login("weiyuan")
    page = client.get(MINE).get_data(as_text=True)  # kept: the defaults
    assert "优秀 ≥ 90" in page and 'data-testid="grade">不称职<' in page  # 46 points
    assert f"{Y + 1}年1月15日（含当日）" in page
    secretariat = _logged_in(app, "jiguan")
    settings = f"/secretariat/assessment/{Y}/settings"
    data = {"excellent": "45", "good": "40", "competent": "30", "summary_until": f"{Y}-12-31"}
    assert secretariat.post(settings, data=data).status_code == 303

    page = client.get(MINE).get_data(as_text=True)
    assert "优秀 ≥ 45" in page and 'data-testid="grade">优秀<' in page
    assert f"{Y}年12月31日（含当日）" in page
    rules = secretariat.get(f"/secretariat/assessment/{Y}/rules").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in rules  # the stored row's
    assert (
        secretariat.post(settings, data=data | {"excellent": "50", "version": "1"}).status_code
        == 303
    )
    stale = secretariat.post(settings, data=data | {"version": "1"}).get_data(as_text=True)
    assert "已被他人修改" in stale  # the form of the first save is refused

    rule = {"duty_item-points": "9", "duty_item-unit": "项", "duty_item-cap": "60"}
    rule["duty_item-active"] = "y"
    assert (
        secretariat.post(f"/secretariat/assessment/{Y}/rules/duty_item", data=rule).status_code
        == 303
    )
    page = client.get(MINE).get_data(as_text=True)
    assert 'data-testid="points-total">49<' in page and 'data-testid="grade">良好<' in page
