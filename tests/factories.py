"""Test data with good defaults: gen_*(**overrides), and world() — two organizations with
a user for every role."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import (
    Committee,
    GroupHeadAssignment,
    Member,
    OfficeGroup,
    Organization,
    Sector,
    User,
)
from lvzhi.services.accounts import user_create

from .conftest import TEST_PASSWORD

_seq = itertools.count(1)


def gen_org(name: str | None = None) -> Organization:
    org = Organization(name=name or f"测试县政协{next(_seq)}", short_name="测试县政协")
    db.session.add(org)
    db.session.flush()
    return org


def gen_named(model, org: Organization, name: str, **kw):
    obj = model(org_id=org.id, name=name, **kw)
    db.session.add(obj)
    db.session.flush()
    return obj


def gen_member(org: Organization, **overrides) -> Member:
    n = next(_seq)
    values = {"name": f"委员{n}", "mobile": f"1380000{n:04d}", "gender": "男"}
    values.update(overrides)
    member = Member(org_id=org.id, **values)
    db.session.add(member)
    db.session.flush()
    return member


def gen_user(
    org: Organization,
    username: str,
    roles: list[str],
    member: Member | None = None,
    committee: Committee | None = None,
    **kw,
) -> User:
    user = user_create(
        org.id,
        username,
        member.name if member else username,
        TEST_PASSWORD,
        roles,
        mobile=member.mobile if member else None,
        member_id=member.id if member else None,
        committee_id=committee.id if committee else None,
        **kw,
    )
    db.session.flush()
    return user


@dataclass
class World:
    org: Organization
    other_org: Organization
    group: OfficeGroup
    other_group: OfficeGroup
    committee: Committee
    sector: Sector
    member: Member
    member_user: User
    peer: Member  # same group, not the logged-in member
    head: Member
    head_user: User
    director: Member
    director_user: User
    secretariat_user: User
    leader_user: User
    outsider: Member  # another organization's member
    other_secretariat_user: User


def world() -> World:
    """Org A: groups 西塘桥街道 (headed) and 武原街道; committee 经济科技委员会 linked to
    西塘桥街道; a user for every role. Org B: one group, one member, a secretariat user."""
    org = gen_org("海盐县政协（测试）")
    group = gen_named(OfficeGroup, org, "西塘桥街道", sort_order=1)
    other_group = gen_named(OfficeGroup, org, "武原街道", sort_order=2)
    committee = gen_named(Committee, org, "经济科技委员会", sort_order=1)
    committee.office_groups = [group]
    sector = gen_named(Sector, org, "经济界", sort_order=1)
    member = gen_member(
        org, name="张岩枢", office_group_id=group.id, committee_id=committee.id, sector_id=sector.id
    )
    peer = gen_member(org, name="李伟", office_group_id=group.id, sector_id=sector.id)
    head = gen_member(org, name="沈国平", office_group_id=group.id)
    director = gen_member(
        org, name="朱明华", office_group_id=other_group.id, committee_id=committee.id
    )
    member_user = gen_user(org, "weiyuan", ["member"], member)
    gen_user(org, peer.mobile, ["member"], peer)
    head_user = gen_user(org, "shizu", ["member", "group_head"], head)
    db.session.add(
        GroupHeadAssignment(office_group=group, member=head, start_date=date(2020, 1, 1))
    )
    director_user = gen_user(
        org, "zhuanwei", ["member", "committee"], director, committee=committee
    )
    secretariat_user = gen_user(org, "jiguan", ["secretariat"])
    leader_user = gen_user(org, "lingdao", ["leader"])
    other_org = gen_org("嘉善县政协（测试）")
    og = gen_named(OfficeGroup, other_org, "罗星街道")
    outsider = gen_member(other_org, name="外县委员", office_group_id=og.id)
    gen_user(other_org, outsider.mobile, ["member"], outsider)
    other_secretariat_user = gen_user(other_org, "other_jiguan", ["secretariat"])
    db.session.commit()
    return World(
        org,
        other_org,
        group,
        other_group,
        committee,
        sector,
        member,
        member_user,
        peer,
        head,
        head_user,
        director,
        director_user,
        secretariat_user,
        leader_user,
        outsider,
        other_secretariat_user,
    )


# --- 十个一 (duties) ---------------------------------------------------------------------------


def gen_duty_items(org: Organization, year: int | None = None) -> list:
    """The ten default items of ``year`` (this year by default)."""
    from lvzhi.selectors.duties import items
    from lvzhi.services.duty_items import duty_items_open_year

    year = year or local_today().year
    duty_items_open_year(org.id, year)
    db.session.flush()
    return items(org.id, year)


def gen_record(
    member: Member,
    code: str = "proposal",
    status: str = "confirmed",
    title: str = "一次履职活动",
    on: date | None = None,
    **kw,
):
    """A duty record of ``member`` under item ``code`` of this year, in ``status``."""
    from lvzhi.models import DutyItem, DutyRecord
    from lvzhi.services.duty_items import duty_items_open_year

    on = on or local_today()
    duty_items_open_year(member.org_id, on.year)
    item = db.session.scalar(
        db.select(DutyItem).where(
            DutyItem.org_id == member.org_id, DutyItem.year == on.year, DutyItem.code == code
        )
    )
    record = DutyRecord(
        org_id=member.org_id,
        member_id=member.id,
        item_id=item.id,
        year=on.year,
        occurred_on=on,
        title=title,
        status=status,
        **kw,
    )
    db.session.add(record)
    db.session.flush()
    return record


def png_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def png_bomb_bytes(width: int = 20000, height: int = 20000) -> bytes:
    """A valid one-colour PNG of huge dimensions (1 bit a pixel) that compresses to a few
    hundred KB at most: a "pixel bomb"."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    # every row: a filter byte and one bit per pixel, all black
    idat = zlib.compress(bytes((1 + (width + 7) // 8) * height), 9)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def heic_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    """A real HEIC photo, as an iPhone sends (encoded by pillow-heif)."""
    import io

    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener()
    buf = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buf, "HEIF")
    return buf.getvalue()


# --- 十加一 group reports (issue 4) ---------------------------------------------------------


def gen_group_report(
    group: OfficeGroup,
    year: int,
    month: int,
    status: str = "draft",
    work_items: int = 0,
    quality: int | None = None,
    submitted_at=None,
):
    """A monthly report of ``group`` with its eleven items; the first ``work_items`` have work.

    Submitted/reviewed reports default to being submitted on the 1st of the next month."""
    from datetime import datetime

    from lvzhi.domain.group_reports import DEFAULT_GROUP_ITEMS
    from lvzhi.models import GroupReport, GroupReportEntry

    if status != "draft" and submitted_at is None:
        submitted_at = datetime(year + (month == 12), month % 12 + 1, 1, 2, 0)
    report = GroupReport(
        org_id=group.org_id,
        office_group_id=group.id,
        year=year,
        month=month,
        status=status,
        submitted_at=submitted_at,
        quality=quality,
    )
    for i, (code, _name, _desc) in enumerate(DEFAULT_GROUP_ITEMS):
        worked = i < work_items
        report.entries.append(
            GroupReportEntry(
                item_code=code,
                text=f"{_name}：开展活动" if worked else "",
                activity_count=1 if worked else 0,
                has_work=worked,
            )
        )
    db.session.add(report)
    db.session.flush()
    return report


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


def checked_png(name: str = "答复函.png"):
    """An upload already checked by ``attachment_check`` (what a view passes a service)."""
    from lvzhi.services.attachments import CheckedFile

    return CheckedFile(name, "png", png_bytes())


def gen_assigned_proposal(w: World, lead, co=(), title: str = "关于紧固件国内市场集采的建议", **kw):
    """张岩枢's proposal submitted, filed by the secretariat and assigned to ``lead`` (主办)
    and ``co`` (会办); ``kw`` goes to ``matter_assign`` (e.g. ``assigned_on``)."""
    from lvzhi.services.loops import matter_assign
    from lvzhi.services.proposals import proposal_file, proposal_submit

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


# --- attendance -----------------------------------------------------------------------------


def gen_invited(event, members, **kw) -> list:
    """Invite ``members`` to a meeting or group activity; ``kw`` sets fields of each row
    (e.g. ``leave_status="requested"``)."""
    from lvzhi.models import Attendance

    rows = [
        Attendance(org_id=event.org_id, member_id=m.id, **{f"{event.source}_id": event.id}, **kw)
        for m in members
    ]
    db.session.add_all(rows)
    db.session.flush()
    return rows


def gen_photo(actor: User, record, name: str = "现场.png", size: tuple[int, int] = (64, 48)):
    """A photo (with its thumbnail) attached to the duty ``record`` through the service, its
    bytes in the uploads folder."""
    import io

    from werkzeug.datastructures import FileStorage

    from lvzhi.domain.uploads import OWNER_DUTY_RECORD
    from lvzhi.services.attachments import attachment_add

    upload = FileStorage(io.BytesIO(png_bytes(size)), name)
    return attachment_add(actor, OWNER_DUTY_RECORD, record.id, upload)
