"""The showcase: one group at a time on a phone, a groups × items grid on a desktop."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from ..auth.permissions import roles_required
from ..clock import local_today
from ..domain.roles import ROLES
from ..excel import workbook_bytes, xlsx_response
from ..selectors import showcase as sel
from ..stamps import kept_html
from ..web import int_arg
from . import bp


@bp.route("/")
@roles_required(*ROLES)
def index():
    today = local_today()
    return redirect(url_for("showcase.month", year=today.year, month=today.month))


@bp.route("/<year:year>/<int:month>")
@roles_required(*ROLES)
def month(year: int, month: int):
    if not 1 <= month <= 12:
        abort(404)
    if request.args.get("format") == "xlsx":
        return _export(sel.showcase(current_user.org_id, year, month))
    wanted = int_arg("group")
    content = kept_html(
        "showcase",
        current_user.org_id,
        (year, month, wanted),
        "showcase/_month.html",
        lambda: _month_context(current_user.org_id, year, month, wanted),
    )
    return render_template("showcase/month.html", year=year, month=month, content=content)


def _month_context(org_id: int, year: int, month: int, wanted: int | None) -> dict:
    board = sel.showcase(org_id, year, month)
    shown = board.shown_groups
    current = next((g for g in shown if g.id == wanted), shown[0] if shown else None)
    index = shown.index(current) if current else 0
    prev_m = (year - 1, 12) if month == 1 else (year, month - 1)
    next_m = (year + 1, 1) if month == 12 else (year, month + 1)
    today = local_today()
    return dict(
        board=board,
        current=current,
        previous_group=shown[index - 1] if current and index > 0 else None,
        next_group=shown[index + 1] if current and index + 1 < len(shown) else None,
        position=index + 1,
        prev_m=prev_m,
        next_m=next_m if next_m <= (today.year, today.month) else None,
    )


def _export(board: sel.Showcase):
    """The groups × items comparison as the desktop grid shows it, with each item's whole
    text, and the total score of each group's report."""
    groups = board.shown_groups
    rows = []
    for item in board.items:
        row = [item.name]
        for g in groups:
            e = board.entries.get((g.id, item.code))
            if e is None or not e.has_work:
                row.append("")
                continue
            sig = board.signatures.get(g.id) if item.is_signature else None
            people = board.people.get(e.id)
            facts = f"{e.activity_count} 次" + (f" · {people} 人" if people else "")
            row.append("\n".join(x for x in ((sig.name if sig else ""), e.text, facts) if x))
        rows.append(row)
    totals = ["总分"]
    for g in groups:
        s = board.reports[g.id]
        late = "" if s.on_time else "（逾期）"
        totals.append(f"{s.score.total}{'' if s.score.reviewed else '（待评分）'}{late}")
    rows.append(totals)
    title = f"{board.year}年{board.month}月十加一对比"
    data = workbook_bytes(title, ["工作项目", *(g.name for g in groups)], rows)
    return xlsx_response(f"{title}.xlsx", data)
