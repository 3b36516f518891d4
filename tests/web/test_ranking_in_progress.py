"""The quarter ranking on a day inside the quarter (26 November for the fourth quarter):
months not due yet read 未到期, unscored reports 待评分, nobody is flagged 排名靠后, the trend
makes no comparison, and the invitation is refused unless confirmed as provisional. After the
quarter's last due day, with everything scored, it ranks and invites for good."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

from openpyxl import load_workbook
from sqlalchemy import func, select

from lvzhi.extensions import db
from lvzhi.models import AuditEvent, GroupInvitation, Meeting, OfficeGroup

from ..conftest import freeze_local_time
from ..factories import gen_group_report, gen_named, world

BOARD = "/board/ranking/2026/4"
INVITE = "/secretariat/ranking/2026/4/invite"


def _groups(w) -> dict[str, OfficeGroup]:
    groups = {"西塘桥街道": w.group, "武原街道": w.other_group}
    for i, name in enumerate(("秦山街道", "于城镇", "通元镇"), start=3):
        groups[name] = gen_named(OfficeGroup, w.org, name, sort_order=i)
    return groups


def _report(group, month, quality, submitted_at=None):
    """A report with all eleven items worked: 40 coverage + quality + 10 on time."""
    status = "submitted" if quality is None else "reviewed"
    return gen_group_report(
        group, 2026, month, status=status, work_items=11, quality=quality, submitted_at=submitted_at
    )


def _organ_meeting(w, title: str, held_on: date) -> None:
    db.session.add(Meeting(org_id=w.org.id, kind="organ_monthly", title=title, held_on=held_on))


def _in_progress_quarter(w) -> dict[str, OfficeGroup]:
    """On 26 November: October in from everyone (通元镇's not scored yet), November from two
    (武原街道's not scored yet), December from nobody; the third quarter all at 50."""
    g = _groups(w)
    for group in g.values():
        for month in (7, 8, 9):
            _report(group, month, 50)
    for name, quality in {"西塘桥街道": 45, "武原街道": 40, "秦山街道": 30, "于城镇": 20}.items():
        _report(g[name], 10, quality)
    _report(g["通元镇"], 10, None)
    _report(g["西塘桥街道"], 11, 46, submitted_at=datetime(2026, 11, 25, 2, 0))
    _report(g["武原街道"], 11, None, submitted_at=datetime(2026, 11, 24, 2, 0))
    _organ_meeting(w, "12月机关月度会议", date(2026, 12, 10))
    db.session.commit()
    return g


def _board_on_26_november(client, auth, monkeypatch, username: str) -> str:
    _in_progress_quarter(world())
    freeze_local_time(monkeypatch, datetime(2026, 11, 26, 10, 0))
    auth.login(username)
    return client.get(BOARD).get_data(as_text=True)


def _sheet(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def _row(page: str, name: str) -> str:
    table = page[page.index('id="ranking-table"') :]
    table = table[: table.index("</table>")]
    return next(r for r in table.split("<tr") if f"<strong>{name}</strong>" in r)


def _cell(row: str, label: str) -> str:
    match = re.search(rf'data-label="{label}"[^>]*>(.*?)</td>', row, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_on_26_november_december_is_not_due_and_unscored_reports_await_their_score(
    app, client, auth, monkeypatch
):
    page = _board_on_26_november(client, auth, monkeypatch, "lingdao")

    assert "本季度进行中，排名为暂计" in page
    assert "12月报告2027年1月5日到期，本季度尚未结束" in page
    for name in ("西塘桥街道", "武原街道", "秦山街道", "于城镇", "通元镇"):
        assert _cell(_row(page, name), "12月") == "未到期"
    assert _cell(_row(page, "于城镇"), "11月") == "未到期"  # due 5 December
    assert _cell(_row(page, "通元镇"), "10月") == "待评分"  # not its 50 without quality
    assert _cell(_row(page, "武原街道"), "11月") == "待评分"
    assert _cell(_row(page, "西塘桥街道"), "11月") == "96.0"
    # the provisional score is the mean of the counted months only
    assert _cell(_row(page, "西塘桥街道"), "季度得分") == "95.5 暂计"
    assert _cell(_row(page, "于城镇"), "季度得分") == "70.0 暂计"
    assert _cell(_row(page, "通元镇"), "季度得分") == "— 暂计"
    assert "11月未到期（12月5日到期）：秦山街道、于城镇、通元镇" in page
    # nobody is flagged while the quarter runs
    assert "排名靠后" not in page.replace("暂不标记排名靠前、靠后", "")
    body = page.split("</head>", 1)[1]  # the head's inlined stylesheet names every class
    assert "row-bottom" not in body and "tag-bottom" not in body and "tag-top" not in body
    # the trend does not report a fall against a whole quarter
    assert "较上季度下降" not in page
    assert "本季度进行中（暂计 95.5 分）" in page

    ranking_xlsx = _sheet(client.get(f"{BOARD}/ranking.xlsx").data)
    tongyuan = next(r for r in ranking_xlsx if r[1] == "通元镇")
    assert tongyuan[2:5] == ("待评分", "未到期", "未到期") and tongyuan[-1] == "暂计"
    assert not any(r[-1] in ("排名靠前", "排名靠后") for r in ranking_xlsx)
    scores_xlsx = _sheet(client.get(f"{BOARD}/scores.xlsx").data)
    assert ("于城镇", "12月", "未到期") in {r[:3] for r in scores_xlsx}

    home = client.get("/board/").get_data(as_text=True)
    ranking = home[home.index('id="board-ranking"') :]
    ranking = ranking[: ranking.index("</section>")]
    assert "暂计" in ranking and "排名靠后" not in ranking


def test_on_the_due_day_a_month_is_still_not_due_and_the_day_after_it_counts_zero(
    app, client, auth, monkeypatch
):
    w = world()
    _in_progress_quarter(w)
    auth.login("lingdao")
    freeze_local_time(monkeypatch, datetime(2026, 12, 5, 23, 30))
    assert _cell(_row(client.get(BOARD).get_data(as_text=True), "于城镇"), "11月") == "未到期"
    freeze_local_time(monkeypatch, datetime(2026, 12, 6, 0, 30))
    row = _row(client.get(BOARD).get_data(as_text=True), "于城镇")
    assert _cell(row, "11月") == "未报送"
    assert _cell(row, "季度得分") == "35.0 暂计"  # (70 + 0) / 2, December not due


def test_invitation_before_the_quarter_is_final_is_refused_then_confirmed_as_provisional(
    app, client, auth, monkeypatch
):
    board = _board_on_26_november(client, auth, monkeypatch, "jiguan")
    assert "邀请排名前后的室组参会" not in board
    assert "仍要按暂计排名邀请" in board

    refused = client.post(INVITE, follow_redirects=True).get_data(as_text=True)
    assert (
        "排名尚未最终确定" in refused
        and "11月未到期（12月5日到期）：秦山街道、于城镇、通元镇" in refused
    )
    assert db.session.scalar(select(func.count(GroupInvitation.id))) == 0

    confirm = client.get(INVITE).get_data(as_text=True)
    assert "12月报告2027年1月5日到期，本季度尚未结束" in confirm
    assert "10月待评分：通元镇" in confirm
    assert "11月未到期（12月5日到期）：秦山街道、于城镇、通元镇" in confirm
    assert "11月待评分：武原街道" in confirm
    assert "12月未到期（1月5日到期）：全部室组" in confirm
    assert "于城镇</strong> 暂列排名靠后" in confirm
    assert "12月机关月度会议" in confirm and "确认按暂计排名邀请" in confirm

    done = client.post(INVITE, data={"provisional": "1"}, follow_redirects=True)
    assert "个室组列入12月机关月度会议邀请名单" in done.get_data(as_text=True)
    invited = {i.office_group.name: i.flag for i in db.session.scalars(select(GroupInvitation))}
    assert invited == {
        "西塘桥街道": "top",
        "武原街道": "top",
        "秦山街道": "bottom",
        "于城镇": "bottom",
    }
    summary = db.session.scalar(
        select(AuditEvent.summary).where(AuditEvent.action == "group_report.invite")
    )
    assert "按暂计排名邀请" in summary and "10月待评分：通元镇" in summary


def test_after_the_last_due_day_with_every_report_scored_the_ranking_is_final(
    app, client, auth, monkeypatch
):
    w = world()
    g = _groups(w)
    for quality, group in zip((45, 40, 30, 20, 10), g.values(), strict=True):
        for month in (10, 11, 12):
            _report(group, month, quality)
    _organ_meeting(w, "1月机关月度会议", date(2027, 1, 10))
    db.session.commit()
    freeze_local_time(monkeypatch, datetime(2027, 1, 6, 9, 0))
    auth.login("jiguan")
    page = client.get(BOARD).get_data(as_text=True)
    assert "本季度进行中" not in page and "未到期" not in page
    assert "排名靠后" in _row(page, "通元镇") and "row-bottom" in page.split("</head>", 1)[1]
    assert "邀请排名前后的室组参会" in page
    client.post(INVITE)
    assert db.session.scalar(select(func.count(GroupInvitation.id))) == 4


def test_early_in_a_quarter_the_trend_does_not_pass_off_last_quarters_change_as_this_ones(
    app, client, auth, monkeypatch
):
    w = world()
    for month, quality in ((4, 50), (5, 50), (6, 50), (7, 10), (8, 10), (9, 10)):
        _report(w.group, month, quality)
    db.session.commit()
    freeze_local_time(monkeypatch, datetime(2026, 10, 10, 9, 0))  # October due 5 November
    auth.login("lingdao")
    page = client.get(BOARD).get_data(as_text=True)
    assert "较上季度下降" not in page  # the third quarter's fall, not the fourth's
    assert "本季度进行中，暂无计分月份" in page
    assert "较上季度下降 40.0 分" in client.get("/board/ranking/2026/3").get_data(as_text=True)
