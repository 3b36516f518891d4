"""Consultation topics "1+2+6+X" and supervision topics "1+5+5": the plan (topic, kind, lead
committee, meeting, lead department and government contact), the people lists with their
十个一 credit, documents, the written feedback, the five requirements and effect notes.

Every stage change goes through the loop engine (``services.loops.move`` by way of
``loop_handling.matter_move``/``matter_assign``), so it is on the timeline and audited; the
credit a list gives follows the loop spec's credit rules (``domain/consultations.credited``):
a person added after the activity took place is credited at once, a person removed loses that
list's credit (and only that one).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ..clock import local_today
from ..domain import consultations as rules
from ..domain.loops import COMMITTEE, SECRETARIAT
from ..extensions import db
from ..models import (
    Committee,
    Department,
    Matter,
    MatterAssignment,
    MatterCheck,
    MatterEvent,
    MatterPerson,
    Meeting,
    Member,
    User,
)
from ..models.base import utcnow
from . import ServiceError, unit_of_work
from .attachments import CheckedFile
from .audit import audit
from .common import check_version, limited_text
from .duties import duty_credit, duty_credit_withdraw
from .loop_handling import matter_create, matter_move
from .loop_parties import acting_party
from .loops import credit_day, hand_over, matter_assign, matter_source, move

LOOPS = ("consultation", "supervision")
# the steps that must carry their document
FILE_NEEDED = {
    ("consultation", "research_report"): "请上传调研报告",
    ("consultation", "record"): "请上传协商记录",
    ("consultation", "feedback"): "请上传书面反馈",
    ("supervision", "research_report"): "请上传调研报告",
    ("supervision", "report"): "请上传监督报告",
}
NOTE_NEEDED = {
    ("consultation", "feedback"): "请填写书面反馈的主要内容",
    ("supervision", "effect"): "请填写效果跟踪情况",
}


def _office(actor: User, matter: Matter) -> None:
    if matter.loop not in LOOPS:
        raise ServiceError("该事项不是协商或监督议题。")
    acting_party(actor, matter, SECRETARIAT)


def _runner(actor: User, matter: Matter) -> str:
    """Who runs a topic's people lists: the secretariat, or the director of a consultation's
    lead committee (the workflow's ``people`` step says whom it allows)."""
    if matter.loop not in LOOPS:
        raise ServiceError("该事项不是协商或监督议题。")
    return acting_party(actor, matter, SECRETARIAT, COMMITTEE)


def _check_refs(
    actor: User,
    loop: str,
    kind: str,
    year: int,
    committee: Committee | None,
    meeting: Meeting | None,
    department: Department | None,
) -> None:
    for obj, field in ((committee, "committee"), (meeting, "meeting"), (department, "department")):
        if obj is not None and obj.org_id != actor.org_id:
            raise ServiceError("请重新选择。", field=field)
    if department is not None and not department.is_active:
        raise ServiceError(f"承办单位“{department.name}”已停用。", field="department")
    if loop == "consultation":
        refusal = rules.meeting_refusal(kind, meeting.kind if meeting else None)
        if refusal:
            raise ServiceError(
                refusal + "。", field="meeting" if kind in rules.PLAN_SLOTS else "kind"
            )
    if meeting is not None and meeting.held_on.year != year:
        raise ServiceError(f"所选会议不在 {year} 年度。", field="meeting")


def _planned(org_id: int, year: int, kind: str, other_than: int | None) -> int:
    stmt = select(func.count(Matter.id)).where(
        Matter.org_id == org_id,
        Matter.loop == "consultation",
        Matter.year == year,
        Matter.kind == kind,
    )
    if other_than is not None:
        stmt = stmt.where(Matter.id != other_than)
    return db.session.scalar(stmt) or 0


@unit_of_work
def topic_save(
    actor: User,
    loop: str,
    *,
    title: str,
    year: int,
    kind: str = "",
    committee: Committee | None = None,
    meeting: Meeting | None = None,
    department: Department | None = None,
    contact: str = "",
    matter: Matter | None = None,
    version: int | None = None,
    client_token: str | None = None,
) -> Matter:
    """Plan a topic (a new ``matter``) or change one: a consultation's kind takes one of the
    year's 1+2+6 places (or X), sits at a meeting of the kind's own, has a lead committee, a
    lead department and a government contact; a supervision topic the same without a kind."""
    if loop not in LOOPS:
        raise ServiceError("该事项不是协商或监督议题。")
    if not actor.has_role("secretariat"):
        raise ServiceError("您不能新建此事项。")
    kind = kind if loop == "consultation" else ""
    contact = limited_text(contact, 80, "牵头联系领导", "contact")
    # a department kept as it was is not checked again (it may have been switched off since)
    same_department = (
        matter is not None
        and department is not None
        and (department.id == matter.lead_department_id)
    )
    _check_refs(
        actor, loop, kind, year, committee, meeting, None if same_department else department
    )
    if loop == "consultation" and (matter is None or matter.kind != kind or matter.year != year):
        refusal = rules.slot_refusal(kind, _planned(actor.org_id, year, kind, matter and matter.id))
        if refusal:
            raise ServiceError(refusal + "。", field="kind")
    if matter is None:
        matter = matter_create(actor, loop, title, kind=kind, year=year, client_token=client_token)
        words = "新建"
    else:
        _office(actor, matter)
        check_version(matter, version)
        held = matter.lead_assignment
        if held is not None and department is None:
            raise ServiceError(
                f"已交办{held.department.name}，请选择牵头承办单位（可改办给其他单位）。",
                field="department",
            )
        title = limited_text(title, 200, "标题", "title")
        if not title:
            raise ServiceError("请填写标题。", field="title")
        matter.title, matter.kind, matter.year = title, kind, year
        matter.updated_at = utcnow()
        words = "修改"
    matter.committee_id = committee.id if committee else None
    matter.meeting_id = meeting.id if meeting else None
    matter.lead_department_id = department.id if department else None
    matter.contact = contact
    if words == "修改":
        held = matter.lead_assignment
        if held is not None and department.id != held.department_id:
            _reassign(actor, matter, held, department)
        elif matter.loop == "supervision" and matter.stage == "report":
            _hand_report_to_lead(matter)  # a report made before its lead department was set
        audit(actor, matter.org_id, "topic.update", matter, f"修改议题：{matter.title}")
    return matter


def _reassign(actor: User, matter: Matter, held: MatterAssignment, to: Department) -> None:
    """改办 by the office: the topic's opinions (or report) move to ``to``, whose deadline
    counts from today; the department it leaves no longer sees it."""
    move(
        actor,
        matter,
        "reassign",
        party=SECRETARIAT,
        note=f"改办：{held.department.name} → {to.name}",
        department_id=to.id,
    )
    hand_over(matter, held, to)


# --- people --------------------------------------------------------------------------------


def _part(matter: Matter, part: str) -> str:
    label = rules.part_label(matter.loop, part)
    if not label:
        raise ServiceError("请选择名单。")
    return label


def _actions_taken(matter: Matter) -> set[str]:
    return {e.action for e in matter.events}


@unit_of_work
def people_add(actor: User, matter: Matter, part: str, members: list[Member]) -> int:
    """Add members to list ``part`` (调研委员, 协商发言委员, 监督委员); those already on it
    are skipped. When the list's activity has already taken place each is credited at once.
    The lead committee's director picks from its own members. Returns how many were added."""
    party = _runner(actor, matter)
    label = _part(matter, part)
    present = {p.member_id for p in matter.people if p.part == part}
    new = [m for m in dict.fromkeys(members) if m.org_id == matter.org_id and m.id not in present]
    if party == COMMITTEE and any(m.committee_id not in actor.committee_ids() for m in new):
        raise ServiceError("专委会只能选择本委委员。")
    if not new:
        raise ServiceError("请勾选要加入的委员（已在名单中的不会重复加入）。")
    if actor.member_id is not None and any(m.id == actor.member_id for m in new):
        # nobody lists themselves: the list credits 十个一 with no one else reviewing it
        raise ServiceError("不能把本人列入名单，请由政协机关其他工作人员办理。")
    start = max((p.position for p in matter.people), default=-1) + 1
    for i, m in enumerate(new):
        matter.people.append(MatterPerson(member_id=m.id, part=part, position=start + i))
    move(
        actor,
        matter,
        "people",
        party=party,
        note=f"加入{label}：" + "、".join(m.name for m in new),
    )
    item = rules.credit_item(matter.loop, part)
    if item and rules.credited(matter.loop, part, _actions_taken(matter)):
        for m in new:
            duty_credit(m, item, matter_source(matter), credit_day(matter), actor)
    return len(new)


@unit_of_work
def person_remove(actor: User, matter: Matter, part: str, member: Member) -> None:
    """Take ``member`` off list ``part``; the 十个一 credit that list gave them is withdrawn
    (a credit from another list of the same matter stays). The lead committee's director
    takes off its own members only."""
    party = _runner(actor, matter)
    label = _part(matter, part)
    row = next((p for p in matter.people if p.part == part and p.member_id == member.id), None)
    if row is None:
        raise ServiceError(f"{member.name}不在{label}名单中。")
    if party == COMMITTEE and member.committee_id not in actor.committee_ids():
        raise ServiceError(f"{member.name}不是本委委员，请联系政协机关调整。")
    matter.people.remove(row)
    move(actor, matter, "people", party=party, note=f"移出{label}：{member.name}")
    item = rules.credit_item(matter.loop, part)
    if item:
        duty_credit_withdraw(matter_source(matter), member, actor, item_code=item)


# --- steps, documents, feedback ------------------------------------------------------------


@unit_of_work
def topic_step(
    actor: User,
    matter: Matter,
    action: str,
    *,
    note: str = "",
    files: list[CheckedFile] | None = None,
    version: int | None = None,
) -> MatterEvent:
    """A move or a document on the timeline: 开始调研, 召开协商, 调研报告 (file), 协商记录
    (file), 落实, 书面反馈 (text and file), 跟踪, 办结; supervision's 监督报告 (file), 建言处置,
    效果跟踪 notes. 交办 is ``topic_assign``; people and requirements have their own."""
    if matter.loop not in LOOPS:
        raise ServiceError("该事项不是协商或监督议题。")
    if action in ("assign", "people", "check", "reassign"):  # 改办: by editing the topic
        raise ServiceError("请在相应的表单中办理。")
    key = (matter.loop, action)
    if key in NOTE_NEEDED and not (note or "").strip():
        raise ServiceError(NOTE_NEEDED[key] + "。", field="note")
    if key in FILE_NEEDED and not files:
        raise ServiceError(FILE_NEEDED[key] + "（PDF 或照片）。", field="files")
    event = matter_move(actor, matter, action, version=version, note=note, files=files)
    if key == ("supervision", "report"):
        _hand_report_to_lead(matter)
    return event


def _hand_report_to_lead(matter: Matter) -> None:
    """The supervision report goes to the topic's lead department for 建言处置: its portal
    shows the topic, and the 3-month deadline counts from this day (``domain.overdue``)."""
    if matter.lead_department_id is None or matter.lead_assignment is not None:
        return
    matter.assignments.append(
        MatterAssignment(
            org_id=matter.org_id,
            department_id=matter.lead_department_id,
            is_lead=True,
            assigned_on=local_today(),
        )
    )


@unit_of_work
def topic_assign(
    actor: User,
    matter: Matter,
    lead: Department | None = None,
    co: list[Department] | None = None,
    *,
    version: int | None = None,
    note: str = "",
    assigned_on: date | None = None,
) -> MatterEvent:
    """交办 the consultation's opinions: to ``lead`` (the planned lead department by default)
    and co-handling departments; an X activity's feedback is due 3 months from today."""
    _office(actor, matter)
    lead = lead or matter.lead_department
    if lead is None:
        raise ServiceError("请选择牵头承办单位。", field="lead")
    event = matter_assign(
        actor, matter, lead, co or [], version=version, note=note, assigned_on=assigned_on
    )
    matter.lead_department_id = lead.id  # the topic's page and its export name the one assigned
    return event


# --- supervision's five requirements --------------------------------------------------------


@unit_of_work
def requirement_set(
    actor: User,
    matter: Matter,
    code: str,
    done: bool,
    note: str = "",
    version: int | None = None,
) -> MatterCheck:
    """Tick (or untick) one of the five requirements of a supervision topic, with a note.
    ``version``: the requirement's as the form showed it (a second secretary's stale form
    conflicts); the same state sent again (a double tap) records nothing."""
    _office(actor, matter)
    if matter.loop != "supervision" or code not in rules.REQUIREMENTS:
        raise ServiceError("请选择要求。", field="code")
    note = limited_text(note, 500, "说明", "note")
    row = db.session.scalar(
        select(MatterCheck).where(MatterCheck.matter_id == matter.id, MatterCheck.code == code)
    )
    if row is not None and (row.done, row.note) == (bool(done), note):
        return row  # nothing changed: no second line on the timeline
    if row is None:
        row = MatterCheck(org_id=matter.org_id, matter_id=matter.id, code=code)
        db.session.add(row)
    check_version(row, version)
    row.done, row.note = bool(done), note
    row.checked_by_id, row.checked_at = actor.id, utcnow()
    label = rules.REQUIREMENTS[code]
    state = "已落实" if done else "未落实"
    move(
        actor,
        matter,
        "check",
        party=SECRETARIAT,
        note=f"{label}：{state}" + (f"（{note}）" if note else ""),
    )
    return row
