"""专委会 runs thematic consultations (DOMAIN.md): the year's consultation topics its
committees lead, and on each the research and the consultation — 开始调研, 调研报告, 召开协商,
协商记录 and the researchers' and speakers' lists (from its own members). 交办, 跟踪 and 办结
stay with the secretariat. The topic's own page is the cross-role ``loops.matter``."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from ..clock import local_today
from ..domain.loop_specs import CONSULTATION_KINDS
from ..domain.loops import COMMITTEE, DEADLINE_STATES
from ..loops.views import loop_matter_or_404
from ..loops.views_topics import people_view, person_remove_view, step_view
from ..models import Matter
from ..selectors import consultations as sel
from ..services.loop_parties import parties_of
from ..web import year_arg
from . import bp


def _topic(matter_id: int) -> Matter:
    """A consultation topic one of the director's committees leads; any other is a 404."""
    m = loop_matter_or_404(matter_id, "consultation")
    if COMMITTEE not in parties_of(current_user, m):
        abort(404)
    return m


@bp.route("/consultations")
def consultations():
    year = year_arg() or local_today().year
    return render_template(
        "committee/consultations.html",
        year=year,
        rows=sel.committee_rows(current_user.org_id, current_user.committee_ids(), year),
        kinds=CONSULTATION_KINDS,
        states=DEADLINE_STATES,
        today_year=local_today().year,
    )


@bp.route("/topics/<int:matter_id>/steps/<action>", methods=["POST"])
def topic_step(matter_id: int, action: str):
    return step_view(_topic(matter_id), action)


@bp.route("/topics/<int:matter_id>/people/<part>", methods=["GET", "POST"])
def topic_people(matter_id: int, part: str):
    return people_view(_topic(matter_id), part)


@bp.route("/topics/<int:matter_id>/people/<part>/<int:member_id>/remove", methods=["POST"])
def topic_person_remove(matter_id: int, part: str, member_id: int):
    return person_remove_view(_topic(matter_id), part, member_id)
