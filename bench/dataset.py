"""The province data set: the demo county plus N-1 more bodies, each with its structure,
members and logins, five years of duty records and monthly group reports.

Rows go in with Core bulk inserts (COPY on PostgreSQL) and ids assigned here, so ≈ 930,000
duty records take seconds, not the ORM's minutes. One password hash serves every account.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, timedelta

from sqlalchemy import select, text

from lvzhi.domain import duties as duty_rules
from lvzhi.extensions import db
from lvzhi.models import (
    AuditEvent,
    Committee,
    DutyItem,
    GroupHeadAssignment,
    GroupReport,
    Meeting,
    Member,
    OfficeGroup,
    Organization,
    RoleGrant,
    Sector,
    User,
    Year,
    committee_groups,
)

from .dataset_loops import loops
from .dataset_records import duty_records, group_reports, signatures_and_invitations
from .dataset_rows import Ids, bulk

# bump when the shape of the data set changes: cached databases are rebuilt
DATASET_VERSION = 4  # 4: the closed loops and attendance
GROUPS, COMMITTEES, SECTORS = 9, 7, 17


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
    duty_records(ids, demo.id, demo_members, range(first_year, today.year), today, now)
    group_reports(
        ids, demo.id, demo_groups, demo_members, first_year, today, director, have_reports
    )
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
    duty_records(ids, org_id, member_ids, years, today, now, rng)
    group_ids = list(range(group0, group0 + GROUPS))
    group_reports(ids, org_id, group_ids, member_ids, first_year, today, user0 + GROUPS)
    signatures_and_invitations(ids, org_id, group_ids, years, today, meetings, now)
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
