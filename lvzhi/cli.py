"""flask commands: thin click wrappers over plain functions."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import func, select

from .clock import local_today
from .extensions import db


def init_db() -> None:
    """Bring the schema to the newest migration."""
    upgrade()


@click.command("init-db")
def init_db_command() -> None:
    """建立或升级数据库结构（Alembic 迁移到最新）。"""
    init_db()
    click.echo("数据库已升级到最新结构。")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="只在数据库中还没有任何组织时写入。")
def seed_demo_command(if_empty: bool) -> None:
    """写入演示数据：海盐县政协（可重复运行，不会重复写入）。"""
    from .demo import DEMO_LOGINS, DEMO_PASSWORD, seed_demo
    from .models import Member, Organization

    if if_empty and db.session.scalar(select(func.count(Organization.id))):
        click.echo("数据库中已有数据，跳过演示数据。")
        return
    org = seed_demo()
    count = db.session.scalar(select(func.count(Member.id)).where(Member.org_id == org.id))
    click.echo(f"演示数据就绪：{org.name}，委员 {count} 名。")
    click.echo(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
    for demo in DEMO_LOGINS:
        click.echo(f"  {demo.username:<10} {demo.name}  {demo.what}")


@click.command("create-user")
@click.argument("username")
@click.option("--name", "display_name", required=True, help="显示姓名")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice(["member", "group_head", "committee", "secretariat", "leader"]),
)
@click.option("--org", "org_name", default=None, help="所属组织名称（默认唯一的组织）")
@click.password_option("--password", help="登录密码")
def create_user_command(username, display_name, roles, org_name, password) -> None:
    """创建登录账户（例如第一个政协机关管理员）。"""
    from .services import ServiceError
    from .services.accounts import first_user_create

    try:
        first_user_create(org_name, username, display_name, password, list(roles))
    except ServiceError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"已创建账户 {username}（{display_name}），角色：{', '.join(roles)}。")


@click.command("remind")
@click.option("--today", default=None, help="按指定日期运行（YYYY-MM-DD），默认今天。")
def remind_command(today: str | None) -> None:
    """发送年末“十个一”未完成提醒（每人每周最多一条，适合 cron 每天运行）。"""
    from datetime import date

    from .services.reminders import duty_reminders

    made = duty_reminders(date.fromisoformat(today) if today else local_today())
    click.echo(f"已生成提醒 {made} 条。")


@click.command("cleanup-work")
def cleanup_work_command() -> None:
    """删除工作目录中超过一天的临时文件（未确认的导入预览、未下载的初始密码表）。"""
    from .services.roster_import import work_cleanup

    click.echo(f"已删除过期临时文件 {work_cleanup()} 个。")


@click.command("backup")
@click.option(
    "--to",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="存放备份的文件夹（默认 LVZHI_BACKUP_FOLDER，即 instance/backups）。",
)
@click.option("--keep", type=int, default=None, help="只保留最新的 N 个备份（0 表示全部保留）。")
def backup_command(folder: Path | None, keep: int | None) -> None:
    """把数据库和上传文件备份为一个带日期的归档（运行中也可执行，适合 cron 每天运行）。"""
    from .ops.backup import BackupError, backup

    try:
        done = backup(folder, keep)
    except BackupError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(
        f"已写入备份 {done.path}：{len(done.counts)} 张表共 {done.rows} 行，文件 {done.files} 个。"
    )
    if done.removed:
        click.echo(f"已删除较早的备份 {done.removed} 个。")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore_command(archive: Path) -> None:
    """把 flask backup 的归档恢复到一个空的安装（数据库或上传文件夹已有内容时拒绝）。"""
    from .ops.backup import BackupError, restore

    try:
        done = restore(archive)
    except BackupError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(
        f"已恢复 {archive}：{len(done.counts)} 张表共 {done.rows} 行（与备份一致），文件 {done.files} 个。"
    )
    click.echo("若程序比备份时新，请接着运行 flask init-db 升级数据库结构。")


def init_app(app: Flask) -> None:
    for command in (
        init_db_command,
        seed_demo_command,
        create_user_command,
        remind_command,
        cleanup_work_command,
        backup_command,
        restore_command,
    ):
        app.cli.add_command(command)
