"""Issue 13's done-when as one flow on a phone (390×844): the secretariat runs a chair-meeting
consultation from 选题 to 交办 with two speakers picked from the roster and three suggestions;
the department answers one on its portal (reaching it from the topic on its portal); the
secretariat sets the other two in bulk from the exported .xlsx it edited and uploaded back;
the year overview shows the new made / adopted / implemented; a speaker's 十个一 shows item 6
done. The steps are the consultation and suggestion flows' own."""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import login, no_horizontal_scroll, shot
from .test_consultation_flow import (
    PDF,
    add_speakers,
    plan_chair_consultation,
    run_to_assignment,
    speaker_has_item_6,
    two_speakers,
)
from .test_suggestions_flow import (
    LINES,
    add_suggestions,
    consultation_row,
    department_answers_first,
    overview_shows,
    set_two_from_the_sheet,
)

TITLE = "县域冷链物流体系建设专题协商"
DEPARTMENT = "县发展和改革局"  # the demo's ``chengban``


def test_a_chair_meeting_consultation_from_topic_to_adopted_suggestions_and_credit(
    page, live_server, tmp_path
):
    report = tmp_path / "调研报告.pdf"
    report.write_bytes(PDF)
    speakers = two_speakers(live_server)
    assert len(speakers) == 2
    login(page, live_server, "jiguan")
    page.goto(f"{live_server.url}/secretariat/suggestions/overview")
    before = consultation_row(page)

    matter_id = plan_chair_consultation(page, live_server, TITLE, DEPARTMENT)
    add_speakers(page, speakers)
    run_to_assignment(page, report, DEPARTMENT)
    add_suggestions(page, live_server, matter_id, LINES, DEPARTMENT)

    # the department sees the topic as a topic on its portal, with its suggestions to answer
    page.context.clear_cookies()
    login(page, live_server, "chengban")
    page.goto(f"{live_server.url}/department/matters/{matter_id}")
    facts = page.locator("#facts")
    expect(facts).to_contain_text("主席会议专题协商")
    expect(facts).to_contain_text("下一年度政府政协联席会议前")
    expect(page.locator("#documents")).to_contain_text("调研报告")
    expect(page.locator("#steps summary")).to_have_text(["落实"])  # the workflow's only step
    expect(page.get_by_text("提案内容")).to_have_count(0)
    expect(page.locator("#suggestions")).to_contain_text("建议3条，采纳落实0条")
    assert no_horizontal_scroll(page)
    shot(page, "consultation-suggestions-department-topic")
    department_answers_first(page, live_server, TITLE)

    set_two_from_the_sheet(page, live_server, tmp_path, matter_id)
    overview_shows(page, live_server, TITLE, before)
    speaker_has_item_6(page, live_server, speakers[0][1], TITLE)
