"""《社情民意》 for the secretariat: the year's issues, a new issue (next 期号), editing an
issue (编入 adopted reports, 移出 one), publishing it (印发) and its printable page
(``loops.bulletin``)."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ..clock import local_today
from ..extensions import db
from ..forms import ConfirmForm, button_action, form_action
from ..models import Bulletin, Matter
from ..selectors import public_opinion as sel
from ..services import ServiceError
from ..services import public_opinion as svc
from ..web import form_ids, year_arg
from . import bp
from .forms_public_opinion import PublishForm


@bp.route("/bulletins")
def bulletins():
    year = year_arg() or local_today().year
    return render_template(
        "secretariat/opinions/bulletins.html",
        issues=sel.bulletins(current_user.org_id, year),
        year=year,
        unissued=sel.adopted_unissued(current_user.org_id, year),
        confirm=ConfirmForm(),
    )


@bp.route("/bulletins/new", methods=["POST"])
def bulletin_create():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return button_action(
        lambda: svc.bulletin_create(current_user, year_arg() or local_today().year),
        lambda b: (
            f"{b.title}尚未编入信息，请先编入。" if b.reopened else f"已新建{b.title}，请编入信息。"
        ),
        lambda b: url_for("secretariat.bulletin", bulletin_id=b.id),
        refused_to=url_for("secretariat.bulletins"),
    )


def bulletin_or_404(bulletin_id: int) -> Bulletin:
    issue = sel.bulletin(current_user.org_id, bulletin_id)
    if issue is None:
        abort(404)
    return issue


@bp.route("/bulletins/<int:bulletin_id>", methods=["GET", "POST"])
def bulletin(bulletin_id: int):
    """The issue being edited: its reports, the adopted ones to add, the publish form."""
    issue = bulletin_or_404(bulletin_id)
    confirm = ConfirmForm()
    here = url_for("secretariat.bulletin", bulletin_id=issue.id)
    if request.method == "POST":
        if not confirm.validate_on_submit():
            abort(400)
        ids = form_ids("matter")
        picked = list(
            db.session.scalars(
                select(Matter).where(Matter.org_id == current_user.org_id, Matter.id.in_(ids))
            )
        )
        picked.sort(key=lambda m: ids.index(m.id))
        return button_action(
            lambda: svc.bulletin_add(current_user, issue, picked),
            lambda n: f"已编入 {n} 篇。",
            here,
        )
    publish = PublishForm()
    publish.on.data, publish.version.data = local_today(), issue.version
    return _page(issue, publish)


def _page(issue: Bulletin, publish: PublishForm):
    return render_template(
        "secretariat/opinions/bulletin.html",
        issue=issue,
        unissued=sel.adopted_unissued(current_user.org_id, issue.year),
        confirm=ConfirmForm(),
        publish=publish,
        author=lambda m: (
            m.collective_name or "、".join(p.member.name for p in m.people if p.part == "proposer")
        ),
    )


@bp.route("/bulletins/<int:bulletin_id>/entries/<int:entry_id>/remove", methods=["POST"])
def bulletin_remove(bulletin_id: int, entry_id: int):
    issue = bulletin_or_404(bulletin_id)
    entry = next((e for e in issue.entries if e.id == entry_id), None)
    if entry is None:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    return button_action(
        lambda: svc.bulletin_remove(current_user, issue, entry),
        "已移出本期。",
        url_for("secretariat.bulletin", bulletin_id=issue.id),
    )


@bp.route("/bulletins/<int:bulletin_id>/publish", methods=["POST"])
def bulletin_publish(bulletin_id: int):
    issue = bulletin_or_404(bulletin_id)
    form = PublishForm()

    def publish():
        if form.on.data is None:
            raise ServiceError("请填写印发日期。", field="on")
        return svc.bulletin_publish(
            current_user, issue, form.on.data, form.editor_note.data or "", form.version.data
        )

    done = form_action(
        form,
        publish,
        lambda b: f"{b.title}已印发，全体委员可阅读。",
        url_for("loops.bulletin", bulletin_id=issue.id),
    )
    return done or _page(issue, form)
