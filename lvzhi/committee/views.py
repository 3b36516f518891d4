from flask import render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import Committee, Member
from . import bp


@bp.route("/")
def home():
    ids = current_user.committee_ids()
    committees = list(
        db.session.scalars(
            select(Committee)
            .where(Committee.id.in_(ids or [-1]), Committee.org_id == current_user.org_id)
            .options(selectinload(Committee.office_groups))
            .order_by(Committee.sort_order)
        )
    )
    members = list(
        db.session.scalars(
            select(Member)
            .where(
                Member.committee_id.in_(ids or [-1]),
                Member.is_active.is_(True),
                Member.org_id == current_user.org_id,
            )
            .options(joinedload(Member.office_group), joinedload(Member.sector))
            .order_by(Member.name)
        )
    )
    from .. import duties_views as shared

    year = shared._year()
    filters = shared.overview_filters("committee")
    grid = shared.overview_grid("committee", year, filters)
    return render_template(
        "committee/home.html",
        committees=committees,
        members=members,
        grid=grid,
        year=year,
        filters=filters,
    )
