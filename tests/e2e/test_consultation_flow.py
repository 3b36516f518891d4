"""Issue 13's consultation flow on a phone (390×844) against the demo county: the secretariat
plans a chair-meeting consultation in an empty place of this year's 1+2+6+X plan, picks two
speakers from the roster (search as you type), runs it 选题 → 调研 (with the research
report) → 协商 (with the record) → 交办; a speaker's 十个一 then shows item 6 (一次重点协商发言)
done, from this consultation.

The steps are functions that ``test_consultation_suggestions_flow`` chains with the
suggestions' steps (issue 13's done-when as one test)."""

from __future__ import annotations

import re
from collections import Counter

from playwright.sync_api import expect
from sqlalchemy import select

from lvzhi.extensions import db
from lvzhi.models import DutyItem, DutyRecord, Member, User

from .conftest import login, no_horizontal_scroll, shot

TITLE = "海塘安澜工程建设专题协商"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def two_speakers(live_server) -> list[tuple[str, str]]:
    """Two members with a login and a unique name, neither with item 6 done yet."""
    with live_server.app.app_context():
        names = Counter(db.session.scalars(select(Member.name)))
        spoke = set(
            db.session.scalars(
                select(DutyRecord.member_id)
                .join(DutyItem, DutyItem.id == DutyRecord.item_id)
                .where(DutyItem.code == "consultation_speech")
            )
        )
        rows = db.session.execute(
            select(Member.id, Member.name, User.username)
            .join(User, User.member_id == Member.id)
            .where(User.username.like("139%"))
            .order_by(Member.id)
        ).all()
        found = [(n, u) for mid, n, u in rows if names[n] == 1 and mid not in spoke]
        return found[:2]


def _step(page, label: str, *, upload=None) -> None:
    page.locator("summary", has_text=label).click()
    form = page.locator("details[open] form")
    if upload is not None:
        form.locator("input[type=file]").set_input_files(str(upload))
    form.get_by_role("button", name=f"确认{label}").click()
    expect(page.get_by_text(f"已办理：{label}。")).to_be_visible()


def plan_chair_consultation(page, live_server, title: str, department: str) -> int:
    """The secretariat (logged in) plans ``title`` in the fifth chair-meeting place of this
    year's plan, led by ``department``; returns the new topic's id."""
    year = live_server.today.year
    page.goto(f"{live_server.url}/secretariat/consultations?year={year}")
    chair = page.locator("#kind-chair_thematic")
    expect(chair.get_by_role("heading")).to_contain_text("4 / 6")
    assert no_horizontal_scroll(page)
    shot(page, "consultation-01-plan")
    chair.get_by_role("link", name="安排议题").first.click()
    page.get_by_label("议题").fill(title)
    expect(page.get_by_label("协商类别")).to_have_value("chair_thematic")
    meeting = page.get_by_label("所属会议（未排期可先不选）")
    meeting.select_option(meeting.locator("option", has_text="海塘安澜").get_attribute("value"))
    page.get_by_label("牵头专委会").select_option(label="农业农村委员会")
    page.get_by_label("牵头承办单位").select_option(label=department)
    page.get_by_label("牵头联系的政府领导或部门负责人").fill("分管副县长")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_text("下一年度政府政协联席会议前")).to_be_visible()
    return int(re.search(r"/(\d+)(?:\?|$)", page.url).group(1))


def add_speakers(page, speakers: list[tuple[str, str]]) -> None:
    """On the topic's page: each speaker found by typing (htmx) and ticked in."""
    for name, _username in speakers:
        page.get_by_role("link", name="添加协商发言委员").click()
        page.get_by_label("按姓名或手机号查找委员").press_sequentially(name, delay=50)
        box = page.get_by_role("checkbox", name=name)
        expect(box).to_be_visible()  # swapped in as typed, no button pressed
        box.check()
        assert no_horizontal_scroll(page)
        page.get_by_role("button", name="加入协商发言委员").click()
        expect(page.get_by_text("已加入协商发言委员 1 人。")).to_be_visible()
    people = page.locator("#people")
    for name, _username in speakers:
        expect(people.get_by_text(name)).to_be_visible()
    shot(page, "consultation-02-speakers")


def run_to_assignment(page, report, department: str) -> None:
    """On the topic's page: 选题 → 调研 (report) → 协商 → 交办 to ``department``."""
    _step(page, "开始调研")
    _step(page, "调研报告", upload=report)
    _step(page, "召开协商")
    expect(page.locator("#facts")).to_contain_text("协商")
    page.locator("summary", has_text="交办").click()
    lead = page.get_by_label("牵头承办单位")
    expect(lead).to_have_value(lead.locator("option", has_text=department).get_attribute("value"))
    page.get_by_role("button", name="确认交办").click()
    expect(page.get_by_text("已交办。")).to_be_visible()
    expect(page.locator("#facts")).to_contain_text(f"{department}（主办")
    expect(page.locator("#documents")).to_contain_text("调研报告")
    assert no_horizontal_scroll(page)
    shot(page, "consultation-03-assigned")


def speaker_has_item_6(page, live_server, username: str, title: str) -> None:
    """The speaker's 十个一: item 6 done, the record linking the consultation."""
    page.context.clear_cookies()
    login(page, live_server, username)
    page.goto(f"{live_server.url}/member/duties/{live_server.today.year}/consultation_speech")
    expect(page.locator(".duty-item-state")).to_contain_text("已完成")
    expect(page.get_by_role("link", name=title)).to_be_visible()  # the record links its source
    shot(page, "consultation-04-speaker-credited")


def test_the_secretariat_runs_a_chair_meeting_consultation_and_speakers_are_credited(
    page, live_server, tmp_path
):
    report = tmp_path / "调研报告.pdf"
    report.write_bytes(PDF)
    speakers = two_speakers(live_server)
    assert len(speakers) == 2
    login(page, live_server, "jiguan")
    plan_chair_consultation(page, live_server, TITLE, "县自然资源和规划局")
    add_speakers(page, speakers)
    run_to_assignment(page, report, "县自然资源和规划局")
    speaker_has_item_6(page, live_server, speakers[0][1], TITLE)
