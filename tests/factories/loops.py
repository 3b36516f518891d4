"""The closed loops: departments and their contacts, proposals, public-opinion reports,
meetings, consultation and supervision topics, matters of any loop and their suggestions."""

from __future__ import annotations

from datetime import date

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Organization, User

from .core import World, _seq, gen_named, gen_user

# --- closed loops (提案 and the other loops) --------------------------------------------------


def gen_department(org: Organization, name: str | None = None):
    from lvzhi.models import Department

    return gen_named(Department, org, name or f"县承办局{next(_seq)}")


def gen_department_user(org: Organization, department, username: str | None = None) -> User:
    """A 承办单位 contact's login, linked to ``department``."""
    user = gen_user(org, username or f"chengban{next(_seq)}", ["department"])
    user.department_id = department.id
    db.session.flush()
    return user


def gen_proposal(actor: User, title: str = "关于紧固件国内市场集采的建议", **fields):
    """A complete draft proposal written by ``actor`` (a member's user)."""
    from lvzhi.services.proposals import proposal_save

    values = {
        "title": title,
        "category": "经济",
        "situation": "紧固件企业多、规模小，国内市场集采渠道不畅。",
        "analysis": "企业各自议价，成本高。",
        "suggestions_text": "一、搭建集采平台；二、发布采购目录。",
    }
    values.update(fields)
    return proposal_save(actor, **values)


def gen_assigned_proposal(w: World, lead, co=(), title: str = "关于紧固件国内市场集采的建议", **kw):
    """张岩枢's proposal submitted, filed by the secretariat and assigned to ``lead`` (主办)
    and ``co`` (会办); ``kw`` goes to ``matter_assign`` (e.g. ``assigned_on``)."""
    from lvzhi.services.loops import matter_assign
    from lvzhi.services.proposal_review import proposal_file
    from lvzhi.services.proposals import proposal_submit

    m = gen_proposal(w.member_user, title)
    proposal_submit(w.member_user, m)
    proposal_file(w.secretariat_user, m)
    matter_assign(w.secretariat_user, m, lead, list(co), **kw)
    return m


# --- 社情民意信息 (public-opinion reports) ------------------------------------------------------


def gen_opinion(
    actor: User, title: str = "关于村道路灯长期不亮的情况反映", submit: bool = False, **fields
):
    """A complete public-opinion report drafted (and, with ``submit``, sent) by ``actor``."""
    from lvzhi.services.public_opinion import opinion_save, opinion_submit

    values = {
        "title": title,
        "situation": "某村主干道路灯半年未修，村民夜间出行不便。",
        "analysis": "维修责任在镇村之间不清。",
        "suggestions_text": "明确维护主体，一个月内修复。",
    }
    values.update(fields)
    m = opinion_save(actor, **values)
    if submit:
        opinion_submit(actor, m)
    return m


def gen_instructed_opinion(w: World, title: str = "关于村道路灯长期不亮的情况反映"):
    """张岩枢's report sent, adopted, forwarded to the county and instructed by a county
    leader (批示): ready for 交办."""
    from lvzhi.services.loop_instructions import matter_forward_record, matter_instruction_record
    from lvzhi.services.public_opinion import opinion_review

    m = gen_opinion(w.member_user, title, submit=True)
    opinion_review(w.secretariat_user, m, "adopt")
    today = local_today()
    matter_forward_record(w.secretariat_user, m, "county", today)
    matter_instruction_record(
        w.secretariat_user, m, "county", "县长 王某", today, "请县交通局牵头研究解决。"
    )
    return m


# --- consultations "1+2+6+X" and supervision "1+5+5" (issue 13) -------------------------------


def gen_meeting(
    org: Organization,
    kind: str = "standing_committee",
    held_on: date | None = None,
    title: str | None = None,
    **kw,
):
    """A meeting of the calendar (a standing-committee meeting today by default); ``kw`` sets
    other fields (``start_time``, the check-in window …)."""
    from lvzhi.models import Meeting

    held_on = held_on or local_today()
    meeting = Meeting(
        org_id=org.id, kind=kind, held_on=held_on, title=title or f"会议{next(_seq)}", **kw
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def gen_topic(
    w: World,
    title: str = "‘专精特新’培育工程",
    loop: str = "consultation",
    kind: str = "chair_thematic",
    meeting=None,
    department=None,
    year: int | None = None,
):
    """A consultation (or supervision) topic planned by the secretariat, led by the world's
    committee."""
    from lvzhi.services.consultations import topic_save

    return topic_save(
        w.secretariat_user,
        loop,
        title=title,
        year=year or (meeting.held_on.year if meeting else local_today().year),
        kind=kind,
        committee=w.committee,
        meeting=meeting,
        department=department,
        contact="副县长 王明",
    )


def gen_loop_matter(
    w: World,
    loop: str = "consultation",
    title: str = "“专精特新”培育工程",
    *,
    kind: str = "",
    lead=None,
    assigned_on: date | None = None,
    year: int | None = None,
):
    """A consultation / supervision / speech … matter made by the secretariat; with ``lead``,
    moved to the stage its loop assigns at and assigned to it (on ``assigned_on``)."""
    from lvzhi.models import MatterAssignment
    from lvzhi.services.loop_handling import matter_create
    from lvzhi.services.loops import matter_assign

    m = matter_create(w.secretariat_user, loop, title, kind=kind, year=year)
    if lead is None:
        return m
    assign = m.spec.workflow.actions.get("assign")
    if assign is not None:
        m.stage = sorted(assign.sources)[0]
        matter_assign(w.secretariat_user, m, lead, assigned_on=assigned_on)
    else:  # supervision: the report is handled by the department it names
        m.stage = "report"
        m.assignments.append(
            MatterAssignment(
                org_id=m.org_id, department_id=lead.id, assigned_on=assigned_on or local_today()
            )
        )
    db.session.commit()
    return m


def gen_suggestions(w: World, matter, texts, department=None) -> list:
    """Numbered suggestions on ``matter``, one per text, assigned to ``department``."""
    from lvzhi.services.suggestions import suggestions_add

    return suggestions_add(w.secretariat_user, matter, "\n".join(texts), department)


def edited_sheet(data: bytes, changes: dict[int, dict[str, object]]) -> bytes:
    """An .xlsx with cells changed: {sheet row: {header: value}} (an export edited by hand)."""
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    columns = {cell.value: cell.column for cell in ws[1]}
    for row, values in changes.items():
        for header, value in values.items():
            ws.cell(row=row, column=columns[header], value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- the leaders' board: matters of any loop --------------------------------------------------


def gen_matter(w: World, loop: str, title: str, lead=None, assigned_on=None, kind: str = "other"):
    """A secretariat-created matter of ``loop`` (not proposals); with ``lead``, at the loop's
    handling stage with ``lead`` as its lead department since ``assigned_on`` (set directly:
    not every loop assigns through the same step)."""
    from lvzhi.models import MatterAssignment
    from lvzhi.services.loop_handling import matter_create

    m = matter_create(
        w.secretariat_user, loop, title, kind=kind, people=[(w.member, "participant")]
    )
    if lead is not None:
        m.stage = {"consultation": "assign", "supervision": "report"}.get(loop, "handling")
        db.session.add(
            MatterAssignment(
                org_id=m.org_id,
                matter_id=m.id,
                department_id=lead.id,
                is_lead=True,
                assigned_on=assigned_on or local_today(),
            )
        )
    db.session.flush()
    return m


def gen_suggestion(w: World, matter, text: str, department=None, outcome: str = "", done=False):
    """A numbered suggestion of ``matter`` with its outcome (采纳 …) and 落实 flag."""
    from lvzhi.services.loop_handling import suggestion_add, suggestion_outcome

    s = suggestion_add(w.secretariat_user, matter, text, department)
    if outcome:
        suggestion_outcome(w.secretariat_user, s, outcome, done)
    return s
