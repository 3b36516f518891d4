"""flask commands: seed-demo (idempotent, believable), create-user."""

from __future__ import annotations

from sqlalchemy import func, select

from lvzhi.extensions import db
from lvzhi.models import (
    Committee,
    Department,
    GroupHeadAssignment,
    Meeting,
    Member,
    OfficeGroup,
    Sector,
    User,
)

CREATE_ADMIN = [
    "create-user", "admin", "--name", "管理员", "--role", "secretariat",
    "--org", "某县政协", "--password", "longpassword",
]  # fmt: skip


def counts() -> dict[str, int]:
    return {
        m.__name__: db.session.scalar(select(func.count()).select_from(m))
        for m in (
            Member,
            User,
            OfficeGroup,
            Committee,
            Sector,
            Department,
            Meeting,
            GroupHeadAssignment,
        )
    }


def test_seed_demo_builds_haiyan_and_running_twice_adds_nothing(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "委员 217 名" in result.output
    for username in ("weiyuan", "shizu", "zhuanwei", "jiguan", "lingdao"):
        assert username in result.output
    first = counts()
    assert first["Member"] == 217 and first["OfficeGroup"] == 9
    assert 6 <= first["Committee"] <= 8 and first["Sector"] >= 15 and first["Department"] >= 12
    groups = [
        g.name for g in db.session.scalars(select(OfficeGroup).order_by(OfficeGroup.sort_order))
    ]
    assert groups == [
        "武原街道",
        "西塘桥街道",
        "秦山街道",
        "望海街道",
        "沈荡镇",
        "百步镇",
        "于城镇",
        "澉浦镇",
        "通元镇",
    ]
    assert all(c.office_groups for c in db.session.scalars(select(Committee)))
    # every group has a current head
    current = db.session.scalars(
        select(GroupHeadAssignment.office_group_id).where(GroupHeadAssignment.end_date.is_(None))
    ).all()
    assert len(set(current)) == 9
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert counts() == first


def test_seed_demo_if_empty_skips_a_used_database(app, runner):
    runner.invoke(args=CREATE_ADMIN)
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "跳过演示数据" in result.output
    assert db.session.scalar(select(func.count(Member.id))) == 0


def test_demo_accounts_log_in_to_their_homes(app, runner, client):
    runner.invoke(args=["seed-demo"])
    homes = {
        "weiyuan": "/member/",
        "shizu": "/group/",
        "zhuanwei": "/committee/",
        "jiguan": "/secretariat/",
        "lingdao": "/board/",
    }
    for username, home in homes.items():
        response = client.post("/login", data={"login": username, "password": "lvzhi2026"})
        assert response.headers["Location"] == home, username
        assert client.get(home).status_code == 200
        client.post("/logout")


def test_create_user_command(app, runner):
    result = runner.invoke(args=CREATE_ADMIN)
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "admin"))
    assert user.roles == {"secretariat"} and user.organization.name == "某县政协"
    result = runner.invoke(
        args=[
            "create-user",
            "admin",
            "--name",
            "管理员",
            "--role",
            "secretariat",
            "--password",
            "longpassword",
        ]
    )
    assert result.exit_code != 0 and "已被使用" in result.output
