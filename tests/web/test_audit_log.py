"""The audit log: every change is there, searchable by text and local dates, exportable."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import load_workbook

from lvzhi.extensions import db
from lvzhi.models import AuditEvent

from ..factories import world


def event(w, at: datetime, summary: str, action: str = "test", user=None) -> None:
    db.session.add(
        AuditEvent(
            org_id=w.org.id,
            at=at,
            action=action,
            object_type="",
            summary=summary,
            user_id=user.id if user else None,
        )
    )


def test_dates_are_local_days_and_export_follows_the_filters(app, client, auth):
    w = world()
    # 2026-03-01 17:00 UTC is already 2 March in Haiyan; 15:00 UTC is still 1 March
    event(w, datetime(2026, 3, 1, 15, 0), "三月一日的操作")
    event(w, datetime(2026, 3, 1, 17, 0), "三月二日的操作")
    event(w, datetime(2026, 3, 5, 2, 0), "三月五日的操作")
    db.session.commit()
    auth.login("jiguan")
    page = client.get("/secretariat/audit?from=2026-03-02&to=2026-03-02").get_data(as_text=True)
    assert "三月二日的操作" in page
    assert "三月一日的操作" not in page and "三月五日的操作" not in page
    assert "2026-03-02 01:00" in page  # shown in local time
    response = client.get("/secretariat/audit?from=2026-03-01&to=2026-03-04&format=xlsx")
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows[0] == ("时间", "操作人", "操作", "内容")
    assert [r[3] for r in rows[1:]] == ["三月二日的操作", "三月一日的操作"]


def test_bad_dates_are_ignored_and_other_organizations_are_not_listed(app, client, auth):
    w = world()
    event(w, datetime(2026, 3, 1, 8, 0), "本县的操作")
    db.session.add(
        AuditEvent(
            org_id=w.other_org.id,
            at=datetime(2026, 3, 1, 8, 0),
            action="test",
            object_type="",
            summary="外县的操作",
        )
    )
    db.session.commit()
    auth.login("jiguan")
    page = client.get("/secretariat/audit?from=not-a-date").get_data(as_text=True)
    assert "本县的操作" in page and "外县的操作" not in page


def test_page_and_export_name_the_action_in_chinese_not_by_its_code(app, client, auth):
    w = world()
    event(w, datetime(2026, 3, 1, 8, 0), "提交履职记录 调研", "duty_record.submit", w.member_user)
    db.session.commit()
    auth.login("jiguan")  # writes a real "login" event
    page = client.get("/secretariat/audit").get_data(as_text=True)
    assert "提交履职记录" in page and "登录" in page
    assert "duty_record.submit" not in page and ">login<" not in page
    response = client.get("/secretariat/audit?format=xlsx")
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    labels = {r[2] for r in rows[1:]}
    assert {"提交履职记录", "登录", "创建账户"} <= labels
    assert not any(ch.isascii() and ch.isalpha() for label in labels for ch in label)


def test_search_finds_the_actors_own_actions_and_actions_by_their_chinese_name(app, client, auth):
    w = world()
    event(w, datetime(2026, 3, 1, 8, 0), "提交履职记录 调研", "duty_record.submit", w.member_user)
    event(w, datetime(2026, 3, 1, 9, 0), "重置了 张岩枢 的密码", "password.reset")
    event(w, datetime(2026, 3, 1, 10, 0), "李伟 登录", "login", w.head_user)
    event(w, datetime(2026, 3, 1, 11, 0), "修改委员 100%_的人", "member.update")
    db.session.commit()
    auth.login("jiguan")
    page = client.get("/secretariat/audit?q=张岩枢").get_data(as_text=True)
    assert "提交履职记录 调研" in page and "重置了 张岩枢 的密码" in page
    assert "李伟 登录" not in page
    page = client.get("/secretariat/audit?q=提交履职").get_data(as_text=True)
    assert "提交履职记录 调研" in page and "李伟 登录" not in page
    logins = client.get("/secretariat/audit?q=登录&format=xlsx")
    rows = list(load_workbook(io.BytesIO(logins.data)).active.iter_rows(values_only=True))
    assert "李伟 登录" in [r[3] for r in rows[1:]] and {r[2] for r in rows[1:]} == {"登录"}
    page = client.get("/secretariat/audit?q=%_").get_data(as_text=True)  # wildcards are text
    assert "100%_的人" in page and "提交履职记录 调研" not in page
