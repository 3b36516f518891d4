"""Services own their transactions: one unit of work commits on return, rolls back on any
error, and a service called inside another joins it."""

import pytest
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import StringField
from wtforms.validators import DataRequired

from lvzhi.extensions import db
from lvzhi.forms import form_action
from lvzhi.models import Sector
from lvzhi.services import (
    ConflictError,
    ServiceError,
    after_commit,
    in_unit_of_work,
    unit_of_work,
)

from ..factories import gen_named, gen_org


def sectors() -> list[str]:
    db.session.expire_all()
    return sorted(db.session.scalars(select(Sector.name)))


@unit_of_work
def add_sector(org_id: int, name: str) -> Sector:
    sector = Sector(org_id=org_id, name=name)
    db.session.add(sector)
    db.session.flush()
    return sector


@unit_of_work
def add_two_then_fail(org_id: int) -> None:
    add_sector(org_id, "甲")
    assert in_unit_of_work()
    add_sector(org_id, "乙")
    raise ServiceError("不行")


@unit_of_work
def add_two(org_id: int) -> None:
    add_sector(org_id, "甲")
    add_sector(org_id, "乙")


@unit_of_work(duplicate="界别名称已存在。")
def add_named_twice(org_id: int) -> None:
    db.session.add(Sector(org_id=org_id, name="重名"))
    db.session.add(Sector(org_id=org_id, name="重名"))


def test_a_service_commits_when_it_returns(app):
    org = gen_org()
    add_sector(org.id, "经济界")
    db.session.rollback()  # nothing left to roll back: it is committed
    assert sectors() == ["经济界"]
    assert not in_unit_of_work()


def test_a_nested_service_joins_the_outer_transaction_and_an_error_undoes_all(app):
    org = gen_org()
    with pytest.raises(ServiceError):
        add_two_then_fail(org.id)
    assert sectors() == []
    assert not in_unit_of_work()


def test_nested_services_commit_once_at_the_end(app):
    org = gen_org()
    add_two(org.id)
    assert sectors() == ["乙", "甲"]


def test_a_unique_clash_is_a_chinese_refusal_and_nothing_is_kept(app):
    org = gen_org()
    with pytest.raises(ServiceError) as exc:
        add_named_twice(org.id)
    assert exc.value.message == "界别名称已存在。"
    assert sectors() == []


def test_a_stale_row_version_is_a_conflict(app):
    org = gen_org()
    sector = gen_named(Sector, org, "教育界")
    db.session.commit()
    db.session.execute(
        Sector.__table__.update().where(Sector.id == sector.id).values(version=sector.version + 1)
    )

    @unit_of_work
    def rename() -> None:
        sector.name = "教育界别"

    with pytest.raises(ConflictError):
        rename()
    assert sectors() == ["教育界"]


class NameForm(FlaskForm):
    name = StringField("名称", validators=[DataRequired()])


def test_form_action_shows_a_refusal_on_the_form_and_keeps_the_typed_text(app):
    org = gen_org()
    with app.test_request_context(method="POST", data={"name": "甲"}):
        form = NameForm()
        assert form_action(form, lambda: add_two_then_fail(org.id), "已保存。", "/next") is None
        assert form.form_errors == ["不行"]
        assert form.name.data == "甲"
        assert get_flashed_messages() == []
    assert sectors() == []


def test_form_action_flashes_and_redirects_after_the_service(app):
    org = gen_org()
    with app.test_request_context(method="POST", data={"name": "农业界"}):
        form = NameForm()
        response = form_action(
            form,
            lambda: add_sector(org.id, form.name.data),
            lambda s: f"已新增{s.name}。",
            lambda s: f"/sectors/{s.id}",
        )
        assert response.status_code == 303
        assert response.headers["Location"].startswith("/sectors/")
        assert get_flashed_messages() == ["已新增农业界。"]
    assert sectors() == ["农业界"]


def test_form_action_does_nothing_for_an_invalid_form(app):
    called = []
    with app.test_request_context(method="POST", data={"name": ""}):
        form = NameForm()
        assert form_action(form, lambda: called.append(1), "已保存。", "/next") is None
        assert form.name.errors
    assert called == []


@unit_of_work
def add_and_note(org_id: int, notes: list, fail: bool = False) -> None:
    add_sector(org_id, "甲")
    after_commit(lambda: notes.append("committed"), lambda: notes.append("rolled back"))
    if fail:
        raise ServiceError("不行")


def test_after_commit_runs_once_the_outermost_unit_has_committed(app):
    notes: list = []
    add_and_note(gen_org().id, notes)
    assert notes == ["committed"]


def test_after_commit_runs_its_undo_when_the_unit_rolls_back(app):
    notes: list = []
    with pytest.raises(ServiceError):
        add_and_note(gen_org().id, notes, fail=True)
    assert notes == ["rolled back"]
    add_two(gen_org().id)  # nothing left over for the next unit
    assert notes == ["rolled back"]
