"""The 待办 "填写年度述职": a member sees it from a fortnight before the year's 述职 cut-off
until they have written it or the cut-off has passed; it links to that year's 考评 page,
which has a year switcher of its own."""

from __future__ import annotations

from datetime import date

from lvzhi.clock import local_today

from ..factories import gen_duty_items, world

Y = local_today().year


def _inbox(client) -> str:
    return client.get("/inbox/").get_data(as_text=True)


def test_the_summary_reminder_shows_before_the_cut_off_until_written(client, auth, travel):
    world()
    auth.login("weiyuan")
    travel(date(Y + 1, 1, 5))  # the default cut-off of year Y is 15 January
    page = _inbox(client)
    assert "填写年度述职" in page and f"{Y}年度述职 1月15日截止" in page
    assert f"/member/assessment?year={Y}#summary" in page
    r = client.post(f"/member/assessment/{Y}/summary", data={"text": "全年参加各项履职活动。"})
    assert r.status_code == 303
    assert "填写年度述职" not in _inbox(client)


def test_the_summary_reminder_is_not_shown_long_before_or_after_the_cut_off(client, auth, travel):
    world()
    auth.login("weiyuan")
    travel(date(Y, 12, 20))
    assert "填写年度述职" not in _inbox(client)
    travel(date(Y + 1, 1, 16))
    assert "填写年度述职" not in _inbox(client)


def test_a_cut_off_set_by_the_secretariat_moves_the_reminder(client, auth, travel):
    world()
    auth.login("jiguan")
    r = client.post(
        f"/secretariat/assessment/{Y}/settings",
        data={"excellent": 90, "good": 80, "competent": 60, "summary_until": f"{Y}-12-31"},
    )
    assert r.status_code == 303
    auth.logout()
    auth.login("weiyuan")
    travel(date(Y, 12, 20))
    assert "填写年度述职" in _inbox(client)


def test_the_members_assessment_page_switches_years(client, auth):
    w = world()
    gen_duty_items(w.org, Y - 1)
    gen_duty_items(w.org, Y)
    auth.login("weiyuan")
    page = client.get("/member/assessment").get_data(as_text=True)
    assert f'href="/member/assessment?year={Y - 1}"' in page
    page = client.get(f"/member/assessment?year={Y - 1}").get_data(as_text=True)
    assert f'我的考评 <span class="muted">{Y - 1}年度</span>' in page
    assert f"述职已于 {Y}年1月15日 截止" in page  # last year's summary, closed
