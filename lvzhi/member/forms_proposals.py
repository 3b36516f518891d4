"""Forms of the member's proposal pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Optional

from ..domain import loops as rules
from ..forms import PostedOnce, VersionField, at_most
from ..models.loops import COLLECTIVE_KINDS
from ..services.proposals import LIMITS

TEXT_FIELDS = tuple(LIMITS)


def _limit(key: str):
    return [Optional(), at_most(*LIMITS[key])]


class ProposalForm(PostedOnce, FlaskForm):
    title = StringField("标题", validators=_limit("title"))
    category = StringField("类别", validators=_limit("category"))
    situation = TextAreaField("案由", validators=_limit("situation"))
    analysis = TextAreaField("情况分析", validators=_limit("analysis"))
    suggestions_text = TextAreaField("具体建议", validators=_limit("suggestions_text"))
    suggested_departments = StringField("建议承办单位", validators=_limit("suggested_departments"))
    is_public = BooleanField("同意公开（立案后全体委员可查看）", default=True)
    # "" = the member themselves, else "kind:name" of a collective they may write for (the
    # service checks it); shown only to a group head or committee director
    collective = SelectField("提出人", choices=[("", "本人")], default="", validate_choice=False)
    token = HiddenField()
    version = VersionField()

    def values(self) -> dict[str, str]:
        kind, _, name = (self.collective.data or "").partition(":")
        values = {k: getattr(self, k).data or "" for k in TEXT_FIELDS}
        return values | {"collective_kind": kind, "collective_name": name}

    def offer_collectives(self, collectives: list[tuple[str, str]], matter=None) -> None:
        """Offer the member's own collectives; an edit starts on the proposal's proposer."""
        self.collective.choices = [("", "本人")] + [
            (f"{kind}:{name}", f"{COLLECTIVE_KINDS[kind]}：{name}") for kind, name in collectives
        ]
        if matter is not None and not self.is_submitted():
            kind, name = matter.collective_kind, matter.collective_name
            self.collective.data = f"{kind}:{name}" if kind else ""


class EvaluationForm(FlaskForm):
    contacted = RadioField(
        "答复前承办单位是否与您沟通",
        choices=[("yes", "已沟通"), ("no", "未沟通")],
        validators=[DataRequired("请选择是否沟通。")],
    )
    contact_way = RadioField(
        "沟通方式", choices=list(rules.CONTACT_WAYS.items()), validators=[Optional()]
    )
    attitude = RadioField(
        "对承办单位办理态度", choices=list(rules.VERDICTS.items()), validators=[Optional()]
    )
    verdict = RadioField(
        "对办理结果",
        choices=list(rules.VERDICTS.items()),
        validators=[DataRequired("请选择是否满意。")],
    )
    note = TextAreaField("意见（选填）", validators=[Optional(), at_most(500, "意见")])
    version = VersionField()
