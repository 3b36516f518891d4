"""The points ledger and the year's assessment through the app: the ledger follows its
sources, the secretariat's rules, thresholds and adjustments, the self-summary cut-off, the
table's filters, export and statement count, the printable report."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import AuditEvent, PointsRule

from ..factories import gen_assigned_proposal, gen_department, gen_member, gen_record, world

Y = local_today().year


def _done_items(member, n: int) -> None:
    codes = [
        "proposal",
        "public_opinion",
        "research",
        "supervision",
        "reading_share",
        "consultation_speech",
        "sector_visit",
        "public_welfare",
        "village_link",
        "work_suggestion",
    ]
    for code in codes[:n]:
        gen_record(member, code, "confirmed", title=f"{code} 活动")
    db.session.commit()


def test_member_ledger_follows_confirmed_records_and_filed_proposals(client, auth):
    w = world()
    _done_items(w.member, 3)
    auth.login("weiyuan")
    page = client.get("/member/assessment").get_data(as_text=True)
    assert "完成十个一事项" in page and ">58<" in page  # base 40 + 3 items × 6
    gen_assigned_proposal(w, gen_department(w.org))
    page = client.get("/member/assessment").get_data(as_text=True)
    assert "提案立案" in page and "关于紧固件国内市场集采的建议" in page
    assert ">63<" in page  # + 5 for the filed proposal
    assert "/loops/" in page  # the line links to the matter


def test_unconfirmed_records_earn_no_points(client, auth):
    w = world()
    gen_record(w.member, "research", "submitted")
    db.session.commit()
    auth.login("weiyuan")
    page = client.get("/member/assessment").get_data(as_text=True)
    assert "完成十个一事项" not in page and 'data-testid="points-total">40<' in page


def test_secretariat_changes_a_rule_and_the_member_total_changes(client, auth):
    w = world()
    _done_items(w.member, 10)
    auth.login("jiguan")
    r = client.post(
        f"/secretariat/assessment/{Y}/rules/duty_item",
        data={
            "duty_item-points": "9",
            "duty_item-unit": "项",
            "duty_item-cap": "",
            "duty_item-active": "y",
        },
    )
    assert r.status_code == 303
    assert db.session.scalar(db.select(db.func.count(PointsRule.id))) > 10  # the whole year stored
    audit = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "points_rule.update")
    )
    assert "6分/项，上限 60 → 9分/项" in audit.summary
    page = client.get(f"/secretariat/assessment/{Y}/members/{w.member.id}").get_data(as_text=True)
    assert 'data-testid="points-total">130<' in page and "优秀" in page


def test_a_rule_refused_keeps_what_was_typed_with_a_chinese_message(client, auth):
    world()
    auth.login("jiguan")
    r = client.post(
        f"/secretariat/assessment/{Y}/rules/absent.plenary",
        data={
            "absent.plenary-points": "-10",
            "absent.plenary-unit": "次",
            "absent.plenary-cap": "0",
        },
    )
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "年度上限须在 1 到 1000 之间" in page
    assert db.session.scalar(db.select(db.func.count(PointsRule.id))) == 0
    assert client.post(f"/secretariat/assessment/{Y}/rules/no_such_rule").status_code == 404


def test_an_inactive_rule_stops_counting(client, auth):
    w = world()
    _done_items(w.member, 2)
    auth.login("jiguan")
    client.post(
        f"/secretariat/assessment/{Y}/rules/duty_item",
        data={"duty_item-points": "6", "duty_item-unit": "项", "duty_item-cap": "60"},
    )
    page = client.get(f"/secretariat/assessment/{Y}/members/{w.member.id}").get_data(as_text=True)
    ledger = page.split('id="points-ledger"')[1]
    assert "完成十个一事项" not in ledger and 'data-testid="points-total">40<' in page


def test_adjustment_needs_a_reason_and_is_audited(client, auth):
    w = world()
    auth.login("jiguan")
    url = f"/secretariat/assessment/{Y}/members/{w.member.id}/adjust"
    r = client.post(url, data={"points": "5", "reason": ""})
    assert r.status_code == 200 and "请填写调整原因" in r.get_data(as_text=True)
    r = client.post(url, data={"points": "5", "reason": "牵头完成重点调研"})
    assert r.status_code == 303
    page = client.get(f"/secretariat/assessment/{Y}/members/{w.member.id}").get_data(as_text=True)
    assert "牵头完成重点调研" in page and "+5" in page
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "points.adjust"))


def test_thresholds_are_set_per_year_and_checked(client, auth):
    w = world()
    _done_items(w.member, 10)  # 40 + 60 points
    auth.login("jiguan")
    url = f"/secretariat/assessment/{Y}/settings"
    data = {"excellent": "120", "good": "120", "competent": "90", "summary_until": f"{Y + 1}-01-10"}
    r = client.post(url, data=data)
    assert "分数线须满足 优秀 &gt; 良好 &gt; 称职" in r.get_data(as_text=True)
    r = client.post(url, data=data | {"excellent": "130", "good": "110"})
    assert r.status_code == 303
    page = client.get(f"/secretariat/assessment?year={Y}").get_data(as_text=True)
    assert "称职 ≥ 90" in page
    assert "优秀</span>" not in page.split("assessment-table")[1]  # 100 points: 称职 now


def test_self_summary_is_open_on_the_cut_off_day_and_closed_the_day_after(client, auth, travel):
    world()
    travel(date(Y + 1, 1, 15))  # the default cut-off of year Y
    auth.login("weiyuan")
    url = f"/member/assessment/{Y}/summary"
    r = client.post(url, data={"text": "全年参加各项履职活动。"})
    assert r.status_code == 303
    travel(date(Y + 1, 1, 16))
    r = client.post(url, data={"text": "改写"})
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and f"述职已于 {Y + 1}年1月15日 截止" in page
    report = client.get(f"/member/assessment/{Y}/report").get_data(as_text=True)
    assert "全年参加各项履职活动。" in report and "改写" not in report


def test_group_head_prints_the_whole_group_and_not_another_group(client, auth):
    w = world()
    auth.login("shizu")
    page = client.get(f"/group/assessment/{Y}/report").get_data(as_text=True)
    assert page.count('class="handbook-page annual-report"') == 3  # 张岩枢, 李伟, 沈国平
    assert "朱明华" not in page
    r = client.get(f"/group/assessment/{Y}/report?member={w.director.id}")
    assert r.status_code == 404


def test_table_filters_by_grade_and_exports(client, auth):
    w = world()
    _done_items(w.member, 10)
    gen_record(w.member, "proposal", "confirmed", title="第二件")
    db.session.commit()
    auth.login("jiguan")
    page = client.get(f"/secretariat/assessment?year={Y}&grade=excellent").get_data(as_text=True)
    assert "张岩枢" in page and "李伟" not in page
    page = client.get(f"/secretariat/assessment?year={Y}&grade=incompetent").get_data(as_text=True)
    assert "李伟" in page and "张岩枢" not in page  # the base 40 alone
    r = client.get(f"/secretariat/assessment/export.xlsx?year={Y}")
    ws = load_workbook(io.BytesIO(r.data)).active
    rows = list(ws.values)
    assert rows[0][:3] == ("名次", "姓名", "室组")
    assert rows[1][1] == "张岩枢" and rows[1][6] == 100 and rows[1][7] == "优秀"


def test_table_statements_do_not_grow_with_members(client, auth, statements):
    w = world()
    _done_items(w.member, 1)  # the year has its checklist
    auth.login("jiguan")
    url = f"/secretariat/assessment?year={Y}"
    client.get(url)
    with statements() as few:
        client.get(url)
    for i in range(30):
        m = gen_member(w.org, office_group_id=w.group.id, sector_id=w.sector.id)
        gen_record(m, "research", "confirmed")
        if i % 3 == 0:
            gen_record(m, "proposal", "confirmed")
    db.session.commit()
    with statements() as many:
        page = client.get(url).get_data(as_text=True)
    assert page.count("<tr>") >= 30
    assert many() == few()


def test_report_statements_do_not_grow_with_members(client, auth, statements):
    w = world()
    _done_items(w.member, 1)  # the year has its checklist
    auth.login("jiguan")
    url = f"/secretariat/assessment/{Y}/report"
    with statements() as few:
        client.get(url)
    for _ in range(20):
        m = gen_member(w.org, office_group_id=w.group.id)
        gen_record(m, "research", "confirmed")
    db.session.commit()
    with statements() as many:
        client.get(url)
    assert many() == few()


def test_bad_numbers_and_dates_get_chinese_messages_and_change_nothing(client, auth):
    w = world()
    auth.login("jiguan")
    rule = f"/secretariat/assessment/{Y}/rules/duty_item"
    for points in ("abc", "99999999999999999999", ""):
        r = client.post(rule, data={"duty_item-points": points, "duty_item-unit": "项"})
        assert r.status_code == 200 and 'id="error-summary"' in r.get_data(as_text=True)
    adjust = f"/secretariat/assessment/{Y}/members/{w.member.id}/adjust"
    for points in ("0", "-99999999999999999999", "x"):
        r = client.post(adjust, data={"points": points, "reason": "核减"})
        assert r.status_code == 200 and 'id="error-summary"' in r.get_data(as_text=True)
    settings = f"/secretariat/assessment/{Y}/settings"
    base = {"excellent": "90", "good": "80", "competent": "60"}
    for until in ("2026-02-30", f"{Y + 3}-01-01", ""):
        r = client.post(settings, data=base | {"summary_until": until})
        assert r.status_code == 200 and 'id="error-summary"' in r.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(PointsRule.id))) == 0
    mine = ("points_rule.update", "points.adjust", "assessment.settings")
    assert not db.session.scalar(db.select(AuditEvent.id).where(AuditEvent.action.in_(mine)))


def test_a_self_summary_longer_than_the_limit_is_refused_whole(client, auth):
    world()
    auth.login("weiyuan")
    r = client.post(f"/member/assessment/{Y}/summary", data={"text": "履" * 801})
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "述职最多 800 字" in page
    assert "履" * 801 in page  # what was typed is still there


def test_a_rule_form_as_shown_saves_the_first_time_and_a_stale_one_conflicts(client, auth):
    import re

    world()
    auth.login("jiguan")
    page = client.get(f"/secretariat/assessment/{Y + 1}/rules").get_data(as_text=True)
    shown = re.search(r'name="duty_item-version"[^>]*value="(\d+)"', page).group(1)
    assert shown == "0"  # the year's catalogue is not stored yet
    form = {"duty_item-unit": "项", "duty_item-cap": "", "duty_item-active": "y"}
    url = f"/secretariat/assessment/{Y + 1}/rules/duty_item"
    first = client.post(url, data={**form, "duty_item-points": "8", "duty_item-version": shown})
    assert first.status_code == 303
    stale = client.post(url, data={**form, "duty_item-points": "6", "duty_item-version": shown})
    assert "该内容已被他人修改" in stale.get_data(as_text=True)
