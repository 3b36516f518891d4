"""The province data set: the demo county plus N-1 more bodies, each with its structure,
members and logins, five years of duty records and monthly group reports.

Rows go in with Core bulk inserts (COPY on PostgreSQL) and ids assigned here, so ≈ 930,000
duty records take seconds, not the ORM's minutes. One password hash serves every account.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, text

from lvzhi.domain import duties as duty_rules
from lvzhi.domain import group_reports as report_rules
from lvzhi.extensions import db
from lvzhi.models import (
    AuditEvent,
    Committee,
    DutyItem,
    DutyRecord,
    GroupHeadAssignment,
    GroupInvitation,
    GroupReport,
    GroupReportComment,
    GroupReportEntry,
    GroupSignatureItem,
    Meeting,
    Member,
    OfficeGroup,
    Organization,
    RoleGrant,
    Sector,
    User,
    Year,
    committee_groups,
    group_report_participants,
)

from .dataset_loops import loops

# bump when the shape of the data set changes: cached databases are rebuilt
DATASET_VERSION = 4  # 4: the closed loops and attendance
GROUPS, COMMITTEES, SECTORS = 9, 7, 17
RECORD_TITLES = ["参加专题调研", "提交提案一件", "走访联系群众", "参加视察活动", "报送社情民意"]


def schema_fingerprint() -> str:
    """Changes whenever a table, column or index changes, so a cached database built
    before a migration is not reused."""
    parts = []
    for table in db.metadata.sorted_tables:
        parts.append(table.name + ":" + ",".join(c.name for c in table.columns))
        parts += sorted(f"{i.name}({','.join(c.name for c in i.columns)})" for i in table.indexes)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:12]


def dataset_key(orgs: int, members: int, years: int, today: date) -> str:
    return f"{orgs}x{members}x{years}-v{DATASET_VERSION}-{today:%Y%m}-{schema_fingerprint()}"


class Ids:
    """The next free id of each table, handed out here so inserts need no RETURNING."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def take(self, model, count: int = 1) -> int:
        name = model.__tablename__
        if name not in self._next:
            self._next[name] = (db.session.scalar(select(func.max(model.id))) or 0) + 1
        first = self._next[name]
        self._next[name] += count
        return first


def bulk(table, rows: list[dict]) -> None:
    """Insert many rows: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    table = getattr(table, "__table__", table)
    _fill_defaults(table, rows)
    if db.engine.dialect.name != "postgresql":
        for start in range(0, len(rows), 50_000):
            db.session.execute(table.insert(), rows[start : start + 50_000])
        return
    columns = list(rows[0])
    raw = db.session.connection().connection.driver_connection
    with raw.cursor() as cur:
        names = ", ".join(f'"{c}"' for c in columns)
        with cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])


def _fill_defaults(table, rows: list[dict]) -> None:
    """The columns' scalar Python defaults for the columns a row leaves out (COPY does not
    apply them) and NULL for the other nullable ones, so every row has the same keys."""
    missing = [c for c in table.columns if c.name not in rows[0]]
    for column in missing:
        default = column.default
        if default is not None and default.is_scalar:
            value = default.arg
        elif column.nullable or column.server_default is not None or column.primary_key:
            continue
        else:
            raise ValueError(f"{table.name}.{column.name} needs a value")
        for row in rows:
            row.setdefault(column.name, value)


def build(
    orgs: int = 100,
    members: int = 250,
    years: int = 5,
    today: date | None = None,
    analyze: bool = True,
) -> None:
    """The demo county (org 1, with the demo logins) and ``orgs - 1`` generated bodies.
    ``analyze`` gathers PostgreSQL's statistics, as its autovacuum does in production; a
    deployed SQLite file has none (nothing runs ANALYZE), so neither has the benchmark's."""
    from lvzhi.clock import local_today
    from lvzhi.demo import DEMO_PASSWORD, seed_demo
    from lvzhi.services.accounts import hash_password
    from lvzhi.services.duty_items import duty_items_open_year

    today = today or local_today()
    demo = seed_demo(today)
    db.session.commit()
    password_hash = hash_password(DEMO_PASSWORD)
    ids = Ids()
    now = datetime(today.year, today.month, today.day, 9, 0)
    first_year = today.year - years + 1

    # the demo county's history: earlier years' items, records and reports
    for year in range(first_year, today.year):
        duty_items_open_year(demo.id, year)
    db.session.flush()
    demo_members = list(
        db.session.scalars(select(Member.id).where(Member.org_id == demo.id).order_by(Member.id))
    )
    demo_groups = list(
        db.session.scalars(
            select(OfficeGroup.id).where(OfficeGroup.org_id == demo.id).order_by(OfficeGroup.id)
        )
    )
    have_reports = set(
        db.session.execute(
            select(GroupReport.office_group_id, GroupReport.year, GroupReport.month).where(
                GroupReport.org_id == demo.id
            )
        ).all()
    )
    director = db.session.scalar(select(User.id).where(User.username == "zhuanwei"))
    _records(ids, demo.id, demo_members, range(first_year, today.year), today, now)
    _reports(ids, demo.id, demo_groups, demo_members, first_year, today, director, have_reports)
    office = db.session.scalar(select(User.id).where(User.username == "jiguan"))
    loops(ids, demo.id, demo_members, range(first_year, today.year + 1), today, now, office)
    db.session.commit()

    for n in range(2, orgs + 1):
        _body(ids, n, members, first_year, today, now, password_hash)
        db.session.commit()
    if db.engine.dialect.name == "postgresql":
        for table in db.metadata.sorted_tables:
            if "id" in table.columns and table.columns["id"].primary_key:
                db.session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f'(SELECT coalesce(max(id), 0) + 1 FROM "{table.name}"), false)'
                    )
                )
        db.session.commit()
    if analyze and db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def _body(ids: Ids, n: int, size: int, first_year: int, today: date, now, password_hash):
    rng = random.Random(n)
    org_id = ids.take(Organization)
    stamp = {"created_at": now, "updated_at": now}
    bulk(
        Organization,
        [
            {
                "id": org_id,
                "name": f"省内第{n:03d}政协",
                "short_name": f"第{n:03d}政协",
                "current_term": "第十一届",
                **stamp,
            }
        ],
    )
    group0, committee0, sector0 = (
        ids.take(OfficeGroup, GROUPS),
        ids.take(Committee, COMMITTEES),
        ids.take(Sector, SECTORS),
    )
    v = {"org_id": org_id, "version": 1}
    bulk(
        OfficeGroup,
        [{"id": group0 + g, "name": f"室组{g + 1}", "sort_order": g, **v} for g in range(GROUPS)],
    )
    bulk(
        Committee,
        [
            {"id": committee0 + c, "name": f"委员会{c + 1}", "sort_order": c, **v}
            for c in range(COMMITTEES)
        ],
    )
    bulk(
        Sector,
        [{"id": sector0 + s, "name": f"界别{s + 1}", "sort_order": s, **v} for s in range(SECTORS)],
    )
    bulk(
        committee_groups,
        [
            {"committee_id": committee0 + g % COMMITTEES, "office_group_id": group0 + g}
            for g in range(GROUPS)
        ],
    )
    member0 = ids.take(Member, size)
    member_ids = list(range(member0, member0 + size))
    bulk(
        Member,
        [
            {
                "id": member0 + i,
                "name": f"委员{n:03d}{i:03d}",
                "gender": "男女"[i % 2],
                "mobile": f"1{n:03d}{i:07d}",
                "employer": "某单位",
                "title": "主任",
                "term": "第十一届",
                "is_active": i % 40 != 39,
                "sector_id": sector0 + i % SECTORS,
                "committee_id": committee0 + i % COMMITTEES,
                "office_group_id": group0 + i % GROUPS,
                **v,
                **stamp,
            }
            for i in range(size)
        ],
    )
    user0 = ids.take(User, size + 2)
    user = {
        "password_hash": password_hash,
        "active": True,
        "must_change_password": False,
        "failed_logins": 0,
        **v,
        **stamp,
    }
    bulk(
        User,
        [
            {
                "id": user0 + i,
                "username": f"1{n:03d}{i:07d}",
                "mobile": f"1{n:03d}{i:07d}",
                "display_name": f"委员{n:03d}{i:03d}",
                "member_id": member0 + i,
                **user,
            }
            for i in range(size)
        ]
        + [
            {
                "id": user0 + size + k,
                "username": f"{role}{n:03d}",
                "mobile": None,
                "display_name": f"{role}{n:03d}",
                "member_id": None,
                **user,
            }
            for k, role in enumerate(("secretariat", "leader"))
        ],
    )
    grants = [("member", user0 + i, None) for i in range(size)]
    grants += [("group_head", user0 + g, None) for g in range(GROUPS)]  # member g heads group g
    grants += [("committee", user0 + GROUPS + c, committee0 + c) for c in range(COMMITTEES)]
    grants += [("secretariat", user0 + size, None), ("leader", user0 + size + 1, None)]
    grant0 = ids.take(RoleGrant, len(grants))
    bulk(
        RoleGrant,
        [
            {"id": grant0 + k, "role": role, "user_id": uid, "committee_id": cid}
            for k, (role, uid, cid) in enumerate(grants)
        ],
    )
    head0 = ids.take(GroupHeadAssignment, GROUPS)
    bulk(
        GroupHeadAssignment,
        [
            {
                "id": head0 + g,
                "office_group_id": group0 + g,
                "member_id": member0 + g,
                "start_date": date(first_year, 1, 1),
                "end_date": None,
                "note": "",
                **stamp,
            }
            for g in range(GROUPS)
        ],
    )
    years = range(first_year, today.year + 1)
    year0 = ids.take(Year, len(years))
    bulk(
        Year,
        [
            {
                "id": year0 + k,
                "org_id": org_id,
                "year": y,
                "opened_at": now,
                "is_current": y == today.year,
            }
            for k, y in enumerate(years)
        ],
    )
    meeting0 = ids.take(Meeting, 12 * len(years))
    meetings = {
        (y, m): meeting0 + k * 12 + m - 1 for k, y in enumerate(years) for m in range(1, 13)
    }
    bulk(
        Meeting,
        [
            {
                "id": mid,
                "kind": "organ_monthly",
                "title": f"政协机关{y}年{m}月月度会议",
                "held_on": date(y, m, 10),
                "location": "会议室",
                "notes": "",
                **v,
                **stamp,
            }
            for (y, m), mid in meetings.items()
        ],
    )
    specs = duty_rules.default_item_specs()
    item0 = ids.take(DutyItem, len(specs) * len(years))
    bulk(
        DutyItem,
        [
            {
                "id": item0 + k * len(specs) + s.order - 1,
                "year": y,
                "code": s.code,
                "name": s.name,
                "description": s.description,
                "required": s.required,
                "sort_order": s.order,
                "retired": False,
                **v,
                **stamp,
            }
            for k, y in enumerate(years)
            for s in specs
        ],
    )
    _records(ids, org_id, member_ids, years, today, now, rng)
    group_ids = list(range(group0, group0 + GROUPS))
    _reports(ids, org_id, group_ids, member_ids, first_year, today, user0 + GROUPS)
    _signatures_and_invitations(ids, org_id, group_ids, years, today, meetings, now)
    loops(ids, org_id, member_ids, years, today, now, user0 + size)
    audit0 = ids.take(AuditEvent, size)
    bulk(
        AuditEvent,
        [
            {
                "id": audit0 + i,
                "org_id": org_id,
                "at": now - timedelta(hours=i),
                "user_id": user0 + size,
                "action": "member.update",
                "object_type": "member",
                "object_id": member0 + i,
                "summary": "修改委员信息",
            }
            for i in range(size)
        ],
    )


def _records(ids: Ids, org_id, member_ids, years, today, now, rng=None) -> None:
    """≈ 7.4 records per member and year: earlier years confirmed, this year a mix."""
    rng = rng or random.Random(org_id)
    item_ids = dict(
        db.session.execute(
            select(DutyItem.year, func.min(DutyItem.id))
            .where(DutyItem.org_id == org_id)
            .group_by(DutyItem.year)
        ).all()
    )
    rows = []
    for year in years:
        first_item = item_ids[year]
        last_day = min(date(year, 12, 28), today - timedelta(days=1))
        span = max((last_day - date(year, 1, 8)).days, 1)
        current = year == today.year
        for member_id in member_ids:
            for k in range(10):
                copies = 0 if rng.random() < 0.35 else 2 if rng.random() < 0.14 else 1
                for _c in range(copies):
                    on = date(year, 1, 8) + timedelta(days=rng.randrange(span))
                    roll = rng.random() if current else 0.0
                    status = (
                        duty_rules.CONFIRMED
                        if roll < 0.75
                        else duty_rules.SUBMITTED
                        if roll < 0.9
                        else duty_rules.RETURNED
                        if roll < 0.95
                        else duty_rules.DRAFT
                    )
                    at = datetime(on.year, on.month, on.day, 10, 0)
                    rows.append(
                        {
                            "org_id": org_id,
                            "member_id": member_id,
                            "item_id": first_item + k,
                            "year": year,
                            "occurred_on": on,
                            "title": RECORD_TITLES[k % len(RECORD_TITLES)],
                            "body": "参加人员认真准备，形成了书面材料。",
                            "status": status,
                            "return_reason": "",
                            "submitted_at": None if status == duty_rules.DRAFT else at,
                            "decided_at": at + timedelta(days=3)
                            if status in (duty_rules.CONFIRMED, duty_rules.RETURNED)
                            else None,
                            "source_title": "",
                            "source_url": "",
                            "attachment_count": 0,
                            "version": 1,
                            "created_at": at,
                            "updated_at": at,
                        }
                    )
    first = ids.take(DutyRecord, len(rows))
    for k, row in enumerate(rows):
        row["id"] = first + k
    bulk(DutyRecord, rows)


def _reports(ids, org_id, group_ids, member_ids, first_year, today, author_id, skip=()):
    """Every group's monthly report from January of the first year to last month, one in
    three with a committee's comment."""
    rng = random.Random(-org_id)
    codes = [c for c, _n, _d in report_rules.DEFAULT_GROUP_ITEMS]
    months = [
        (y, m)
        for y in range(first_year, today.year + 1)
        for m in range(1, 13)
        if (y, m) < (today.year, today.month)
    ]
    reports, entries, links = [], [], []
    for y, m in months:
        for gid in group_ids:
            if (gid, y, m) in skip or rng.random() < 0.05:
                continue
            due = report_rules.report_due_date(y, m, report_rules.DEFAULT_RUBRIC)
            submitted = datetime(due.year, due.month, rng.randint(1, due.day + 2), 15, 0)
            reports.append(
                {
                    "org_id": org_id,
                    "office_group_id": gid,
                    "year": y,
                    "month": m,
                    "status": report_rules.REVIEWED,
                    "submitted_at": submitted,
                    "quality": rng.randint(25, 50),
                    "review_comment": "工作扎实。",
                    "reviewed_at": submitted + timedelta(days=3),
                    "version": 1,
                    "created_at": submitted,
                    "updated_at": submitted,
                }
            )
    first = ids.take(GroupReport, len(reports))
    for k, report in enumerate(reports):
        report["id"] = first + k
        for code in codes:
            worked = rng.random() < 0.8
            entries.append(
                {
                    "report_id": report["id"],
                    "item_code": code,
                    "text": "组织委员开展活动。" if worked else "",
                    "activity_count": 2 if worked else 0,
                    "has_work": worked,
                    "updated_at": report["submitted_at"],
                    "version": 1,
                }
            )
    entry0 = ids.take(GroupReportEntry, len(entries))
    for k, entry in enumerate(entries):
        entry["id"] = entry0 + k
        if entry["has_work"] and k % 4 == 0:
            links += [
                {"entry_id": entry["id"], "member_id": mid} for mid in rng.sample(member_ids, 2)
            ]
    comments = reports[::3]
    comment0 = ids.take(GroupReportComment, len(comments))
    bulk(GroupReport, reports)
    bulk(GroupReportEntry, entries)
    bulk(group_report_participants, links)
    bulk(
        GroupReportComment,
        [
            {
                "id": comment0 + k,
                "report_id": r["id"],
                "author_id": author_id,
                "role": "committee",
                "body": "工作有序推进，建议进一步深化。",
                "token": f"bench-{comment0 + k}",
                "created_at": r["reviewed_at"],
            }
            for k, r in enumerate(comments)
        ],
    )


def _signatures_and_invitations(ids, org_id, group_ids, years, today, meetings, now) -> None:
    """Each group's 特色 item every year; each past quarter, the first group invited as the
    top and the last as the bottom to the next quarter's first monthly meeting."""
    stamp = {"org_id": org_id, "version": 1, "created_at": now, "updated_at": now}
    pairs = [(g, y) for y in years for g in group_ids]
    first = ids.take(GroupSignatureItem, len(pairs))
    bulk(
        GroupSignatureItem,
        [
            {
                "id": first + k,
                "office_group_id": g,
                "year": y,
                "name": "特色工作",
                "description": "",
                **stamp,
            }
            for k, (g, y) in enumerate(pairs)
        ],
    )
    quarters = [
        (y, q) for y in years for q in range(1, 5) if (y, 3 * q + 1) <= (today.year, today.month)
    ]
    rows = []
    for y, q in quarters:
        meeting = meetings.get((y, 3 * q + 1)) or meetings.get((y + 1, 1))
        if meeting is None:
            continue
        for rank, (gid, flag) in enumerate([(group_ids[0], "top"), (group_ids[-1], "bottom")]):
            rows.append(
                {
                    "office_group_id": gid,
                    "meeting_id": meeting,
                    "year": y,
                    "quarter": q,
                    "flag": flag,
                    "rank": 1 if rank == 0 else len(group_ids),
                    "score": "80.0",
                    "appearance_kind": "",
                    "appearance_notes": "",
                    "appeared_at": None,
                    **stamp,
                }
            )
    first = ids.take(GroupInvitation, len(rows))
    for k, row in enumerate(rows):
        row["id"] = first + k
    bulk(GroupInvitation, rows)


def stored_key() -> str | None:
    """The data-set key a database was built for, if any."""
    try:
        return db.session.execute(text("SELECT key FROM bench_dataset")).scalar()
    except Exception:
        db.session.rollback()
        return None


def store_key(key: str) -> None:
    db.session.execute(text("CREATE TABLE IF NOT EXISTS bench_dataset (key VARCHAR(200))"))
    db.session.execute(text("DELETE FROM bench_dataset"))
    db.session.execute(text("INSERT INTO bench_dataset (key) VALUES (:k)"), {"k": key})
    db.session.commit()
