"""A committee director runs his committee's consultation on a phone (390×844) against the
demo county (DOMAIN.md: the committee "runs thematic consultations"): 朱明华 (经济科技委员会)
taps 协商, opens the X activity his committee leads, starts the research, picks 张岩枢 from
his own committee as researcher and speaker (a member of another committee is not found),
files the research report and holds the consultation; 交办 is not his. 张岩枢's 十个一 then
lists the consultation under item 3 (参与一项调查研究)."""

from __future__ import annotations

from collections import Counter

from playwright.sync_api import expect
from sqlalchemy import select

from lvzhi.demo.consultations import COMMITTEE_RUN
from lvzhi.extensions import db
from lvzhi.models import Committee, Member

from .conftest import login, no_horizontal_scroll, shot
from .test_consultation_flow import PDF, _step


def _outsider(live_server) -> str:
    """A member of another committee, with a name nobody else has."""
    with live_server.app.app_context():
        names = Counter(db.session.scalars(select(Member.name)))
        rows = db.session.execute(
            select(Member.name)
            .join(Committee, Committee.id == Member.committee_id)
            .where(Committee.name != "经济科技委员会")
            .order_by(Member.id)
        ).scalars()
        return next(n for n in rows if names[n] == 1)


def _pick(page, label: str, name: str) -> None:
    page.get_by_role("link", name=f"添加{label}").click()
    page.get_by_label("按姓名或手机号查找本委委员").press_sequentially(name, delay=50)
    box = page.get_by_role("checkbox", name=name)
    expect(box).to_be_visible()
    box.check()
    page.get_by_role("button", name=f"加入{label}").click()
    expect(page.get_by_text(f"已加入{label} 1 人。")).to_be_visible()


def test_a_committee_director_runs_his_committees_consultation(page, live_server, tmp_path):
    report = tmp_path / "调研报告.pdf"
    report.write_bytes(PDF)
    outsider = _outsider(live_server)
    login(page, live_server, "zhuanwei")
    page.locator("nav.tabbar").get_by_role("link", name="协商").click()
    expect(page.get_by_role("heading", name="本委协商议题")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "committee-consultation-01-list")
    page.get_by_role("link", name=COMMITTEE_RUN).click()
    expect(page.get_by_role("heading", name=COMMITTEE_RUN)).to_be_visible()
    expect(page.get_by_role("link", name="修改议题")).to_have_count(0)
    _step(page, "开始调研")

    # the picker finds his committee's members only
    page.get_by_role("link", name="添加调研委员").click()
    page.get_by_label("按姓名或手机号查找本委委员").press_sequentially(outsider, delay=50)
    expect(page.get_by_text("只能选择本委委员")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "committee-consultation-02-picker")
    page.locator("p.back a").click()
    _pick(page, "调研委员", "张岩枢")
    _pick(page, "协商发言委员", "张岩枢")
    _step(page, "调研报告", upload=report)
    _step(page, "召开协商")
    expect(page.locator("#facts")).to_contain_text("协商")
    expect(page.locator("summary", has_text="交办")).to_have_count(0)  # the secretariat's
    expect(page.locator("#documents")).to_contain_text("调研报告")
    assert no_horizontal_scroll(page)
    shot(page, "committee-consultation-03-held")

    # 张岩枢's 十个一: the consultation is on item 3, from this topic
    page.context.clear_cookies()
    login(page, live_server, "weiyuan")
    page.goto(f"{live_server.url}/member/duties/{live_server.today.year}/research")
    expect(page.get_by_role("link", name=COMMITTEE_RUN)).to_be_visible()
    shot(page, "committee-consultation-04-credited")
