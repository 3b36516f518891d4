"""button_action(): a button's POST calls one service, flashes its outcome and redirects —
a refusal is flashed too, and the unit of work has already undone what the service did."""

from flask import get_flashed_messages
from sqlalchemy import select

from lvzhi.extensions import db
from lvzhi.forms import button_action
from lvzhi.models import Sector
from lvzhi.services import ServiceError, unit_of_work

from ..factories import gen_org


@unit_of_work
def add_then_refuse(org_id: int) -> None:
    db.session.add(Sector(org_id=org_id, name="甲"))
    db.session.flush()
    raise ServiceError("不能这样做。")


@unit_of_work
def add(org_id: int) -> Sector:
    sector = Sector(org_id=org_id, name="乙")
    db.session.add(sector)
    db.session.flush()
    return sector


def names() -> list[str]:
    db.session.expire_all()
    return list(db.session.scalars(select(Sector.name)))


def test_a_refused_button_flashes_why_and_goes_where_refusals_go(app):
    org = gen_org()
    with app.test_request_context(method="POST"):
        response = button_action(
            lambda: add_then_refuse(org.id), "已新增。", "/done", refused_to="/back"
        )
        assert (response.status_code, response.headers["Location"]) == (303, "/back")
        assert get_flashed_messages(with_categories=True) == [("error", "不能这样做。")]
    assert names() == []


def test_a_button_that_works_flashes_and_redirects_by_its_result(app):
    org = gen_org()
    with app.test_request_context(method="POST", headers={"HX-Request": "true"}):
        response = button_action(lambda: add(org.id), "已新增。", lambda s: f"/sectors/{s.id}")
        assert response.headers["HX-Redirect"].startswith("/sectors/")
        assert get_flashed_messages(with_categories=True) == [("success", "已新增。")]
    assert names() == ["乙"]
