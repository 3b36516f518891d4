"""The points ledger and the year's assessment, served under several role blueprints: the
table of members with points and grade (secretariat, leaders) and its Excel export, one
member's ledger, the printable 年度履职报告 (one member or a whole group).

Each blueprint adds thin routes that call these with its role; the scope of every page is
``scope_member_filter(current_user, role)`` and ``member_or_404``.
"""

from __future__ import annotations

from functools import cache

from flask import current_app, render_template, request, url_for
from flask_login import current_user

from ..auth.permissions import member_or_404, scope_member_filter
from ..clock import local_today
from ..domain import points as rules
from ..domain.roles import ROLE_BLUEPRINT
from ..excel import workbook_bytes, xlsx_response
from ..selectors import duties as duty_sel
from ..selectors import ledger
from ..selectors import points as sel
from ..stamps import kept_query_page
from ..web import int_arg, page_arg, year_arg
from .duties import overview_choices, page_context, print_members


def page_year() -> int:
    return year_arg() or duty_sel.current_year(current_user.org_id)


def source_url(role: str, member_id: int, year: int):
    """A ledger line's link to its source, for a reader acting as ``role``."""
    bp = ROLE_BLUEPRINT[role]

    @cache
    def archive() -> str:  # the archive lists records and meetings: built once per page
        if role == "member":
            return url_for("member.archive")
        return url_for(f"{bp}.member_archive", member_id=member_id)

    def url(source) -> str | None:
        if source is None:
            return None
        kind, key = source
        if kind == "matter":
            return url_for("loops.matter", matter_id=key)
        if kind == "duty_item" and role == "member":
            return url_for("member.duty_item", year=year, code=key)
        if kind in ("duty_item", "attendance"):
            return archive()
        return None

    return url


def table_filters(args=None) -> dict:
    args = args if args is not None else request.args
    grade = args.get("grade")
    return {
        "group": int_arg("group"),
        "committee": int_arg("committee"),
        "sector": int_arg("sector"),
        "grade": grade if grade in rules.GRADES else None,
    }


def table_page(role: str):
    """The table, kept by the worker for the body, the role and the query (``stamps``):
    every member's points are summed for it, ≈ 10 ms at province scale."""
    org = current_user.org_id
    content = kept_query_page(
        "assessment_table", org, role, "assessment/_table.html", lambda: _table_context(role)
    )
    return render_template("assessment/table.html", content=content)


def _table_context(role: str) -> dict:
    year = page_year()
    filters = table_filters()
    settings = sel.settings(current_user.org_id, year)
    result = sel.table(
        current_user.org_id,
        year,
        scope_member_filter(current_user, role),
        **filters,
        page=page_arg(),
        per_page=current_app.config["PER_PAGE"],
        thresholds=settings.thresholds,
    )
    return page_context(
        role,
        table=result,
        year=year,
        filters=filters,
        grades=rules.GRADES,
        settings=settings,
        years=sorted({year, *duty_sel.years_with_items(current_user.org_id)}, reverse=True),
        **overview_choices(),
    )


def export(role: str):
    year = page_year()
    result = sel.table(
        current_user.org_id,
        year,
        scope_member_filter(current_user, role),
        **table_filters(),
        per_page=None,
    )
    headers = ["名次", "姓名", "室组", "专委会", "界别", "十个一完成项数", "积分", "等次"]
    rows = (
        [
            i,
            r.member.name,
            r.member.office_group.name if r.member.office_group else "",
            r.member.committee.name if r.member.committee else "",
            r.member.sector.name if r.member.sector else "",
            r.done,
            r.total,
            r.grade_label,
        ]
        for i, r in enumerate(result.rows, start=1)
    )
    data = workbook_bytes(f"{year}年度考评", headers, rows, widths=[8, 10, 12, 18, 14, 14, 8, 8])
    return xlsx_response(f"{year}年度委员履职考评.xlsx", data)


def ledger_context(role: str, year: int, member_id: int) -> dict:
    member = member_or_404(member_id, role)
    (assessment,) = ledger.assess(current_user.org_id, year, [member])
    return {
        "a": assessment,
        "member": member,
        "year": year,
        "bp": ROLE_BLUEPRINT[role],
        "role": role,
        "settings": sel.settings(current_user.org_id, year),
        "source_url": source_url(role, member.id, year),
    }


def ledger_page(role: str, year: int, member_id: int, **extra):
    return render_template(
        "assessment/ledger.html", **ledger_context(role, year, member_id), **extra
    )


def report(role: str, year: int):
    """The printable 年度履职报告: one member (``?member=``) or everyone in scope, filtered by
    ``?group=`` / ``?committee=``; one A4 page per member."""
    return render_report(year, print_members(role))


def render_report(year: int, members: list) -> str:
    return render_template(
        "assessment/report.html",
        year=year,
        pages=ledger.assess(current_user.org_id, year, members),
        settings=sel.settings(current_user.org_id, year),
        today=local_today(),
        outcomes=rules.OUTCOMES,
    )
