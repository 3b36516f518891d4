"""Forms of the cross-role pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired

from ..forms import VersionField, at_most


class ReturnForm(FlaskForm):
    """A reviewer sends a duty record back to its member, saying why."""

    reason = TextAreaField(
        "退回原因", validators=[DataRequired("请填写退回原因。"), at_most(500, "退回原因")]
    )
    version = VersionField()
