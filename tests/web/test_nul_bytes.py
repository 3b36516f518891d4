"""A NUL byte typed or pasted into any field, query string or URL is dropped or answers 404:
PostgreSQL cannot store one, and it must never be a bare 500."""

from __future__ import annotations

from sqlalchemy import select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import DutyRecord, Member

from ..factories import gen_duty_items, world

Y = local_today().year


def test_a_nul_byte_in_a_form_field_is_dropped_and_the_rest_saved(app, client, auth):
    w = world()
    auth.login("jiguan")
    response = client.post(
        "/secretariat/members/new",
        data={
            "name": "钱\x00海涛",
            "mobile": "13666660001",
            "office_group_id": w.group.id,
            "employer": "澉浦\x00某厂",
        },
    )
    assert response.status_code == 303
    member = db.session.scalar(select(Member).where(Member.mobile == "13666660001"))
    assert (member.name, member.employer) == ("钱海涛", "澉浦某厂")


def test_a_nul_byte_in_a_multipart_form_is_dropped(app, client, auth):
    w = world()
    gen_duty_items(w.org)
    db.session.commit()
    auth.login("weiyuan")
    response = client.post(
        f"/member/duties/{Y}/proposal/new",
        data={
            "occurred_on": local_today().isoformat(),
            "title": "参加\x00义诊",
            "body": "正文\x00",
            "token": "t\x001",
            "action": "submit",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    record = db.session.scalar(select(DutyRecord))
    assert (record.title, record.body) == ("参加义诊", "正文")


def test_a_nul_byte_in_a_query_string_or_login_is_no_500(app, client, auth):
    world()
    assert client.post("/login", data={"login": "wei\x00yuan", "password": "x"}).status_code < 500
    auth.login("jiguan")
    for url in (
        "/secretariat/members?q=%00",
        "/secretariat/members?q=张%00岩&group=%00",
        "/secretariat/audit?q=%00&from=%00",
        "/secretariat/meetings?kind=%00",
        "/secretariat/members/export.xlsx?q=%00",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get("/secretariat/members?q=张%00岩").get_data(as_text=True)
    assert "张岩枢" in page


def test_a_nul_byte_in_a_url_path_is_not_found(app, client, auth):
    w = world()
    gen_duty_items(w.org)
    db.session.commit()
    auth.login("weiyuan")
    assert client.get(f"/member/duties/{Y}/pro%00posal").status_code == 404
    assert client.get(f"/member/duties/{Y}/proposal").status_code == 200
    auth.logout()
    auth.login("jiguan")
    assert client.get("/secretariat/structure/%00/new").status_code == 404
