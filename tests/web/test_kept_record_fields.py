"""The 登记 form's fields on an item page: a blank form's are rendered once per worker and date
(``member.views_duties.blank_fields``), the same for every member and item. A form sent back
with what was typed, or with errors, is rendered afresh and never leaks into the kept one."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.member import views_duties

from ..conftest import freeze_local_time
from ..factories import gen_duty_items, world

Y = local_today().year


@pytest.fixture
def w(app, auth):
    w = world()
    gen_duty_items(w.org, year=Y)
    gen_duty_items(w.org, year=Y - 1)
    db.session.commit()
    views_duties.blank_fields.cache_clear()
    auth.login("weiyuan")
    return w


def _date_value(html: str) -> str | None:
    tag = re.search(r"<input[^>]*name=\"occurred_on\"[^>]*>", html).group(0)
    value = re.search(r'value="([^"]*)"', tag)
    return value.group(1) if value else None


def _fields(html: str) -> str:
    """The form's fields: from the date's label to the buttons."""
    return html[html.index('<label class="label" for="occurred_on"') : html.index("提交确认")]


def test_the_blank_fields_are_rendered_once_and_shared_by_every_item(w, client, monkeypatch):
    first = client.get(f"/member/duties/{Y}/proposal").get_data(as_text=True)
    rendered = []
    real = views_duties.get_template_attribute
    monkeypatch.setattr(
        views_duties,
        "get_template_attribute",
        lambda *a: rendered.append(a) or real(*a),
    )
    second = client.get(f"/member/duties/{Y}/research").get_data(as_text=True)
    assert rendered == []  # kept: no field rendered again
    assert _fields(first) == _fields(second)
    for label in ("活动日期", "活动名称", "活动内容", "照片或文件（最多"):
        assert label in _fields(second)
    assert _date_value(second) == local_today().isoformat()


def test_a_past_years_item_has_no_date_and_a_new_day_its_own(w, client, monkeypatch):
    assert _date_value(client.get(f"/member/duties/{Y - 1}/proposal").get_data(as_text=True)) == ""
    assert _date_value(client.get(f"/member/duties/{Y}/proposal").get_data(as_text=True)) == (
        local_today().isoformat()
    )
    freeze_local_time(monkeypatch, datetime(Y, 12, 31, 23, 59))
    assert _date_value(client.get(f"/member/duties/{Y}/proposal").get_data(as_text=True)) == (
        f"{Y}-12-31"
    )
    freeze_local_time(monkeypatch, datetime(Y + 1, 1, 1, 0, 0))  # the new year: last year's page
    assert _date_value(client.get(f"/member/duties/{Y}/proposal").get_data(as_text=True)) == ""


def test_a_form_sent_back_keeps_what_was_typed_and_the_next_blank_form_is_blank(w, client):
    client.get(f"/member/duties/{Y}/proposal")  # the blank fields kept
    sent = client.post(
        f"/member/duties/{Y}/proposal/new",
        data={"occurred_on": f"{Y}-03-02", "title": "", "body": "走访三个村的调研笔记"},
    )
    html = sent.get_data(as_text=True)
    assert sent.status_code == 200
    assert "请填写活动名称。" in _fields(html)
    assert 'aria-invalid="true"' in _fields(html)
    assert "走访三个村的调研笔记" in html
    assert _date_value(html) == f"{Y}-03-02"
    again = client.get(f"/member/duties/{Y}/proposal").get_data(as_text=True)
    assert "走访三个村的调研笔记" not in again
    assert "请填写活动名称。" not in again
    assert 'aria-invalid="true"' not in again
    assert _date_value(again) == local_today().isoformat()


def test_after_an_htmx_save_the_blank_form_keeps_the_date_just_used(w, client):
    saved = client.post(
        f"/member/duties/{Y}/proposal/new",
        data={"occurred_on": f"{Y}-02-03", "title": "提案调研", "action": "submit", "token": "t1"},
        headers={"HX-Request": "true"},
    )
    html = saved.get_data(as_text=True)
    assert saved.status_code == 200
    assert "已提交，等待室组负责人确认。" in html
    assert "提案调研" in html  # the new record's card
    assert 'value="提案调研"' not in _fields(html)  # and a blank form below it
    assert _date_value(html) == f"{Y}-02-03"
