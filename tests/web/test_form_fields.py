"""The shared form fields: a date field that names a date that does not exist or lies
outside the kept calendar (2000 … 2100) instead of calling it empty, and a version field
that makes a junk version conflict rather than skip the check."""

from __future__ import annotations

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms.validators import DataRequired

from lvzhi.forms import STALE, DayField, VersionField
from lvzhi.services import ConflictError
from lvzhi.services.common import check_version


class _Form(FlaskForm):
    class Meta:
        csrf = False

    on = DayField("日期", validators=[DataRequired("请填写日期。")])
    version = VersionField()


def _errors(app, value: str) -> list[str]:
    with app.test_request_context("/", method="POST"):
        form = _Form(MultiDict({"on": value}))
        form.validate()
        return form.on.errors


@pytest.mark.parametrize("value", ["2000-01-01", "2026-02-28", "2028-02-29", "2100-12-31"])
def test_a_real_day_of_the_kept_calendar_is_taken(app, value):
    assert _errors(app, value) == []


@pytest.mark.parametrize("value", ["1999-12-31", "2101-01-01", "0001-01-01", "9999-12-31"])
def test_a_day_outside_2000_to_2100_is_refused_in_words(app, value):
    assert _errors(app, value) == ["日期应在 2000 年至 2100 年之间。"]


@pytest.mark.parametrize("value", ["2026-02-30", "2027-02-29", "2026-13-01", "明天", "1e5"])
def test_a_day_that_does_not_exist_is_named_not_called_empty(app, value):
    assert _errors(app, value) == [f"“{value}”不是有效的日期，请按 年-月-日 填写。"]


def test_an_empty_day_is_still_the_fields_own_message(app):
    assert _errors(app, "") == ["请填写日期。"]


@pytest.mark.parametrize(
    ("value", "data"),
    [("3", 3), ("0", 0), ("", None), (" ", None), ("abc", STALE), ("²", STALE), ("9" * 11, STALE)],
)
def test_a_junk_version_is_stale_and_conflicts(app, value, data):
    with app.test_request_context("/", method="POST"):
        form = _Form(MultiDict({"version": value}))
        assert form.version.data == data

    class Row:
        version = 3

    if data == 3 or data is None:
        check_version(Row(), data)  # the same version, or no check
    else:
        with pytest.raises(ConflictError):
            check_version(Row(), data)


def test_a_meeting_far_in_the_past_is_refused_and_nothing_is_saved(app, client, auth):
    from sqlalchemy import func, select

    from lvzhi.extensions import db
    from lvzhi.models import Meeting

    from ..factories import world

    world()
    auth.login("jiguan")
    page = client.post(
        "/secretariat/meetings/new",
        data={"kind": "plenary", "title": "第十一届五次会议", "held_on": "0001-01-01"},
    ).get_data(as_text=True)
    assert "日期应在 2000 年至 2100 年之间。" in page and "第十一届五次会议" in page
    assert db.session.scalar(select(func.count(Meeting.id))) == 0


def test_a_day_field_not_in_the_post_keeps_its_default(app):
    """Another form posted on the same page: this one is rebuilt with its default (today)."""
    from datetime import date

    class _Defaulted(FlaskForm):
        class Meta:
            csrf = False

        on = DayField("日期")

    with app.test_request_context("/", method="POST"):
        form = _Defaulted(MultiDict({"other": "x"}), on=date(2026, 11, 28))
        assert form.on.data == date(2026, 11, 28)
