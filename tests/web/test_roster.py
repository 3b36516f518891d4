"""The secretariat's roster: list, search, filters, create, edit, conflicts, deactivate, export."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from lvzhi.extensions import db
from lvzhi.models import AuditEvent, Member, User

from ..factories import gen_member, world


def member_form(w, **overrides) -> dict:
    data = {
        "name": "钱海涛",
        "gender": "男",
        "mobile": "13666660001",
        "office_group_id": w.group.id,
        "committee_id": w.committee.id,
        "sector_id": w.sector.id,
        "employer": "澉浦某厂",
        "title": "厂长",
        "term": "第十一届",
    }
    data.update(overrides)
    return data


def test_search_by_name_and_mobile(app, client, auth):
    w = world()
    auth.login("jiguan")
    page = client.get("/secretariat/members?q=张岩").get_data(as_text=True)
    assert "张岩枢" in page and "李伟" not in page
    page = client.get(f"/secretariat/members?q={w.peer.mobile}").get_data(as_text=True)
    assert "李伟" in page and "张岩枢" not in page


def test_filters_by_group_committee_sector_and_status(app, client, auth):
    w = world()
    auth.login("jiguan")
    page = client.get(f"/secretariat/members?group={w.other_group.id}").get_data(as_text=True)
    assert "朱明华" in page and "张岩枢" not in page
    page = client.get(f"/secretariat/members?committee={w.committee.id}").get_data(as_text=True)
    assert "朱明华" in page and "张岩枢" in page and "李伟" not in page
    page = client.get(f"/secretariat/members?sector={w.sector.id}").get_data(as_text=True)
    assert "李伟" in page and "朱明华" not in page
    w.peer.is_active = False
    db.session.commit()
    assert "李伟" not in client.get("/secretariat/members").get_data(as_text=True)
    assert "李伟" in client.get("/secretariat/members?status=inactive").get_data(as_text=True)
    page = client.get("/secretariat/members?q=没有这个人").get_data(as_text=True)
    assert "没有符合条件的委员" in page


def test_a_tampered_filter_value_is_dropped_without_an_english_error(app, client, auth):
    world()
    auth.login("jiguan")
    for query in ("group=abc", "committee=99999", "sector=1.5", "status=gone"):
        response = client.get(f"/secretariat/members?{query}")
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "Invalid" not in page and "Not a valid" not in page, query
        assert "张岩枢" in page, query  # the list shows as if unfiltered


def test_list_is_paginated(app, client, auth):
    w = world()
    for i in range(35):
        gen_member(w.org, name=f"分页委员{i:02d}", office_group_id=w.group.id)
    db.session.commit()
    auth.login("jiguan")
    page = client.get("/secretariat/members").get_data(as_text=True)
    assert "第 1 / 2 页，共 39 条" in page
    assert "下一页" in page
    assert "第 2 / 2 页" in client.get("/secretariat/members?page=2").get_data(as_text=True)


def test_htmx_filter_returns_only_the_table_fragment(app, client, auth):
    world()
    auth.login("jiguan")
    response = client.get("/secretariat/members?q=张", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="member-table"')
    assert "<html" not in body
    assert "HX-Request" in response.headers["Vary"]
    boosted = client.get(
        "/secretariat/members", headers={"HX-Request": "true", "HX-Boosted": "true"}
    )
    assert "<html" in boosted.get_data(as_text=True)
    restore = client.get(
        "/secretariat/members", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in restore.get_data(as_text=True)


def test_roster_list_statement_count_does_not_grow_with_members(app, client, auth, statements):
    w = world()
    auth.login("jiguan")
    client.get("/secretariat/members")
    with statements() as few:
        assert client.get("/secretariat/members").status_code == 200
    for i in range(300):
        gen_member(
            w.org,
            name=f"批量{i}",
            office_group_id=w.group.id,
            committee_id=w.committee.id,
            sector_id=w.sector.id,
        )
    db.session.commit()
    with statements() as many:
        assert client.get("/secretariat/members").status_code == 200
    assert many() == few()


def test_create_member_creates_login_with_temporary_password(app, client, auth):
    w = world()
    auth.login("jiguan")
    response = client.post("/secretariat/members/new", data=member_form(w))
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已新增委员 钱海涛" in page and "初始密码：" in page
    user = db.session.scalar(select(User).where(User.username == "13666660001"))
    assert user.member.name == "钱海涛" and user.must_change_password
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "member.create"))


def test_invalid_member_form_shows_errors_next_to_fields_and_keeps_input(app, client, auth):
    w = world()
    auth.login("jiguan")
    page = client.post(
        "/secretariat/members/new",
        data=member_form(w, name="", mobile="12345", employer="保留的单位"),
    ).get_data(as_text=True)
    assert "请修改以下问题" in page
    assert "请填写姓名。" in page
    assert "保留的单位" in page
    page = client.post("/secretariat/members/new", data=member_form(w, mobile="12345")).get_data(
        as_text=True
    )
    assert "手机号“12345”格式不正确" in page
    assert db.session.scalar(select(func.count(Member.id))) == 5


def test_duplicate_mobile_is_refused_and_double_submit_creates_one(app, client, auth):
    w = world()
    auth.login("jiguan")
    assert client.post("/secretariat/members/new", data=member_form(w)).status_code == 303
    page = client.post("/secretariat/members/new", data=member_form(w)).get_data(as_text=True)
    assert "手机号 13666660001 已有委员使用。" in page
    assert (
        db.session.scalar(select(func.count(Member.id)).where(Member.mobile == "13666660001")) == 1
    )


def test_edit_member_with_stale_version_gets_conflict_message(app, client, auth):
    w = world()
    auth.login("jiguan")
    stale = w.member.version
    data = member_form(w, name="张岩枢", mobile=w.member.mobile, version=stale)
    assert client.post(f"/secretariat/members/{w.member.id}/edit", data=data).status_code == 303
    # a second editor still holding the old version
    data = member_form(w, name="张岩枢（覆盖）", mobile=w.member.mobile, version=stale)
    page = client.post(f"/secretariat/members/{w.member.id}/edit", data=data).get_data(as_text=True)
    assert "已被他人修改" in page
    db.session.expire_all()
    assert db.session.get(Member, w.member.id).name == "张岩枢"


def test_edit_mobile_moves_the_login(app, client, auth):
    w = world()
    auth.login("jiguan")
    data = member_form(w, name="李伟", mobile="13777770000", version=w.peer.version)
    client.post(f"/secretariat/members/{w.peer.id}/edit", data=data)
    auth.logout()
    assert auth.login("13777770000").headers["Location"] == "/member/"


def test_deactivate_member_blocks_login_and_can_be_undone(app, client, auth):
    w = world()
    auth.login("jiguan")
    client.post(f"/secretariat/members/{w.member.id}/active", data={"version": w.member.version})
    db.session.expire_all()
    assert not db.session.get(Member, w.member.id).is_active
    auth.logout()
    assert "该账户已停用" in auth.login("weiyuan").get_data(as_text=True)
    auth.login("jiguan")
    member = db.session.get(Member, w.member.id)
    client.post(f"/secretariat/members/{w.member.id}/active", data={"version": member.version})
    auth.logout()
    assert auth.login("weiyuan").status_code == 303


def test_secretariat_sets_roles_and_committee(app, client, auth):
    w = world()
    auth.login("jiguan")
    client.post(
        f"/secretariat/members/{w.peer.id}/roles",
        data={"roles": ["member", "committee"], "committee_id": w.committee.id},
    )
    db.session.expire_all()
    peer = db.session.get(Member, w.peer.id)
    assert peer.user.roles == {"member", "committee"}
    assert peer.user.committee_ids() == {w.committee.id}
    summary = db.session.scalar(select(AuditEvent.summary).where(AuditEvent.action == "user.roles"))
    assert summary.endswith("委员、专委会")  # the log reads in Chinese, not role codes
    page = client.post(
        f"/secretariat/members/{w.peer.id}/roles",
        data={"roles": ["committee"]},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "专委会角色需要选择所负责的专委会" in page


def test_export_roster_to_excel_respects_filters(app, client, auth):
    w = world()
    auth.login("jiguan")
    response = client.get(f"/secretariat/members/export.xlsx?group={w.group.id}")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    ws = load_workbook(io.BytesIO(response.data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("姓名", "性别", "手机号")
    names = {r[0] for r in rows[1:]}
    assert names == {"张岩枢", "李伟", "沈国平"}


def test_wtforms_own_messages_are_chinese(app, client, auth):
    world()
    auth.login("jiguan")
    page = client.post("/secretariat/structure/sector/new", data={"name": "长" * 61}).get_data(
        as_text=True
    )
    assert "字段长度不能超过 60 个字符" in page
    assert "Field cannot be longer" not in page


def test_member_form_refuses_over_long_text_as_the_import_preview_does(app, client, auth):
    w = world()
    auth.login("jiguan")
    page = client.post(
        "/secretariat/members/new", data=member_form(w, employer="长" * 200, term="届" * 41)
    ).get_data(as_text=True)
    assert "工作单位最多 120 个字。" in page and "届次最多 40 个字。" in page


def test_member_edit_logs_changed_fields_in_chinese_and_nothing_when_unchanged(app, client, auth):
    w = world()
    auth.login("jiguan")

    def edits():
        return db.session.scalars(
            select(AuditEvent.summary).where(AuditEvent.action == "member.update")
        ).all()

    same = member_form(
        w,
        name="张岩枢",
        mobile=w.member.mobile,
        gender="男",
        employer="",
        title="",
        term="",
        version=w.member.version,
    )
    assert client.post(f"/secretariat/members/{w.member.id}/edit", data=same).status_code == 303
    assert edits() == []
    changed = dict(same, employer="浙江天开实业有限公司", title="董事长")
    client.post(f"/secretariat/members/{w.member.id}/edit", data=changed)
    assert edits() == ["修改委员 张岩枢：工作单位、职务"]


def test_a_tampered_multiple_choice_gets_a_chinese_message(app, client, auth):
    """WTForms' zh catalogue leaves the multiple-choice message in English (fuzzy)."""
    w = world()
    auth.login("jiguan")
    page = client.post(
        f"/secretariat/committees/{w.committee.id}/groups", data={"groups": ["999999"]}
    ).get_data(as_text=True)
    assert "“999999”不是该项的有效选择。" in page
    assert "not a valid choice" not in page
