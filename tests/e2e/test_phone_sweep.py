"""A sweep of the main pages of every role on a 390×844 phone: no horizontal scrolling,
every form control labelled, tap targets at least 44 px high, body text at least 16 px, the
bottom bar's labels at least 16 px and each on one line within its tab."""

from __future__ import annotations

import pytest

from lvzhi.clock import local_today

from .conftest import login, shot

CHECK = r"""
() => {
  const visible = el => {
    const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const describe = el => el.outerHTML.slice(0, 120);
  const problems = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    problems.push('horizontal scroll: ' + document.documentElement.scrollWidth);
  for (const el of document.querySelectorAll('input, select, textarea')) {
    if (['hidden', 'submit', 'button'].includes(el.type) || !visible(el)) continue;
    const labelled = el.labels.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    if (!labelled) problems.push('unlabelled: ' + describe(el));
  }
  for (const el of document.querySelectorAll('[aria-labelledby], [aria-describedby]')) {
    for (const attr of ['aria-labelledby', 'aria-describedby']) {
      for (const id of (el.getAttribute(attr) || '').split(/\s+/).filter(Boolean))
        if (!document.getElementById(id)) problems.push(attr + ' names no element: ' + describe(el));
    }
  }
  const targets = document.querySelectorAll(
    '.btn, button, .tab, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, .menu-btn');
  for (const el of targets) {
    if (!visible(el) || el.closest('details:not([open])')) continue;
    const h = el.getBoundingClientRect().height;
    if (h < 44) problems.push('small target (' + Math.round(h) + 'px): ' + describe(el));
  }
  // the bottom bar: readable labels, each on one line within its tab
  for (const t of document.querySelectorAll('.tabbar .tab')) {
    const size = parseFloat(getComputedStyle(t).fontSize);
    if (size < 16) problems.push('small tab label (' + size + 'px): ' + describe(t));
    if (t.scrollWidth > t.clientWidth + 1 || t.getBoundingClientRect().height > 72)
      problems.push('tab label does not fit: ' + describe(t));
  }
  // a list item's leading link (to-dos, records, meetings) is a tap target too
  for (const a of document.querySelectorAll('main .list > li > a:first-child')) {
    if (!visible(a) || a.closest('details:not([open])')) continue;
    const h = a.getBoundingClientRect().height;
    if (h < 44) problems.push('small list link (' + Math.round(h) + 'px): ' + describe(a));
  }
  // a link standing alone in its paragraph (a back link) is a tap target too
  for (const a of document.querySelectorAll('main p > a')) {
    if (!visible(a) || a.closest('details:not([open])')) continue;
    if (a.parentElement.textContent.trim() !== a.textContent.trim()) continue;
    const h = a.getBoundingClientRect().height;
    if (h < 44) problems.push('small link (' + Math.round(h) + 'px): ' + describe(a));
  }
  // a short status tag never breaks into a column of single characters
  for (const t of document.querySelectorAll('main .tag')) {
    if (!visible(t) || t.textContent.trim().length > 6) continue;
    const lh = parseFloat(getComputedStyle(t).lineHeight) || 24;
    if (t.getBoundingClientRect().height > lh * 1.5) problems.push('wrapped tag: ' + describe(t));
  }
  // a link in a table cell (a number, a name) and a details' summary are tap targets too
  for (const el of document.querySelectorAll('main td a, main summary')) {
    if (!visible(el) || el.closest('details:not([open]) > :not(summary)')) continue;
    const r = el.getBoundingClientRect();
    if (r.height < 44 || (el.tagName === 'A' && r.width < 44))
      problems.push('small target (' + Math.round(r.width) + '×' + Math.round(r.height) + 'px): ' + describe(el));
  }
  // tags, badges and the role in the header are text a user reads too
  for (const el of document.querySelectorAll('.tag, .badge, .role-tag, .brand-org')) {
    if (!visible(el) || !el.textContent.trim()) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 16) problems.push('small text (' + size + 'px): ' + describe(el));
  }
  for (const el of document.querySelectorAll('main p, main li, main td, main dd, main label, main .input')) {
    if (!visible(el) || !el.textContent.trim()) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 16) problems.push('small text (' + size + 'px): ' + describe(el));
  }
  return problems;
}
"""


def pages(today):
    y, m = today.year, today.month
    q = (m - 1) // 3 + 1
    return {
        "weiyuan": [
            "/member/",
            f"/member/duties/{y}/proposal",
            "/member/archive",
            f"/member/handbook/{y}",
            "/member/profile",
            "/inbox/",
            "/password",
            f"/showcase/{y}/{m}",
            f"/board/ranking/{y}/{q}",
            "/member/assessment",
            f"/member/assessment/{y}/report",
        ],
        "shizu": [
            "/group/",
            "/group/duties/pending",
            "/group/reports",
            f"/group/reports/{y}/{m}",
            f"/group/reports/{y}/1",
            f"/group/signature/{y}",
            f"/group/assessment/{y}/report",
        ],
        "zhuanwei": ["/committee/", "/committee/reports", "/committee/consultations"],
        "jiguan": [
            "/secretariat/",
            "/secretariat/members",
            "/secretariat/members/new",
            "/secretariat/members/1",
            "/secretariat/roster/import",
            "/secretariat/structure",
            "/secretariat/meetings",
            "/secretariat/meetings/new",
            "/secretariat/years",
            "/secretariat/departments",
            "/secretariat/audit",
            "/secretariat/duties",
            "/secretariat/duties/pending",
            f"/secretariat/duties/items/{y}",
            "/secretariat/reports",
            f"/secretariat/group-reports/{y}",
            "/secretariat/assessment",
            f"/secretariat/assessment/{y}/rules",
            "/secretariat/suggestions",
        ],
        "lingdao": [
            "/board/",
            "/board/duties",
            "/board/assessment",
            "/board/opinions",
            "/dashboard/",
        ],
    }


def sweep(page, live_server, username: str, urls: list[str]) -> dict[str, list[str]]:
    """Open each page as ``username``; the problems CHECK finds, by page (each one shot)."""
    login(page, live_server, username)
    failures = {}
    for url in urls:
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == 200, url
        problems = page.evaluate(CHECK)
        if problems:
            failures[url] = problems[:8]
            shot(page, f"sweep-{username}-{url.strip('/').split('?')[0].replace('/', '_')}")
    return failures


@pytest.mark.parametrize("username", ["weiyuan", "shizu", "zhuanwei", "jiguan", "lingdao"])
def test_main_pages_are_usable_on_a_phone(page, live_server, username):
    failures = sweep(page, live_server, username, pages(local_today())[username])
    assert not failures, failures


def new_pages(app, today) -> dict[str, list[str]]:
    """The pages of the closed loops, attendance and assessment (round 3) for each role, with
    the demo's own objects in the URLs that need one."""
    from sqlalchemy import select

    from lvzhi.extensions import db
    from lvzhi.models import Attendance, Bulletin, Matter, Meeting, User

    y = today.year
    with app.app_context():

        def first(loop: str) -> int:
            return db.session.scalar(
                select(Matter.id).where(Matter.loop == loop).order_by(Matter.id).limit(1)
            )

        topic = first("consultation")
        bulletin = db.session.scalar(select(Bulletin.id).order_by(Bulletin.id).limit(1))
        meeting = db.session.scalar(  # a meeting 张岩枢 (weiyuan) is invited to
            select(Meeting.id)
            .join(Attendance, Attendance.meeting_id == Meeting.id)
            .join(User, User.member_id == Attendance.member_id)
            .where(User.username == "weiyuan")
            .order_by(Meeting.held_on.desc())
            .limit(1)
        )
    return {
        "weiyuan": [
            "/member/loops",
            "/loops/feedback",
            "/member/opinions",
            "/member/opinions/new",
            "/member/speeches",
            "/member/speeches/new",
            "/member/work-suggestions",
            "/member/work-suggestions/new",
            "/attendance/",
            f"/attendance/meeting/{meeting}",
            "/member/assessment",
        ],
        "jiguan": [
            "/secretariat/loops",
            "/secretariat/opinions",
            "/secretariat/bulletins",
            f"/secretariat/bulletins/{bulletin}",
            "/secretariat/speeches",
            "/secretariat/work-suggestions",
            f"/secretariat/consultations?year={y}",
            f"/secretariat/supervision?year={y}",
            f"/loops/{topic}",
            f"/secretariat/matters/{topic}/suggestions",
            f"/secretariat/suggestions?year={y}",
            f"/secretariat/suggestions/overview?year={y}",
            "/secretariat/overdue",
            f"/secretariat/meetings?year={y}",
            f"/attendance/meeting/{meeting}/manage",
            f"/attendance/rates?year={y}",
            "/attendance/activities",
            f"/secretariat/assessment?year={y}",
        ],
        "lingdao": [
            "/board/loops",
            f"/dashboard/?year={y}",
            "/board/opinions",
            "/board/speeches",
            "/board/proposals",
            f"/loops/overview?year={y}",
            "/board/overdue",
            f"/board/assessment?year={y}",
            f"/attendance/rates?year={y}",
        ],
        "chengban": ["/department/", "/department/suggestions"],
    }


@pytest.mark.parametrize("username", ["weiyuan", "jiguan", "lingdao", "chengban"])
def test_the_closed_loop_attendance_and_assessment_pages_are_usable_on_a_phone(
    page, live_server, username
):
    urls = new_pages(live_server.app, local_today())[username]
    failures = sweep(page, live_server, username, urls)
    assert not failures, failures


def test_a_long_web_address_in_a_title_never_widens_the_page(page, live_server):
    """A member pastes a web address (one unbroken word) into a proposal's title and its
    reason: the proposal's page and the member's list wrap it on a 390 px phone."""
    from sqlalchemy import select

    from lvzhi.extensions import db
    from lvzhi.models import User
    from lvzhi.services import proposals

    url = "https://www.zj.gov.cn/art/2026/11/20/art_1229019364_60214578_" + "x" * 40 + ".html"
    with live_server.app.app_context():
        user = db.session.scalar(select(User).where(User.username == "weiyuan"))
        m = proposals.proposal_save(user, title=f"关于{url}的建议", situation=url)
        matter_id = m.id
    login(page, live_server, "weiyuan")
    for path in (f"/loops/{matter_id}", "/member/proposals", f"/member/proposals/{matter_id}/edit"):
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 391, (path, width)
    shot(page, "sweep-long-address")
