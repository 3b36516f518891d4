"""The province data set's closed loops and attendance (bench/dataset.py calls ``loops``
for every body): per year ≈ 150 proposals, 200 public-opinion reports, 20 plenary speeches,
8 consultations and 4 supervision topics with 15 numbered suggestions each, and 10 work
suggestions — with their people, lead assignments, timeline events walked along each
loop's main chain, forwards, instructions, evaluations and 《社情民意》 issues — plus the
invited members' attendance rows of the body's meetings.

Earlier years' matters went the whole way (a few stopped off the chain: not filed,
declined, not selected); this year's stopped anywhere along it.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from lvzhi.domain.instructions import FORWARD_LEVELS, INSTRUCTION_LEVELS
from lvzhi.domain.loop_specs import CONSULTATION_KINDS
from lvzhi.extensions import db
from lvzhi.models import (
    Attendance,
    Bulletin,
    BulletinEntry,
    Department,
    Matter,
    MatterAssignment,
    MatterEvaluation,
    MatterEvent,
    MatterForward,
    MatterInstruction,
    MatterPerson,
    Meeting,
    Suggestion,
)

from .dataset_rows import bulk

# each loop's main chain: (action, stage reached, acting party); its yearly volume; where
# an earlier year's matter may leave the chain (action, stage, party, chance)
SECRETARIAT, PROPOSER, DEPARTMENT, LEADER = "secretariat", "proposer", "department", "leader"
CHAINS = {
    "proposal": (
        "draft",
        150,
        [
            ("submit", "submitted", PROPOSER),
            ("file", "filed", SECRETARIAT),
            ("assign", "assigned", SECRETARIAT),
            ("accept", "handling", DEPARTMENT),
            ("reply", "replied", DEPARTMENT),
            ("evaluate", "closed", PROPOSER),
        ],
        ("not_file", "opinion", SECRETARIAT, 0.1),
    ),
    "public_opinion": (
        "draft",
        200,
        [
            ("submit", "submitted", PROPOSER),
            ("adopt", "adopted", SECRETARIAT),
            ("forward", "forwarded", SECRETARIAT),
            ("instruct", "instructed", LEADER),
            ("assign", "assigned", SECRETARIAT),
            ("accept", "handling", DEPARTMENT),
            ("reply", "feedback", DEPARTMENT),
        ],
        ("decline", "declined", SECRETARIAT, 0.4),
    ),
    "speech": (
        "draft",
        20,
        [
            ("submit", "submitted", PROPOSER),
            ("select", "selected", SECRETARIAT),
            ("instruct", "instructed", LEADER),
            ("assign", "assigned", SECRETARIAT),
            ("accept", "handling", DEPARTMENT),
            ("reply", "feedback", DEPARTMENT),
        ],
        ("reject", "not_selected", SECRETARIAT, 0.3),
    ),
    "consultation": (
        "topic",
        8,
        [
            ("start_research", "research", SECRETARIAT),
            ("hold", "consult", SECRETARIAT),
            ("assign", "assign", SECRETARIAT),
            ("implement", "implement", DEPARTMENT),
            ("feedback", "feedback", DEPARTMENT),
            ("track", "track", SECRETARIAT),
            ("close", "closed", SECRETARIAT),
        ],
        None,
    ),
    "supervision": (
        "topic",
        4,
        [
            ("start_research", "research", SECRETARIAT),
            ("report", "report", SECRETARIAT),
            ("handle", "handled", SECRETARIAT),
            ("track", "track", SECRETARIAT),
            ("close", "closed", SECRETARIAT),
        ],
        None,
    ),
    "work_suggestion": (
        "draft",
        10,
        [("submit", "submitted", PROPOSER), ("adopt", "adopted", SECRETARIAT)],
        ("note", "noted", SECRETARIAT, 0.5),
    ),
}
# the stage from which a department holds the matter (a lead assignment exists)
ASSIGNED_AT = {"proposal": "assign", "public_opinion": "assign", "speech": "assign"}
REPLIED_AT = {"reply"}
TOPIC_PEOPLE = {
    "consultation": ("researcher", "speaker"),
    "supervision": ("researcher", "participant"),
}
SUGGESTIONS_PER_TOPIC = 15
INVITED_PER_MEETING = 30
DEPARTMENTS = 12
TITLES = {
    "proposal": "关于加强{}的提案",
    "public_opinion": "关于{}的社情民意信息",
    "speech": "关于{}的大会发言",
    "consultation": "{}专题协商",
    "supervision": "{}民主监督",
    "work_suggestion": "关于改进{}的工作建议",
}
SUBJECTS = ["城乡养老服务", "基层医疗", "营商环境", "农村饮水", "职业教育", "河道治理"]


def loops(ids, org_id, member_ids, years, today, now, secretariat_id) -> None:
    """Every loop's matters of ``years`` for one body, and its meetings' attendance."""

    rng = random.Random(org_id * 7 + 1)
    departments = _departments(ids, org_id, now)
    matters, people, events, assignments, suggestions = [], [], [], [], []
    # 转送, 批示, 评价 and the 《社情民意》 issues' entries, by the step that makes them
    forwards, instructions, evaluations, adopted = [], [], [], []
    for year in years:
        last_day = min(date(year, 12, 20), today - timedelta(days=1))
        span = max((last_day - date(year, 1, 5)).days, 1)
        current = year == today.year
        for loop, (first_stage, per_year, chain, off) in CHAINS.items():
            first = ids.take(Matter, per_year)
            for k in range(per_year):
                matter_id = first + k
                on = date(year, 1, 5) + timedelta(days=rng.randrange(span))
                steps = list(chain)
                if current:
                    steps = steps[: rng.randint(1, len(steps))]
                elif off and rng.random() < off[3]:
                    steps = [*steps[:1], off[:3]]
                stage, at = first_stage, datetime(on.year, on.month, on.day, 10, 0)
                assigned = replied = None
                for action, to_stage, party in steps:
                    at = min(at + timedelta(days=rng.randint(5, 20)), now - timedelta(hours=1))
                    events.append(
                        {
                            "org_id": org_id,
                            "matter_id": matter_id,
                            "action": action,
                            "from_stage": stage,
                            "to_stage": to_stage,
                            "party": party,
                            "actor_id": secretariat_id if party == SECRETARIAT else None,
                            "note": "",
                            "at": at,
                        }
                    )
                    stage = to_stage
                    extra = {"org_id": org_id, "matter_id": matter_id, "created_at": at}
                    if action == "forward":
                        level = list(FORWARD_LEVELS)[k % len(FORWARD_LEVELS)]
                        forwards.append({**extra, "level": level, "forwarded_on": at.date()})
                    elif action == "instruct":
                        level = list(INSTRUCTION_LEVELS)[k % len(INSTRUCTION_LEVELS)]
                        instructions.append(
                            {
                                **extra,
                                "level": level,
                                "leader": "某领导",
                                "instructed_on": at.date(),
                                "text": "请认真研究办理。",
                            }
                        )
                    elif action == "adopt" and loop == "public_opinion":
                        adopted.append((year, matter_id, at))
                    if action == "assign" and loop in ASSIGNED_AT:
                        assigned = at
                    if action in REPLIED_AT:
                        replied = at
                proposer = member_ids[rng.randrange(len(member_ids))]
                if stage == "closed" and loop == "proposal":
                    evaluations.append(
                        {
                            "org_id": org_id,
                            "matter_id": matter_id,
                            "round": 1,
                            "member_id": proposer,
                            "contacted": True,
                            "verdict": ("satisfied", "basic", "unsatisfied")[k % 7 // 3],
                            "at": at,
                        }
                    )
                matters.append(
                    {
                        "id": matter_id,
                        "org_id": org_id,
                        "loop": loop,
                        "year": year,
                        "stage": stage,
                        "kind": rng.choice(list(CONSULTATION_KINDS))
                        if loop == "consultation"
                        else "",
                        "title": TITLES[loop].format(SUBJECTS[k % len(SUBJECTS)]),
                        "situation": "情况说明。",
                        "session_label": f"基准{year}" if loop == "proposal" else None,
                        "number": k + 1 if loop == "proposal" and stage != "draft" else None,
                        "submitted_at": events[-1]["at"] if steps else None,
                        "filed_on": on if any(s[0] == "file" for s in steps) else None,
                        "version": 1,
                        "created_at": datetime(on.year, on.month, on.day, 9, 0),
                        "updated_at": at,
                    }
                )
                if loop in TOPIC_PEOPLE:
                    for p, part in enumerate(TOPIC_PEOPLE[loop] * 3):
                        people.append(
                            _person(matter_id, member_ids[(k * 7 + p) % len(member_ids)], part, p)
                        )
                    for n in range(SUGGESTIONS_PER_TOPIC):
                        answered = (
                            stage in ("feedback", "track", "closed", "handled") and n % 4 != 3
                        )
                        suggestions.append(
                            {
                                "org_id": org_id,
                                "matter_id": matter_id,
                                "number": n + 1,
                                "text": f"建议{n + 1}：进一步完善相关机制。",
                                "department_id": departments[(k + n) % len(departments)],
                                "outcome": ("adopted", "partly", "not_adopted")[n % 3]
                                if answered
                                else "",
                                "implemented": answered and n % 3 == 0,
                                "note": "",
                                "assigned_on": on + timedelta(days=30)
                                if stage != "topic"
                                else None,
                                "answered_at": at if answered else None,
                                "answered_party": DEPARTMENT if answered else "",
                                "version": 1,
                            }
                        )
                else:
                    people.append(_person(matter_id, proposer, "proposer", 0))
                    if loop == "proposal" and k % 3 == 0:
                        co = member_ids[(k * 11 + 5) % len(member_ids)]
                        if co != proposer:
                            people.append(_person(matter_id, co, "co_proposer", 1))
                if assigned:
                    assignments.append(
                        {
                            "org_id": org_id,
                            "matter_id": matter_id,
                            "department_id": departments[k % len(departments)],
                            "is_lead": True,
                            "active": True,
                            "assigned_on": assigned.date(),
                            "reply_months": 3,
                            "accepted_at": assigned + timedelta(days=2)
                            if stage not in ("assigned",)
                            else None,
                            "reply_class": "ABC"[k % 3] if replied else "",
                            "reply_text": "已办理。" if replied else "",
                            "replied_at": replied,
                            "round": 1,
                            "version": 1,
                        }
                    )
    bulk(Matter, matters)
    for table, rows in (
        (MatterEvent, events),
        (MatterPerson, people),
        (MatterAssignment, assignments),
        (Suggestion, suggestions),
        (MatterForward, forwards),
        (MatterInstruction, instructions),
        (MatterEvaluation, evaluations),
    ):
        first = ids.take(table, len(rows))
        for k, row in enumerate(rows):
            row["id"] = first + k
        bulk(table, rows)
    _bulletins(ids, org_id, adopted, today, now)
    _attendance(ids, org_id, member_ids, today, now, rng)


def _bulletins(ids, org_id, adopted, today, now) -> None:
    """Each year's adopted reports in 《社情民意》 issues of five, the last one of this year
    not yet published (numbered after the demo county's own issues)."""

    numbered = dict(
        db.session.execute(
            select(Bulletin.year, func.max(Bulletin.number))
            .where(Bulletin.org_id == org_id)
            .group_by(Bulletin.year)
        ).all()
    )
    issues, entries = [], []
    for year in sorted({y for y, _m, _at in adopted}):
        mine = sorted((at, m) for y, m, at in adopted if y == year)
        chunks = [mine[i : i + 5] for i in range(0, len(mine), 5)]
        for n, chunk in enumerate(chunks):
            issue_id = ids.take(Bulletin)
            last = chunk[-1][0]
            draft = year == today.year and n == len(chunks) - 1
            issues.append(
                {
                    "id": issue_id,
                    "org_id": org_id,
                    "year": year,
                    "number": (numbered.get(year) or 0) + n + 1,
                    "published_on": None if draft else last.date(),
                    "version": 1,
                    "created_at": last,
                    "updated_at": last,
                }
            )
            for position, (_at, matter_id) in enumerate(chunk):
                entries.append(
                    {
                        "org_id": org_id,
                        "bulletin_id": issue_id,
                        "matter_id": matter_id,
                        "position": position,
                    }
                )
    first = ids.take(BulletinEntry, len(entries))
    for k, row in enumerate(entries):
        row["id"] = first + k
    bulk(Bulletin, issues)
    bulk(BulletinEntry, entries)


def _person(matter_id: int, member_id: int, part: str, position: int) -> dict:
    return {
        "matter_id": matter_id,
        "member_id": member_id,
        "part": part,
        "consent": "confirmed",
        "position": position,
    }


def _departments(ids, org_id, now) -> list[int]:
    """The body's departments: the demo county's own, or twelve made here."""

    have = list(
        db.session.scalars(
            select(Department.id).where(Department.org_id == org_id).order_by(Department.id)
        )
    )
    if have:
        return have
    first = ids.take(Department, DEPARTMENTS)
    bulk(
        Department,
        [
            {
                "id": first + d,
                "org_id": org_id,
                "name": f"承办单位{d + 1}",
                "contact_name": "",
                "contact_phone": "",
                "is_active": True,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for d in range(DEPARTMENTS)
        ],
    )
    return list(range(first, first + DEPARTMENTS))


def _attendance(ids, org_id, member_ids, today, now, rng) -> None:
    """30 invited members per past meeting of the body without attendance rows yet: most
    checked in, a few on approved leave, the rest absent."""

    meetings = db.session.execute(
        select(Meeting.id, Meeting.held_on).where(
            Meeting.org_id == org_id,
            Meeting.held_on < today,
            ~select(Attendance.id).where(Attendance.meeting_id == Meeting.id).exists(),
        )
    ).all()
    rows = []
    for n, (meeting_id, held_on) in enumerate(meetings):
        start = (n * INVITED_PER_MEETING) % len(member_ids)
        invited = {member_ids[(start + i) % len(member_ids)] for i in range(INVITED_PER_MEETING)}
        at = datetime(held_on.year, held_on.month, held_on.day, 8, 50)
        for member_id in sorted(invited):
            roll = rng.random()
            leave = 0.85 <= roll < 0.92
            rows.append(
                {
                    "org_id": org_id,
                    "meeting_id": meeting_id,
                    "activity_id": None,
                    "member_id": member_id,
                    "leave_status": "approved" if leave else "",
                    "leave_reason": "出差" if leave else "",
                    "leave_asked_at": at - timedelta(days=1) if leave else None,
                    "leave_decided_at": at - timedelta(hours=20) if leave else None,
                    "checked_in_at": at if roll < 0.85 else None,
                    "checkin_method": "qr" if roll < 0.85 else "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
    first = ids.take(Attendance, len(rows))
    for k, row in enumerate(rows):
        row["id"] = first + k
    bulk(Attendance, rows)
