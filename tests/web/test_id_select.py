"""The ids' select (the roster's and grids' filters) writes its options directly: the same
HTML as WTForms' own select, for any choice."""

from __future__ import annotations

import pytest
from flask import request
from flask_wtf import FlaskForm
from wtforms.widgets import Select

from lvzhi.forms import OptionalIdField

CHOICES = [
    ("", "全部室组"),
    (1, "a<b> & \"引号\" '单'"),
    (2, "西塘桥街道"),
    (3, ""),  # no label: the value shows
    (True, "是"),
    (4, "停用的", {"disabled": True}),  # with its own attributes: WTForms renders it
]


class _Form(FlaskForm):
    class Meta:
        csrf = False

    pick = OptionalIdField("室组")


@pytest.mark.parametrize("query", ["", "?pick=2", "?pick=abc"])
def test_the_id_select_renders_what_the_wtforms_select_renders(app, query):
    with app.test_request_context(f"/{query}"):
        form = _Form(request.args)
        form.pick.choices = CHOICES
        form.validate()
        assert str(form.pick(class_="input")) == str(Select()(form.pick, class_="input"))
        assert ('selected value="2"' in str(form.pick())) == (query == "?pick=2")
