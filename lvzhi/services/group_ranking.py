"""Quarterly ranking follow-up: invite the flagged groups to the next 机关月度会议 and record
how they appeared there."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..clock import local_today
from ..domain import group_ranking as ranking_rules
from ..domain import group_reports as rules
from ..domain.group_reports import APPEARANCE_KINDS
from ..extensions import db
from ..models import GroupHeadAssignment, GroupInvitation, Meeting, Member, User
from ..models.base import utcnow
from ..selectors import group_ranking as ranking_sel
from . import ServiceError, unit_of_work
from .attendance import invite_members
from .audit import audit
from .common import check_version, limited_text

MAX_NOTES = rules.MAX_ITEM_TEXT


def invitation_for(
    org_id: int, row: ranking_rules.RankedGroup, meeting: Meeting, year: int, quarter: int
) -> GroupInvitation:
    """A flagged group's invitation: the top exchange experience, the bottom make a
    statement (表态发言). Not yet added to the session."""
    return GroupInvitation(
        org_id=org_id,
        office_group_id=row.group_id,
        meeting_id=meeting.id,
        year=year,
        quarter=quarter,
        flag=row.flag,
        rank=row.rank,
        score=str(row.score),
        appearance_kind="exchange" if row.flag == "top" else "statement",
    )


@unit_of_work(duplicate="邀请名单已由他人更新，请刷新后查看。")
def ranking_invite(
    actor: User,
    year: int,
    quarter: int,
    today: date | None = None,
    provisional: bool = False,
) -> list[GroupInvitation]:
    """Put the quarter's flagged groups on the next 机关月度会议's invitation list.

    Only a final quarter (its last report due, every report scored) is ranked for good; a
    quarter in progress is refused unless ``provisional`` confirms inviting by the ranking so
    far, which the audit log records with what was still missing. Running it again adds
    nobody twice (one invitation per group per quarter).
    """
    today = today or local_today()
    board = ranking_sel.quarter(actor.org_id, year, quarter, today)
    reasons = board.not_final_reasons
    if reasons and not provisional:
        raise ServiceError(
            f"{board.label}排名尚未最终确定：{'；'.join(reasons)}。"
            "如确需按暂计排名邀请，请在确认页面核对后再邀请。"
        )
    meeting = ranking_sel.next_organ_meeting(actor.org_id, today)
    if meeting is None:
        raise ServiceError("会议安排中还没有今后的机关月度会议，请先登记会议。")
    flagged = [r for r in board.ranking if r.flag]
    if not flagged:
        raise ServiceError("本季度没有需要标记的室组。")
    invited = {i.office_group_id for i in ranking_sel.invitations(actor.org_id, year, quarter)}
    added = []
    for row in flagged:
        if row.group_id in invited:
            continue
        inv = invitation_for(actor.org_id, row, meeting, year, quarter)
        db.session.add(inv)
        added.append(inv)
    if not added:
        raise ServiceError("标记的室组都已列入邀请名单。")
    _invite_heads(actor, meeting, [inv.office_group_id for inv in added])
    basis = f"（按暂计排名邀请，尚缺：{'；'.join(reasons)}）" if reasons else ""
    audit(
        actor,
        actor.org_id,
        "group_report.invite",
        meeting,
        f"{ranking_rules.quarter_label(year, quarter)}排名：邀请"
        f"{'、'.join(r.group_name for r in flagged if r.group_id not in invited)}"
        f"参加{meeting.title}{basis}",
    )
    return added


def _invite_heads(actor: User, meeting: Meeting, group_ids: list[int]) -> None:
    """The invited groups' heads (on the meeting's day) join the meeting's attendance list:
    they come to exchange experience or make a statement, and check in as everyone does."""
    heads = (
        select(Member.id)
        .join(GroupHeadAssignment, GroupHeadAssignment.member_id == Member.id)
        .where(
            Member.is_active.is_(True),
            GroupHeadAssignment.office_group_id.in_(group_ids),
            GroupHeadAssignment.start_date <= meeting.held_on,
            GroupHeadAssignment.end_date.is_(None)
            | (GroupHeadAssignment.end_date >= meeting.held_on),
        )
    )
    invite_members(actor, meeting, heads)


@unit_of_work
def appearance_record(
    actor: User, invitation: GroupInvitation, kind: str, notes: str, version: int | None
) -> None:
    """Record how the invited group appeared at the meeting: experience or 表态发言, notes."""
    check_version(invitation, version)
    if kind not in APPEARANCE_KINDS:
        raise ServiceError("请选择发言类型。", field="kind")
    invitation.appearance_kind = kind
    invitation.appearance_notes = limited_text(notes, MAX_NOTES, "发言要点", "notes")
    invitation.appeared_at = utcnow()
    audit(
        actor,
        actor.org_id,
        "group_report.appearance",
        invitation,
        f"记录{invitation.office_group.name}在{invitation.meeting.title}{APPEARANCE_KINDS[kind]}",
    )
