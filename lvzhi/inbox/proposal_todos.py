"""提案 to-dos: a member's co-proposer invitations, replies waiting for their evaluation and
proposals returned for revision; the secretariat's proposals waiting at each of its stages
and the overdue ones. (A department's to-dos are the department portal's.) A fixed few
statements per user."""

from __future__ import annotations

from collections.abc import Callable

from flask import url_for
from sqlalchemy import Select, select

from ..clock import local_today
from ..domain import loops as rules
from ..extensions import db
from ..models import Matter, MatterPerson, User
from ..selectors import loop_deadlines as deadline_sel
from .office_late import office_late, waiting_on
from .todos import CountPart, Todo, built, capped, counted, member_and_office

# the secretariat's stages: (stage, what to do)
OFFICE_WAITING = ((rules.SUBMITTED, "待立案审查"), (rules.FILED, "已立案待交办"))
MEMBER_SHOWN = 20  # a member's invitations, replies to evaluate and returned proposals listed


def _member_rows(user: User) -> Select:
    return (
        select(Matter.id, Matter.title, Matter.stage, MatterPerson.part, MatterPerson.consent)
        .join(MatterPerson, MatterPerson.matter_id == Matter.id)
        .where(
            Matter.org_id == user.org_id,
            Matter.loop == "proposal",
            MatterPerson.member_id == user.member_id,
            ((MatterPerson.consent == "invited") & Matter.stage.in_(rules.CONSENT_OPEN))
            | (
                (MatterPerson.part == "proposer")
                & Matter.stage.in_((rules.REPLIED, rules.RETURNED))
            ),
        )
    )


waiting_on(("proposal", stage) for stage, _ in OFFICE_WAITING)


def _member_todos(user: User) -> list[Todo]:
    rows = db.session.execute(
        _member_rows(user).order_by(Matter.id.desc()).limit(MEMBER_SHOWN)
    ).all()
    todos = []
    for mid, title, stage, _part, consent in rows:
        url = url_for("loops.matter", matter_id=mid)
        if consent == "invited":
            todos.append(Todo("proposal_invited", f"联名邀请：{title}", url, "member"))
        elif stage == rules.REPLIED:
            todos.append(
                Todo(
                    "proposal_evaluate",
                    f"请评价答复：{title}",
                    url_for("member.proposal_evaluate", matter_id=mid),
                    "member",
                    urgent=True,
                )
            )
        else:
            todos.append(
                Todo(
                    "proposal_returned",
                    f"提案被退回修改：{title}",
                    url_for("member.proposal_edit", matter_id=mid),
                    "member",
                    urgent=True,
                )
            )
    return todos


def _office_todos(user: User) -> list[Todo]:
    waiting = office_late(user.org_id).waiting
    counts = {stage: waiting.get(("proposal", stage), 0) for stage, _ in OFFICE_WAITING}
    todos = [
        Todo(
            f"proposal_{stage}",
            f"{counts[stage]} 件提案{words}",
            url_for("secretariat.proposals", stage=stage, year=local_today().year),
            "secretariat",
            count=counts[stage],
        )
        for stage, words in OFFICE_WAITING
        if counts.get(stage)
    ]
    late = counted(*_late_key(user.org_id))
    if late:
        todos.append(
            Todo(
                "proposal_overdue",
                f"{late} 件提案逾期未答复",
                url_for("secretariat.proposals_overdue"),
                "secretariat",
                urgent=True,
                count=late,
            )
        )
    return todos


def proposal_todos(user: User) -> list[Todo]:
    return member_and_office(user, _member_todos, _office_todos)


def proposal_count(user: User) -> list[CountPart]:
    """What ``proposal_todos`` lists, counted (the badge)."""
    return member_and_office(
        user,
        lambda u: [
            built(
                ("proposal_member", u.org_id, u.member_id),
                lambda: capped(_member_rows(u), MEMBER_SHOWN),
            )
        ],
        lambda u: [
            sum(office_late(u.org_id).waiting.get(("proposal", s), 0) for s, _ in OFFICE_WAITING),
            built(*_late_key(u.org_id)),
        ],
    )


def _late_key(org_id: int) -> tuple[tuple, Callable[[], Select]]:
    """The overdue proposals' count (key and builder of its kept statement), its reply
    periods from ``office_late``'s statement."""
    periods, today = office_late(org_id).proposal_periods, local_today()
    return (
        ("proposal_overdue", org_id, today, periods),
        lambda: deadline_sel.proposals_overdue_select(org_id, periods, today),
    )
