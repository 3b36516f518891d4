"""Structure management: office-group heads with history, committee links, sectors,
departments, the meeting calendar and years."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Committee, Department, GroupHeadAssignment, Meeting, Year

from ..factories import world


def test_change_of_head_keeps_history_and_moves_the_role(app, client, auth):
    w = world()
    auth.login("jiguan")
    response = client.post(
        f"/secretariat/groups/{w.group.id}/head",
        data={"member_id": w.peer.id, "start_date": "2026-03-01", "note": "岗位调整"},
    )
    assert response.status_code == 303
    rows = db.session.scalars(
        select(GroupHeadAssignment)
        .where(GroupHeadAssignment.office_group_id == w.group.id)
        .order_by(GroupHeadAssignment.start_date)
    ).all()
    assert [(r.member.name, r.start_date, r.end_date) for r in rows] == [
        ("沈国平", date(2020, 1, 1), date(2026, 2, 28)),
        ("李伟", date(2026, 3, 1), None),
    ]
    db.session.expire_all()
    assert "group_head" in w.peer.user.roles
    assert "group_head" not in w.head.user.roles
    page = client.get(f"/secretariat/groups/{w.group.id}/head").get_data(as_text=True)
    assert "沈国平" in page and "2026-02-28" in page and "现任" in page
    # the old head no longer reaches the group pages
    client.post("/logout")
    auth.login("shizu")
    assert client.get("/group/").status_code == 403


def test_new_head_must_start_after_current_head(app, client, auth):
    w = world()
    auth.login("jiguan")
    page = client.post(
        f"/secretariat/groups/{w.group.id}/head",
        data={"member_id": w.peer.id, "start_date": "2019-01-01"},
    ).get_data(as_text=True)
    assert "新任日期须晚于现任负责人的任职开始日期" in page
    page = client.post(
        f"/secretariat/groups/{w.group.id}/head",
        data={"member_id": w.head.id, "start_date": "2026-01-01"},
    ).get_data(as_text=True)
    assert "沈国平 已是该室组负责人" in page


def test_head_candidates_come_from_the_group_only(app, client, auth):
    w = world()
    auth.login("jiguan")
    page = client.get(f"/secretariat/groups/{w.group.id}/head").get_data(as_text=True)
    assert "李伟" in page and "朱明华" not in page
    page = client.post(
        f"/secretariat/groups/{w.group.id}/head",
        data={"member_id": w.director.id, "start_date": "2026-03-01"},
    ).get_data(as_text=True)
    assert "Not a valid choice" in page or "请选择" in page or "不是有效" in page


def test_committee_links_office_groups(app, client, auth):
    w = world()
    auth.login("jiguan")
    client.post(
        f"/secretariat/committees/{w.committee.id}/groups",
        data={"groups": [w.group.id, w.other_group.id], "version": w.committee.version},
    )
    db.session.expire_all()
    committee = db.session.get(Committee, w.committee.id)
    assert {g.name for g in committee.office_groups} == {"西塘桥街道", "武原街道"}
    page = client.get("/secretariat/structure").get_data(as_text=True)
    assert "西塘桥街道、武原街道" in page


def test_sector_names_are_unique_per_organization(app, client, auth):
    w = world()
    auth.login("jiguan")
    assert (
        client.post(
            "/secretariat/structure/sector/new", data={"name": "教育界", "sort_order": 2}
        ).status_code
        == 303
    )
    page = client.post(
        "/secretariat/structure/sector/new", data={"name": "经济界", "sort_order": 3}
    ).get_data(as_text=True)
    assert "界别“经济界”已存在。" in page
    page = client.post(
        f"/secretariat/structure/sector/{w.sector.id}", data={"name": "", "sort_order": 1}
    ).get_data(as_text=True)
    assert "请填写名称。" in page
    # another organization may use the same name
    client.post("/logout")
    auth.login("other_jiguan")
    assert (
        client.post(
            "/secretariat/structure/sector/new", data={"name": "经济界", "sort_order": 1}
        ).status_code
        == 303
    )


@pytest.mark.parametrize("kind", ["sector", "committee", "office_group"])
def test_renaming_from_a_stale_tab_gets_a_conflict_message(app, client, auth, kind):
    w = world()
    obj = {"sector": w.sector, "committee": w.committee, "office_group": w.group}[kind]
    auth.login("jiguan")
    url = f"/secretariat/structure/{kind}/{obj.id}"
    assert f'name="version" type="hidden" value="{obj.version}"' in client.get(url).get_data(
        as_text=True
    )
    stale = obj.version
    assert client.post(url, data={"name": "第一个标签页", "version": stale}).status_code == 303
    page = client.post(url, data={"name": "第二个标签页", "version": stale}).get_data(as_text=True)
    assert "该内容已被他人修改" in page
    db.session.expire_all()
    assert db.session.get(type(obj), obj.id).name == "第一个标签页"


def test_departments_are_created_and_edited(app, client, auth):
    world()
    auth.login("jiguan")
    client.post(
        "/secretariat/departments/new",
        data={
            "name": "县教育局",
            "contact_name": "周老师",
            "contact_phone": "0573-1",
            "is_active": "y",
        },
    )
    dept = db.session.scalar(select(Department))
    assert dept.contact_name == "周老师" and dept.is_active
    client.post(
        f"/secretariat/departments/{dept.id}",
        data={"name": "县教育局", "contact_name": "吴老师", "version": dept.version},
    )
    db.session.expire_all()
    dept = db.session.get(Department, dept.id)
    assert dept.contact_name == "吴老师" and not dept.is_active
    assert "吴老师" in client.get("/secretariat/departments").get_data(as_text=True)


def test_meeting_calendar_crud_and_export(app, client, auth):
    world()
    auth.login("jiguan")
    page = client.post(
        "/secretariat/meetings/new", data={"kind": "", "title": "", "held_on": ""}
    ).get_data(as_text=True)
    assert "请选择会议类型。" in page and "请填写会议名称。" in page
    response = client.post(
        "/secretariat/meetings/new",
        data={"kind": "organ_monthly", "title": "机关12月月度会议", "held_on": "2026-12-10"},
    )
    assert response.headers["Location"].endswith("/secretariat/meetings?year=2026")
    page = client.get("/secretariat/meetings?year=2026").get_data(as_text=True)
    assert "机关12月月度会议" in page and "机关月度会议" in page
    response = client.get("/secretariat/meetings?year=2026&format=xlsx")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    meeting = db.session.scalar(select(Meeting))
    client.post(f"/secretariat/meetings/{meeting.id}/delete")
    assert db.session.scalar(select(Meeting)) is None


def test_years_open_once_and_one_is_current(app, client, auth):
    world()
    auth.login("jiguan")
    client.post("/secretariat/years", data={"year": 2026})
    client.post("/secretariat/years", data={"year": 2027, "make_current": "y"})
    page = client.post("/secretariat/years", data={"year": 2027}).get_data(as_text=True)
    assert "2027 年度已开启。" in page
    years = {y.year: y for y in db.session.scalars(select(Year))}
    assert years[2027].is_current and not years[2026].is_current
    client.post(f"/secretariat/years/{years[2026].id}/current")
    db.session.expire_all()
    assert db.session.get(Year, years[2026].id).is_current
    assert not db.session.get(Year, years[2027].id).is_current


def test_opening_next_year_early_keeps_the_current_year(app, client, auth):
    """In November the secretariat opens next year to set its list; members keep this year."""
    world()
    auth.login("jiguan")
    client.post("/secretariat/years", data={"year": 2026})  # the first year becomes current
    page = client.get("/secretariat/years").get_data(as_text=True)
    assert "同时设为当前年度" in page and "确认设为当前年度" not in page
    response = client.post("/secretariat/years", data={"year": 2027})
    assert response.status_code == 303
    years = {y.year: y.is_current for y in db.session.scalars(select(Year))}
    assert years == {2026: True, 2027: False}
    page = client.get("/secretariat/years").get_data(as_text=True)
    assert "确认设为当前年度" in page  # switching asks first
    proposed = max(local_today().year, 2027) + 1  # the next year not yet opened
    assert f'value="{proposed}"' in page.split('name="year"')[1].split(">")[0]


def test_other_roles_homes_show_their_scope(app, client, auth):
    w = world()
    auth.login("shizu")
    page = client.get("/group/").get_data(as_text=True)
    assert "西塘桥街道" in page and "张岩枢" in page and "朱明华" not in page
    client.post("/logout")
    auth.login("zhuanwei")
    page = client.get("/committee/").get_data(as_text=True)
    assert "经济科技委员会" in page and "张岩枢" in page and "李伟" not in page
    assert w.group.name in page


def test_double_submit_of_a_meeting_creates_one(app, client, auth):
    world()
    auth.login("jiguan")
    data = {"kind": "chair_meeting", "title": "主席会议专题协商", "held_on": "2026-06-18"}
    assert client.post("/secretariat/meetings/new", data=data).status_code == 303
    page = client.post("/secretariat/meetings/new", data=data).get_data(as_text=True)
    assert "请勿重复提交" in page
    assert len(db.session.scalars(select(Meeting)).all()) == 1


def test_head_appointed_for_a_later_date_takes_over_on_that_date(app, client, auth):
    from datetime import timedelta

    from lvzhi.clock import local_today
    from lvzhi.models import GroupHeadAssignment as A

    w = world()
    auth.login("jiguan")
    start = local_today() + timedelta(days=10)
    client.post(
        f"/secretariat/groups/{w.group.id}/head",
        data={"member_id": w.peer.id, "start_date": start.isoformat()},
    )
    client.post("/logout")
    # until then the current head keeps the group pages
    auth.login("shizu")
    assert client.get("/group/").status_code == 200
    client.post("/logout")
    # once the date has passed, the old head loses the role at their next login
    for a in db.session.scalars(select(A)):
        a.start_date -= timedelta(days=30)
        if a.end_date:
            a.end_date -= timedelta(days=30)
    db.session.commit()
    auth.login("shizu")
    assert client.get("/group/").status_code == 403
    client.post("/logout")
    auth.login(w.peer.mobile)
    assert client.get("/group/").status_code == 200


def test_second_appointment_on_the_same_day_says_who_was_appointed(app, client, auth):
    w = world()
    auth.login("jiguan")
    data = {"member_id": w.peer.id, "start_date": "2026-03-01"}
    assert client.post(f"/secretariat/groups/{w.group.id}/head", data=data).status_code == 303
    page = client.post(
        f"/secretariat/groups/{w.group.id}/head",
        data={"member_id": w.member.id, "start_date": "2026-03-01"},
    ).get_data(as_text=True)
    assert "2026-03-01 起已任命 李伟 为负责人" in page


def test_unused_sector_can_be_deleted_and_one_in_use_cannot(app, client, auth):
    from lvzhi.models import Sector

    w = world()
    auth.login("jiguan")
    client.post("/secretariat/structure/sector/new", data={"name": "特邀界", "sort_order": 9})
    spare = db.session.scalar(select(Sector).where(Sector.name == "特邀界"))
    page = client.post(
        f"/secretariat/structure/sector/{w.sector.id}/delete", follow_redirects=True
    ).get_data(as_text=True)
    assert "界别“经济界”下还有 2 名委员（含已停用），不能删除。" in page
    client.post(f"/secretariat/structure/sector/{spare.id}/delete")
    db.session.expire_all()
    names = set(db.session.scalars(select(Sector.name)))
    assert names == {"经济界"}


def test_office_group_with_head_history_cannot_be_deleted(app, client, auth):
    from lvzhi.models import Member, OfficeGroup

    w = world()
    # move everyone out: the group still has its heads' history
    for m in db.session.scalars(select(Member).where(Member.office_group_id == w.group.id)):
        m.office_group_id = w.other_group.id
    db.session.commit()
    auth.login("jiguan")
    page = client.post(
        f"/secretariat/structure/office_group/{w.group.id}/delete", follow_redirects=True
    ).get_data(as_text=True)
    assert "室组“西塘桥街道”已有相关记录，不能删除，可以改名。" in page
    assert db.session.get(OfficeGroup, w.group.id) is not None


def test_departments_are_searched_by_name_or_contact_and_state_and_exported(app, client, auth):
    import io

    from openpyxl import load_workbook

    from lvzhi.models import Department

    w = world()
    db.session.add_all(
        [
            Department(org_id=w.org.id, name="县发改局", contact_name="王科长"),
            Department(org_id=w.org.id, name="县教育局", contact_name="=李主任"),
            Department(org_id=w.org.id, name="县撤并局", is_active=False),
        ]
    )
    db.session.commit()
    auth.login("jiguan")
    page = client.get("/secretariat/departments?q=李主任").get_data(as_text=True)
    assert "县教育局" in page and "县发改局" not in page
    page = client.get("/secretariat/departments?state=inactive").get_data(as_text=True)
    assert "县撤并局" in page and "县教育局" not in page
    empty = client.get("/secretariat/departments?q=没有这个单位").get_data(as_text=True)
    assert "没有符合条件的承办单位。" in empty
    r = client.get("/secretariat/departments?state=active&format=xlsx")
    sheet = load_workbook(io.BytesIO(r.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert sorted(row[0] for row in rows[1:]) == ["县发改局", "县教育局"]
    cell = next(c for c in sheet["B"] if c.value == "=李主任")
    assert cell.data_type == "s"  # the contact's text, not a formula
