"""The phone menus: at most five tabs (six short ones for the secretariat), every page of the
old, longer menus and of the closed loops at most two taps away (a tab, then a link on the
tab's page), the right tab highlighted on the pages behind the 履职闭环 hub, and the hub's
counts from a fixed number of statements."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from flask import url_for

from lvzhi.extensions import db
from lvzhi.navigation import NAV, active_item

from ..factories import gen_matter, gen_opinion, gen_proposal, world

LOGINS = {"member": "weiyuan", "secretariat": "jiguan", "leader": "lingdao"}

# the pages each role must reach in two taps: its old menu and the pages of round 3
REACHABLE = {
    "member": [
        "member.home",
        "member.archive",
        "member.profile",
        "member.proposals",
        "member.opinions",
        "member.speeches",
        "member.work_suggestions",
        "member.assessment",
        "showcase.index",
        "attendance.mine",
    ],
    "secretariat": [
        "secretariat.home",
        "secretariat.members",
        "secretariat.structure",
        "secretariat.meetings",
        "secretariat.proposals",
        "secretariat.opinions",
        "secretariat.bulletins",
        "secretariat.speeches",
        "secretariat.work_suggestions",
        "secretariat.consultations",
        "secretariat.supervision",
        "secretariat.suggestions",
        "secretariat.overdue",
        "secretariat.duty_overview",
        "secretariat.assessment",
        "secretariat.reports",
        "attendance.rates",
        "dashboard.index",
    ],
    "leader": [
        "board.home",
        "dashboard.index",
        "board.duty_overview",
        "ranking.index",
        "board.proposals",
        "board.opinions",
        "board.speeches",
        "loops.overview",
        "board.overdue",
        "attendance.rates",
        "board.assessment",
    ],
}


@pytest.mark.parametrize("role", list(NAV))
def test_every_menu_fits_a_phone_bar(role):
    items = NAV[role]
    longest = max(len(label) for label, *_ in items)
    assert len(items) <= 6
    assert len(items) <= 5 or longest <= 3, "six tabs only with labels of three characters"
    assert longest <= 4


@pytest.mark.parametrize("role", list(REACHABLE))
def test_every_page_of_a_role_is_two_taps_away(app, client, auth, role):
    world()
    auth.login(LOGINS[role])
    with app.test_request_context():
        tabs = [url_for(endpoint) for _label, endpoint, *_ in NAV[role]]
        wanted = {e: url_for(e) for e in REACHABLE[role]}
    reached = set(tabs)
    for tab in tabs:
        response = client.get(tab, follow_redirects=True)
        assert response.status_code == 200, tab
        hrefs = re.findall(r'href="([^"]+)"', response.get_data(as_text=True))
        reached |= {urlsplit(h.replace("&amp;", "&")).path for h in hrefs}
    assert {e for e, path in wanted.items() if path not in reached} == set()


@pytest.mark.parametrize(
    "role, endpoint, tab",
    [
        ("member", "member.speech_new", "member.loops"),
        ("member", "member.opinion_edit", "member.loops"),
        ("member", "loops.matter", "member.loops"),
        ("member", "member.assessment", "member.home"),
        ("member", "attendance.event", "attendance.mine"),
        ("secretariat", "secretariat.supervision", "secretariat.loops"),
        ("secretariat", "secretariat.topic_people", "secretariat.loops"),
        ("secretariat", "secretariat.bulletin", "secretariat.loops"),
        ("secretariat", "secretariat.suggestions_overview", "secretariat.loops"),
        ("secretariat", "secretariat.suggestion_edit", "secretariat.loops"),
        ("secretariat", "secretariat.matter_suggestions", "secretariat.loops"),
        ("secretariat", "secretariat.overdue", "secretariat.loops"),
        ("secretariat", "secretariat.structure", "secretariat.members"),
        ("secretariat", "secretariat.member_archive", "secretariat.members"),
        ("secretariat", "secretariat.points_adjust", "secretariat.duty_overview"),
        ("secretariat", "attendance.manage", "secretariat.meetings"),
        ("secretariat", "secretariat.years", "secretariat.home"),
        ("leader", "board.speech_instruct", "board.loops"),
        ("leader", "board.opinions", "board.loops"),
        ("leader", "loops.overview", "board.loops"),
        ("leader", "board.overdue", "board.loops"),
        ("leader", "dashboard.matters", "board.home"),
        ("leader", "attendance.rates", "board.assessment"),
        ("leader", "board.member_archive", "board.duty_overview"),
    ],
)
def test_the_tab_of_a_page_behind_a_hub_is_highlighted(role, endpoint, tab):
    assert active_item(NAV[role], endpoint) == tab


def test_the_secretariat_hub_counts_the_years_matters_in_fixed_statements(
    app, client, auth, statements
):
    w = world()
    gen_proposal(w.member_user, "关于加快老旧小区改造的建议")  # a draft: not counted
    gen_matter(w, "supervision", "农村生活污水治理")
    db.session.commit()
    auth.login("jiguan")
    page = client.get("/secretariat/loops").get_data(as_text=True)
    assert re.search(r"民主监督</span><span class=\"hub-count\"><strong>1</strong>", page)
    assert re.search(r"提案</span><span class=\"hub-count\"><strong>0</strong>", page)
    with statements() as few:
        client.get("/secretariat/loops")
    for i in range(5):
        gen_matter(w, "consultation", f"协商{i}")
        gen_opinion(w.member_user, title=f"社情{i}", submit=True)
    db.session.commit()
    with statements() as many:
        page = client.get("/secretariat/loops").get_data(as_text=True)
    assert many() == few()
    assert re.search(r"协商计划</span><span class=\"hub-count\"><strong>5</strong>", page)


def test_the_member_hub_counts_only_the_members_own_matters(app, client, auth):
    w = world()
    gen_proposal(w.member_user, "关于加快老旧小区改造的建议")
    gen_opinion(w.member_user)
    db.session.commit()
    auth.login("weiyuan")
    page = client.get("/member/loops").get_data(as_text=True)
    assert re.search(r"我的提案</span><span class=\"hub-count\"><strong>1</strong>", page)
    assert 'aria-current="page"' in page and ">建言献策</a>" in page
