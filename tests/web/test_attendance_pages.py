"""The attendance pages: the organizer invites, opens check-in, shows the QR code, ticks a
row (htmx or not), decides leave and imports a sheet; the member taps 签到, opens the QR link
and asks for leave; bad input gets a Chinese message and records nothing."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import Workbook

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.services import attendance as svc

from ..factories import gen_invited, gen_meeting, world


def _sheet(*names) -> bytes:
    wb = Workbook()
    wb.active.append(["姓名", "手机号"])
    for name in names:
        wb.active.append([name, None])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_secretariat_invites_a_group_and_sees_the_list(app, client, auth):
    w = world()
    meeting = gen_meeting(w.org, title="三季度常委会")
    db.session.commit()
    auth.login("jiguan")
    url = f"/attendance/meeting/{meeting.id}"
    r = client.post(url + "/invite", data={"scope": "group", "group": w.group.id})
    assert r.status_code == 303
    page = client.get(url + "/manage").get_data(as_text=True)
    rows = page.split('class="list attendance-rows"')[1].split("</ul>")[0]
    assert "张岩枢" in rows and "沈国平" in rows and "朱明华" not in rows


def test_inviting_a_committee_without_choosing_one_says_so(app, client, auth):
    w = world()
    meeting = gen_meeting(w.org)
    db.session.commit()
    auth.login("jiguan")
    r = client.post(f"/attendance/meeting/{meeting.id}/invite", data={"scope": "committee"})
    assert r.status_code == 200
    assert "请选择专委会。" in r.get_data(as_text=True)


def test_member_taps_checkin_once_the_window_is_open(app, client, auth):
    w = world()
    meeting = gen_meeting(w.org, title="三季度常委会")
    gen_invited(meeting, [w.member])
    db.session.commit()
    auth.login("weiyuan")
    url = f"/attendance/meeting/{meeting.id}"
    assert "签到尚未开放" in client.get(url).get_data(as_text=True)
    r = client.post(url + "/checkin", follow_redirects=True)
    assert "签到尚未开放或已经结束" in r.get_data(as_text=True)
    svc.checkin_window_open(w.secretariat_user, meeting, 60)
    page = client.get(url).get_data(as_text=True)
    assert ">签到</button>" in page
    r = client.post(url + "/checkin", follow_redirects=True)
    assert "签到成功。" in r.get_data(as_text=True)
    r = client.post(url + "/checkin", follow_redirects=True)
    assert "您已经签到过了。" in r.get_data(as_text=True)


def test_qr_screen_draws_an_svg_code_whose_link_checks_in(app, client, auth):
    w = world()
    meeting = gen_meeting(w.org)
    gen_invited(meeting, [w.member])
    db.session.commit()
    svc.checkin_window_open(w.secretariat_user, meeting, 30)
    auth.login("jiguan")
    page = client.get(f"/attendance/meeting/{meeting.id}/qr").get_data(as_text=True)
    assert "<svg" in page and 'class="qr-code"' in page
    link = page.split('class="qr-link"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert "/attendance/scan/" in link
    auth.logout()
    auth.login("weiyuan")
    path = link.split("localhost", 1)[1]
    assert "确认签到" in client.get(path).get_data(as_text=True)
    r = client.post(path, follow_redirects=True)
    assert "签到成功。" in r.get_data(as_text=True)
    assert svc.invitation(meeting, w.member.id).checkin_method == "qr"


def test_an_expired_qr_link_gets_a_clear_message_and_records_nothing(app, client, auth):
    w = world()
    meeting = gen_meeting(w.org)
    gen_invited(meeting, [w.member])
    db.session.commit()
    svc.checkin_window_open(w.secretariat_user, meeting, 60)
    from lvzhi.models.base import utcnow

    token = svc.checkin_code(meeting, utcnow() - timedelta(minutes=10))
    auth.login("weiyuan")
    r = client.post(f"/attendance/scan/{token}", follow_redirects=True)
    assert "二维码已过期" in r.get_data(as_text=True)
    assert svc.invitation(meeting, w.member.id).checked_in_at is None


def test_a_garbled_qr_link_gets_a_clear_message(app, client, auth):
    world()
    auth.login("weiyuan")
    r = client.get("/attendance/scan/abc.def")
    assert r.status_code == 200 and "签到链接无效" in r.get_data(as_text=True)


def test_tick_a_row_with_htmx_returns_only_that_row(app, client, auth):
    w = world()
    meeting = gen_meeting(w.org)
    (row,) = gen_invited(meeting, [w.member])
    db.session.commit()
    auth.login("jiguan")
    r = client.post(
        f"/attendance/rows/{row.id}/tick", data={"present": "1"}, headers={"HX-Request": "true"}
    )
    body = r.get_data(as_text=True)
    assert r.status_code == 200
    assert f'id="attendance-row-{row.id}"' in body and "<html" not in body
    assert "出席" in body and "撤销" in body


def test_tick_without_javascript_redirects_to_the_list(app, client, auth):
    w = world()
    meeting = gen_meeting(w.org)
    (row,) = gen_invited(meeting, [w.member])
    db.session.commit()
    auth.login("jiguan")
    r = client.post(f"/attendance/rows/{row.id}/tick", data={"present": "1"})
    assert r.status_code == 303
    assert f"/attendance/meeting/{meeting.id}/manage" in r.headers["Location"]


def test_member_asks_leave_and_the_secretariat_approves(app, client, auth):
    w = world()
    meeting = gen_meeting(w.org, held_on=local_today() + timedelta(days=2), title="全会预备会")
    gen_invited(meeting, [w.member])
    db.session.commit()
    auth.login("weiyuan")
    url = f"/attendance/meeting/{meeting.id}"
    r = client.post(url + "/leave", data={"reason": ""})
    assert r.status_code == 200 and "请填写请假事由。" in r.get_data(as_text=True)
    r = client.post(url + "/leave", data={"reason": "赴外地出差"}, follow_redirects=True)
    assert "请假申请已提交" in r.get_data(as_text=True)
    auth.logout()
    auth.login("jiguan")
    row = svc.invitation(meeting, w.member.id)
    assert "赴外地出差" in client.get(url + "/manage").get_data(as_text=True)
    client.post(f"/attendance/rows/{row.id}/leave", data={"decision": "approve"})
    db.session.expire_all()
    assert svc.invitation(meeting, w.member.id).leave_status == "approved"


def test_sheet_with_a_bad_row_lists_it_and_imports_nothing(app, client, auth):
    w = world()
    meeting = gen_meeting(w.org)
    gen_invited(meeting, [w.member, w.peer])
    db.session.commit()
    auth.login("jiguan")
    url = f"/attendance/meeting/{meeting.id}"
    r = client.post(
        url + "/sheet",
        data={"file": (io.BytesIO(_sheet("张岩枢", "王五")), "签到表.xlsx")},
        content_type="multipart/form-data",
    )
    page = r.get_data(as_text=True)
    assert "第 3 行 王五：不在本次活动的邀请名单中。" in page and "确认导入" not in page
    r = client.post(
        url + "/sheet",
        data={"file": (io.BytesIO(_sheet("张岩枢", "李伟")), "签到表.xlsx")},
        content_type="multipart/form-data",
    )
    assert "确认导入 2 人" in r.get_data(as_text=True)
    r = client.post(
        url + "/sheet/import", data={"members": [w.member.id, w.peer.id]}, follow_redirects=True
    )
    assert "新登记出席 2 人" in r.get_data(as_text=True)


def test_a_sheet_that_is_not_xlsx_is_refused_in_chinese(app, client, auth):
    w = world()
    meeting = gen_meeting(w.org)
    db.session.commit()
    auth.login("jiguan")
    r = client.post(
        f"/attendance/meeting/{meeting.id}/sheet",
        data={"file": (io.BytesIO(b"x"), "签到表.csv")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 200 and "只能导入 .xlsx" in r.get_data(as_text=True)


def test_head_schedules_an_activity_for_the_group(app, client, auth):
    w = world()
    auth.login("shizu")
    day = local_today() + timedelta(days=3)
    r = client.post(
        "/attendance/activities/new",
        data={
            "group": w.group.id,
            "held_on": day.isoformat(),
            "topic": "学习交流",
            "place": "村委会",
        },
    )
    assert r.status_code == 303
    assert "学习交流" in client.get("/attendance/activities").get_data(as_text=True)
    r = client.post(
        "/attendance/activities/new",
        data={"group": w.other_group.id, "held_on": day.isoformat(), "topic": "别组活动"},
    )
    assert r.status_code == 200  # 武原街道 is not offered to this head


def test_rates_page_and_export(app, client, auth):
    w = world()
    meeting = gen_meeting(w.org, held_on=local_today() - timedelta(days=1))
    gen_invited(meeting, [w.member])
    db.session.commit()
    auth.login("jiguan")
    page = client.get("/attendance/rates?by=committee").get_data(as_text=True)
    assert "经济科技委员会" in page
    r = client.get("/attendance/rates?format=xlsx")
    assert r.mimetype.endswith("sheet")


def test_archive_and_handbook_show_the_members_attendance(app, client, auth):
    from datetime import datetime

    w = world()
    today = local_today()
    day = today - timedelta(days=1) if today.timetuple().tm_yday > 1 else today
    plenary = gen_meeting(w.org, held_on=day, kind="plenary", title="政协全会")
    monthly = gen_meeting(w.org, held_on=day, kind="standing_committee", title="常委会会议")
    gen_invited(plenary, [w.member], checked_in_at=datetime(2026, 1, 1))
    gen_invited(monthly, [w.member], leave_status="approved", leave_reason="出差")
    db.session.commit()
    auth.login("weiyuan")
    archive = client.get("/member/archive").get_data(as_text=True)
    assert "政协全会" in archive and "出席 1 · 请假 1 · 缺席 0" in archive
    handbook = client.get(f"/member/handbook/{day.year}").get_data(as_text=True)
    assert "出席 1 次，请假 1 次，缺席 0 次" in handbook


def test_a_meeting_keeps_its_start_time_and_leave_closes_then(app, client, auth):
    w = world()
    day = local_today() + timedelta(days=5)
    auth.login("jiguan")
    r = client.post(
        "/secretariat/meetings/new",
        data={
            "kind": "plenary",
            "title": "政协全会",
            "held_on": day.isoformat(),
            "start_time": "08:30",
        },
    )
    assert r.status_code == 303
    from lvzhi.models import Meeting

    meeting = db.session.query(Meeting).filter_by(org_id=w.org.id).one()
    assert meeting.start_time.strftime("%H:%M") == "08:30"
    page = client.get(f"/attendance/meeting/{meeting.id}/manage").get_data(as_text=True)
    assert "08:30" in page


def test_rates_and_the_tick_list_cost_the_same_statements_with_more_data(
    app, client, auth, statements
):
    from lvzhi.models import GroupActivity

    from ..factories import gen_member

    w = world()
    day = local_today()
    meeting = gen_meeting(w.org, held_on=day)
    gen_invited(meeting, [w.member])
    gen_invited(meeting, [w.head], leave_status="requested")  # the to-do is there both times
    db.session.commit()
    auth.login("jiguan")
    pages = ["/attendance/rates?by=sector", f"/attendance/meeting/{meeting.id}/manage"]
    before = []
    for url in pages:
        with statements() as n:
            assert client.get(url).status_code == 200
        before.append(n())
    more = [gen_member(w.org, office_group_id=w.other_group.id) for _ in range(12)]
    gen_invited(meeting, more, leave_status="requested")
    for i in range(3):
        other = gen_meeting(w.org, held_on=day, title=f"会议{i}")
        gen_invited(other, more, checked_in_at=meeting.created_at)
        activity = GroupActivity(
            org_id=w.org.id, office_group_id=w.group.id, held_on=day, topic=f"活动{i}"
        )
        db.session.add(activity)
        db.session.flush()
        gen_invited(activity, [w.member, w.peer])
    db.session.commit()
    after = []
    for url in pages:
        with statements() as n:
            assert client.get(url).status_code == 200
        after.append(n())
    assert after == before


def test_deleting_a_meeting_deletes_its_attendance(app, client, auth):
    from lvzhi.models import Attendance

    w = world()
    meeting = gen_meeting(w.org)
    gen_invited(meeting, [w.member], leave_status="requested")
    db.session.commit()
    auth.login("jiguan")
    assert client.post(f"/secretariat/meetings/{meeting.id}/delete").status_code == 303
    db.session.expire_all()
    assert db.session.query(Attendance).count() == 0


def test_inviting_with_nobody_picked_invites_nobody(app, client, auth):
    w = world()
    meeting = gen_meeting(w.org)
    db.session.commit()
    auth.login("jiguan")
    r = client.post(f"/attendance/meeting/{meeting.id}/invite", data={})
    assert r.status_code == 200 and "请勾选要邀请的委员。" in r.get_data(as_text=True)
    assert svc.invitation(meeting, w.member.id) is None


def test_the_qr_link_says_at_once_when_check_in_is_closed(app, client, auth):
    w = world()
    meeting = gen_meeting(w.org)
    gen_invited(meeting, [w.member])
    db.session.commit()
    auth.login("weiyuan")
    page = client.get(f"/attendance/scan/{svc.checkin_code(meeting)}").get_data(as_text=True)
    assert "签到尚未开放或已经结束" in page and "确认签到" not in page


def test_a_second_leave_request_says_why_and_keeps_the_new_reason(app, client, auth):
    w = world()
    meeting = gen_meeting(w.org, held_on=local_today() + timedelta(days=2), title="全会预备会")
    gen_invited(meeting, [w.member])
    db.session.commit()
    auth.login("weiyuan")
    url = f"/attendance/meeting/{meeting.id}/leave"
    assert client.post(url, data={"reason": "赴外地出差"}).status_code == 303
    again = client.post(url, data={"reason": "另一个标签页写的事由"})  # an older tab
    html = again.get_data(as_text=True)
    assert again.status_code == 200 and "另一个标签页写的事由" in html
    assert "请假申请已提交，正在等待审批。" in html  # why, in the error summary


def test_the_activities_list_filters_by_group_pages_and_exports(app, client, auth):
    import io

    from openpyxl import load_workbook

    from lvzhi.models import GroupActivity

    w = world()
    day = local_today()
    for i in range(31):  # one more than a page, in 西塘桥街道
        db.session.add(
            GroupActivity(
                org_id=w.org.id, office_group_id=w.group.id, held_on=day, topic=f"学习活动{i}"
            )
        )
    db.session.add(
        GroupActivity(
            org_id=w.org.id, office_group_id=w.other_group.id, held_on=day, topic="=武原街道走访"
        )
    )
    db.session.commit()
    auth.login("jiguan")
    page = client.get(f"/attendance/activities?year={day.year}").get_data(as_text=True)
    assert "共 32 条" in page and "下一页" in page
    only = client.get(f"/attendance/activities?year={day.year}&group={w.other_group.id}")
    html = only.get_data(as_text=True)
    assert "=武原街道走访" in html and "学习活动" not in html
    r = client.get(f"/attendance/activities?year={day.year}&group={w.other_group.id}&format=xlsx")
    sheet = load_workbook(io.BytesIO(r.data)).active
    cells = [c.value for c in sheet[2]]
    assert "=武原街道走访" in cells and sheet.max_row == 2
    assert sheet.cell(2, cells.index("=武原街道走访") + 1).data_type == "s"  # text, no formula
    # a head sees his own group's only, and no group filter to choose from
    auth.logout()
    auth.login("shizu")
    html = client.get(f"/attendance/activities?year={day.year}&group={w.other_group.id}").get_data(
        as_text=True
    )
    assert "=武原街道走访" not in html and 'name="group"' not in html


def test_the_organizer_records_a_leave_phoned_in(app, client, auth):
    """A member rings the office: the organizer's list offers 代登记请假 on their row; the
    reason recorded, the row reads 请假 and the member's own page says so."""
    w = world()
    meeting = gen_meeting(w.org, held_on=local_today() + timedelta(days=3))
    gen_invited(meeting, [w.member])
    row = svc.invitation(meeting, w.member.id)
    db.session.commit()
    auth.login("jiguan")
    manage = client.get(f"/attendance/meeting/{meeting.id}/manage").get_data(as_text=True)
    url = f"/attendance/rows/{row.id}/leave-record"
    assert f'href="{url}"' in manage
    # three days ahead: nobody is marked present yet, nor is a sign-in sheet taken
    assert "登记出席：张岩枢" not in manage and "上传并预览" not in manage
    assert "当天起才能登记出席" in manage
    empty = client.post(url, data={"reason": ""}).get_data(as_text=True)
    assert "请填写请假事由。" in empty
    done = client.post(url, data={"reason": "电话请假：在外地开会"}, follow_redirects=True)
    page = done.get_data(as_text=True)
    assert "已为 张岩枢 登记请假。" in page and "电话请假：在外地开会" in page
    assert f'href="{url}"' not in page  # excused: nothing more to record
    auth.logout()
    auth.login("weiyuan")
    mine = client.get(f"/attendance/meeting/{meeting.id}").get_data(as_text=True)
    assert "请假" in mine and "电话请假：在外地开会" in mine
