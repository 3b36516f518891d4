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


def gen_photo(actor: User, record, name: str = "现场.png", size: tuple[int, int] = (64, 48)):
    """A photo (with its thumbnail) attached to the duty ``record`` through the service, its
    bytes in the uploads folder."""
    import io

    from werkzeug.datastructures import FileStorage

    from lvzhi.domain.uploads import OWNER_DUTY_RECORD
    from lvzhi.services.attachments import attachment_add

    upload = FileStorage(io.BytesIO(png_bytes(size)), name)
    return attachment_add(actor, OWNER_DUTY_RECORD, record.id, upload)
