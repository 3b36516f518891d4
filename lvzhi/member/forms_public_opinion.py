"""Forms of the member's 社情民意信息 pages (the secretariat's collective entry uses the
report form too)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Optional

from ..forms import PostedOnce, Uploads, VersionField, at_most, files_field
from ..models.loops import COLLECTIVE_KINDS
from ..services.public_opinion import LIMITS
from ..web import id_or_none


def _limit(key: str):
    return [Optional(), at_most(*LIMITS[key])]


class OpinionForm(PostedOnce, Uploads, FlaskForm):
    # "" = the member themselves, else "kind:id" of a collective they may report for
    collective = SelectField("报送人", choices=[("", "本人")], default="", validate_choice=False)
    title = StringField("标题", validators=_limit("title"))
    situation = TextAreaField("基本情况", validators=_limit("situation"))
    analysis = TextAreaField("分析", validators=_limit("analysis"))
    suggestions_text = TextAreaField("意见建议", validators=_limit("suggestions_text"))
    files = files_field()
    token = HiddenField()
    version = VersionField()

    def values(self) -> dict:
        kind, _, ident = (self.collective.data or "").partition(":")
        values = {k: getattr(self, k).data or "" for k in LIMITS}
        return values | {
            "collective_kind": kind,
            "collective_id": id_or_none(ident),
        }

    def offer_collectives(
        self, collectives: list[tuple[str, int, str]], matter=None, own: bool = True
    ) -> None:
        """Offer the writer's collectives (and "本人" for a member, ``own``); an edit starts
        on the report's own."""
        self.collective.choices = ([("", "本人")] if own else []) + [
            (f"{kind}:{ident}", f"{COLLECTIVE_KINDS[kind]}：{name}")
            for kind, ident, name in collectives
        ]
        if matter is not None and not self.is_submitted() and matter.collective_kind:
            ident = getattr(matter, f"{matter.collective_kind}_id", None)
            self.collective.data = f"{matter.collective_kind}:{ident}"


class WithdrawForm(FlaskForm):
    reason = StringField("撤回原因（选填）", validators=[Optional(), at_most(300, "撤回原因")])
    version = VersionField()
