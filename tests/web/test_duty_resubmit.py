"""Back, then 提交确认 again (issue 8.2): the page behind Back carries a fresh one-time token
while the browser restores the typed text; the same activity must not become two records."""

from __future__ import annotations

import io
from datetime import timedelta

from sqlalchemy import func, select, update

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import DutyRecord

from ..factories import gen_duty_items, png_bytes, world

Y = local_today().year
ITEM = f"/member/duties/{Y}/public_welfare"


def _post(client, token: str, action: str = "submit", htmx: bool = False, **extra):
    data = {
        "occurred_on": local_today().isoformat(),
        "title": "参加义诊",
        "body": "在西塘桥街道为老年人义诊。",
        "token": token,
        "action": action,
        **extra,
    }
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"{ITEM}/new", data=data, headers=headers)


def _records() -> int:
    return db.session.scalar(select(func.count(DutyRecord.id)))


def _member(app, client, auth):
    gen_duty_items(world().org)
    db.session.commit()
    auth.login("weiyuan")
    return client


def test_the_same_activity_under_a_fresh_token_goes_to_the_first_record(app, client, auth):
    _member(app, client, auth)
    _post(client, token="first-page")
    again = _post(client, token="page-after-back")
    assert again.status_code == 303 and again.headers["Location"].endswith(ITEM)
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "该记录已提交，未重复创建。" in page
    assert page.count("<h3>参加义诊</h3>") == 1  # the first record, shown once
    assert _records() == 1


def test_with_htmx_the_item_shows_the_notice_in_place(app, client, auth):
    _member(app, client, auth)
    _post(client, token="a", htmx=True)
    html = _post(client, token="b", htmx=True).get_data(as_text=True)
    assert html.lstrip().startswith('<div id="duty-item">')
    assert "该记录已提交，未重复创建。" in html
    assert _records() == 1


def test_a_saved_draft_sent_again_says_it_is_a_draft_to_submit(app, client, auth):
    _member(app, client, auth)
    _post(client, token="a", action="draft")
    again = _post(client, token="b")
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "该记录已保存为草稿，未重复创建" in page
    assert _records() == 1


def test_a_different_activity_is_a_new_record(app, client, auth):
    _member(app, client, auth)
    _post(client, token="a")
    _post(client, token="b", title="参加义诊（第二次）")
    _post(client, token="c", body="另一次义诊。")
    assert _records() == 3


def test_the_same_activity_after_ten_minutes_is_a_new_record(app, client, auth):
    _member(app, client, auth)
    _post(client, token="a")
    db.session.execute(
        update(DutyRecord).values(created_at=DutyRecord.created_at - timedelta(minutes=11))
    )
    db.session.commit()
    assert _post(client, token="b").status_code == 303
    assert _records() == 2


def test_files_chosen_with_the_repeat_are_not_silently_dropped(app, client, auth):
    _member(app, client, auth)
    _post(client, token="a")
    again = client.post(
        f"{ITEM}/new",
        data={
            "occurred_on": local_today().isoformat(),
            "title": "参加义诊",
            "body": "在西塘桥街道为老年人义诊。",
            "token": "b",
            "action": "submit",
            "files": [(io.BytesIO(png_bytes()), "补充照片.png")],
        },
        content_type="multipart/form-data",
    )
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "该记录已提交，未重复创建。本次选择的文件没有上传，需要补充请修改该记录。" in page
    assert _records() == 1
