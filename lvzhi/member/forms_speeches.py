"""Forms of the member's speech and work-suggestion pages: one page each, submitted at once
(a token makes a double tap create one)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired

from ..forms import PostedOnce, at_most
from ..models.loops import COLLECTIVE_KINDS
from ..services.speeches import CONTENT_MAX


class _Submission(PostedOnce, FlaskForm):
    title = StringField("标题", validators=[DataRequired("请填写标题。"), at_most(200, "标题")])
    token = HiddenField()


class SpeechForm(_Submission):
    # "" = the member themselves, else "kind:name" of a group they head or a committee they
    # direct (the service checks it); shown only when there is one
    collective = SelectField("发言人", choices=[("", "本人")], default="", validate_choice=False)
    content = TextAreaField(
        "发言稿", validators=[DataRequired("请填写发言稿。"), at_most(CONTENT_MAX, "发言稿")]
    )

    def offer(self, collectives: list[tuple[str, str]]) -> None:
        self.collective.choices = [("", "本人")] + [
            (f"{kind}:{name}", f"{COLLECTIVE_KINDS[kind]}：{name}") for kind, name in collectives
        ]

    def speaker(self) -> tuple[str, str]:
        kind, _, name = (self.collective.data or "").partition(":")
        return kind, name


class WorkSuggestionForm(_Submission):
    content = TextAreaField(
        "建议内容",
        validators=[DataRequired("请填写建议内容。"), at_most(CONTENT_MAX, "建议内容")],
    )
