from flask import render_template
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..auth.permissions import headed_groups
from ..extensions import db
from ..models import Member
from . import bp


@bp.route("/")
def home():
    groups = headed_groups(current_user)
    ids = [g.id for g in groups]
    members = list(db.session.scalars(
        select(Member).where(Member.office_group_id.in_(ids or [-1]), Member.is_active.is_(True))
        .options(joinedload(Member.sector), joinedload(Member.committee))
        .order_by(Member.office_group_id, Member.name)))
    return render_template("group/home.html", groups=groups, members=members)
