"""社情民意 to-dos: a member's drafts not yet sent; for the secretariat every waiting step —
reports to edit (采编), adopted ones to put in an issue, issues to publish, adopted ones to
forward, instructed ones to assign, and handling overdue. (A department's are the portal's.)
A fixed few statements per user."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import Select, exists, func, select

from ..clock import local_today
from ..domain import public_opinion as po
from ..extensions import db
from ..models import Bulletin, BulletinEntry, Matter, MatterPerson, User
from .office_late import office_late, waiting_on
from .todos import CountPart, Todo, built, capped, counted, member_and_office

# the secretariat's stages: (stage, what waits)
OFFICE_WAITING = (
    (po.SUBMITTED, "篇社情民意信息待采编"),
    (po.ADOPTED, "篇已采用的信息待报送"),
    (po.INSTRUCTED, "篇有领导批示的信息待交办"),
)
MEMBER_SHOWN = 20  # a member's drafts listed


def _member_rows(user: User) -> Select:
    return select(Matter.id, Matter.title, Matter.stage).where(
        # driven by the member's few people rows, not by the body's every matter
        Matter.id.in_(
            select(MatterPerson.matter_id).where(
                MatterPerson.member_id == user.member_id, MatterPerson.part == "proposer"
            )
        ),
        Matter.org_id == user.org_id,
        Matter.loop == po.LOOP,
        Matter.stage.in_(po.EDITABLE),
    )


waiting_on((po.LOOP, stage) for stage, _ in OFFICE_WAITING)


def _office_waiting(org: int) -> dict[str, int]:
    waiting = office_late(org).waiting
    return {stage: waiting.get((po.LOOP, stage), 0) for stage, _ in OFFICE_WAITING}


def _unissued(org: int) -> Select:
    return select(func.count(Matter.id)).where(
        Matter.org_id == org,
        Matter.loop == po.LOOP,
        Matter.stage.in_(po.ADOPTED_STAGES),
        ~exists().where(BulletinEntry.matter_id == Matter.id),
    )


def _bulletin_drafts(org: int) -> Select:
    return select(func.count(Bulletin.id)).where(
        Bulletin.org_id == org,
        Bulletin.published_on.is_(None),
        exists().where(BulletinEntry.bulletin_id == Bulletin.id),
    )


def _member_todos(user: User) -> list[Todo]:
    rows = db.session.execute(
        _member_rows(user).order_by(Matter.id.desc()).limit(MEMBER_SHOWN)
    ).all()
    return [
        Todo(
            "opinion_draft",
            f"社情民意{'已撤回' if stage == po.WITHDRAWN else '草稿'}未报送：{title or '（未填写标题）'}",
            url_for("member.opinion_edit", matter_id=mid),
            "member",
        )
        for mid, title, stage in rows
    ]


def _office_todos(user: User) -> list[Todo]:
    org, year = user.org_id, local_today().year
    counts = _office_waiting(org)
    todos = [
        Todo(
            f"opinion_{stage}",
            f"{counts[stage]} {words}",
            url_for("secretariat.opinions", stage=stage, year=year),
            "secretariat",
            count=counts[stage],
        )
        for stage, words in OFFICE_WAITING
        if counts.get(stage)
    ]
    unissued = counted(("opinion_unissued", org), lambda: _unissued(org))
    if unissued:
        url = url_for("secretariat.bulletins")
        title = f"{unissued} 篇已采用的信息待编入《社情民意》"
        todos.append(Todo("opinion_unissued", title, url, "secretariat", count=unissued))
    drafts = counted(("bulletin_drafts", org), lambda: _bulletin_drafts(org))
    if drafts:
        url = url_for("secretariat.bulletins")
        todos.append(
            Todo(
                "bulletin_draft", f"{drafts} 期《社情民意》待印发", url, "secretariat", count=drafts
            )
        )
    late = office_late(org).opinions
    if late:
        todos.append(
            Todo(
                "opinion_overdue",
                f"{late} 篇批示件逾期未反馈",
                url_for("secretariat.opinions", stage=po.HANDLING, year=year),
                "secretariat",
                urgent=True,
                count=late,
            )
        )
    return todos


def public_opinion_todos(user: User) -> list[Todo]:
    return member_and_office(user, _member_todos, _office_todos)


def _office_count(user: User) -> list[CountPart]:
    org = user.org_id
    return [
        sum(_office_waiting(org).values()),
        built(("opinion_unissued", org), lambda: _unissued(org)),
        built(("bulletin_drafts", org), lambda: _bulletin_drafts(org)),
        office_late(org).opinions,
    ]


def public_opinion_count(user: User) -> list[CountPart]:
    """What ``public_opinion_todos`` lists, counted (the badge)."""
    return member_and_office(user, _member_count, _office_count)


def _member_count(user: User) -> list[CountPart]:
    key = ("opinion_member", user.org_id, user.member_id)
    return [built(key, lambda: capped(_member_rows(user), MEMBER_SHOWN))]
