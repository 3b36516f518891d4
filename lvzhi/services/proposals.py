"""Proposals (提案) from the proposer's side: the draft (autosaved), co-proposers' consent,
submission and recall, the proposer's verdict on the reply, the secretariat's entry of a paper
proposal and the year's proposal settings. The secretariat's filing review (立案, 不予立案,
退回修改, 并案, 撤销立案, 优秀提案) is in ``services/proposal_review.py``; assignment and
handling are the loops' shared services (``services/loops.py``, ``services/loop_intake.py``,
``services/loop_handling.py``)."""

from __future__ import annotations

from sqlalchemy import select

from ..auth.permissions import headed_groups, logged_title
from ..domain import loops as rules
from ..domain.loop_specs import spec as loop_spec
from ..extensions import db
from ..models import (
    Committee,
    LoopYearSetting,
    Matter,
    MatterEvaluation,
    MatterEvent,
    MatterPerson,
    Member,
    User,
)
from ..models.base import utcnow
from ..models.loops import COLLECTIVE_KINDS
from . import ServiceError, refuse_fields, unit_of_work
from .audit import audit
from .common import check_version, limited_text
from .loop_parties import acting_party, same_org
from .loops import move, setting
from .matter_drafts import (
    check_editable,
    draft_values,
    matter_by_token,
    new_draft,
    refuse_empty,
    sent_in_its_year,
)

LOOP = "proposal"
LIMITS = {
    "title": (200, "标题"),
    "category": (30, "类别"),
    "situation": (5000, "案由"),
    "analysis": (5000, "情况分析"),
    "suggestions_text": (5000, "具体建议"),
    "suggested_departments": (300, "建议承办单位"),
}


def proposal_collectives(actor: User) -> list[tuple[str, str]]:
    """The collectives (kind, name) a member may write a proposal for: the office groups they
    head now (室组负责人) and the committees they direct (专委会). The secretariat writes for
    any collective, a sector or party included."""
    if not actor.member_id:
        return []
    found = []
    if actor.has_role("group_head"):
        found += [("office_group", g.name) for g in headed_groups(actor)]
    if actor.has_role("committee") and actor.committee_ids():
        committees = db.session.scalars(
            select(Committee)
            .where(Committee.id.in_(actor.committee_ids()), Committee.org_id == actor.org_id)
            .order_by(Committee.id)
        )
        found += [("committee", c.name) for c in committees]
    return found


def _check_collective(actor: User, kind: str, name: str) -> None:
    if not kind:
        return
    if kind not in COLLECTIVE_KINDS:
        raise ServiceError("请选择集体提案的提出单位类别。", field="collective")
    if actor.has_role("secretariat") and not actor.member_id:
        if not name.strip():
            raise ServiceError("请填写集体提案的提出单位。", field="collective")
        return
    if (kind, name) not in proposal_collectives(actor):
        raise ServiceError("只能以您负责的室组或专委会的名义提出集体提案。", field="collective")


@unit_of_work
def proposal_save(
    actor: User,
    matter: Matter | None = None,
    *,
    version: int | None = None,
    client_token: str | None = None,
    year: int | None = None,
    is_public: bool = True,
    collective_kind: str = "",
    collective_name: str = "",
    **fields: str,
) -> Matter:
    """Create (``matter`` None) or save a draft — autosave-friendly: blank fields are allowed
    until submission, no event and no audit line per save. ``fields`` are the keys of
    ``LIMITS``. A create sent twice with the same ``client_token`` returns the first matter.
    A member writes as first proposer — for themselves, or for an office group they head or
    a committee they direct (``proposal_collectives``; the writer then acts for it); the
    secretariat may write for any collective (``collective_kind`` in COLLECTIVE_KINDS)."""
    values = draft_values(fields, LIMITS, "proposal")
    _check_collective(actor, collective_kind, collective_name)
    if matter is None:
        found = matter_by_token(actor, client_token)
        if found is not None:
            return found
        if not actor.member_id and not (collective_kind and actor.has_role("secretariat")):
            raise ServiceError("只有委员本人或政协机关（集体提案）可以撰写提案。")
        refuse_empty(values)
        matter = new_draft(actor, LOOP, rules.PROPOSAL.first_stage, year, client_token)
        created = True
    else:
        check_editable(actor, matter, version)
        created = False
    for key, value in values.items():
        setattr(matter, key, value)
    matter.is_public = bool(is_public)
    matter.collective_kind, matter.collective_name = collective_kind, collective_name.strip()[:80]
    db.session.flush()
    if created:
        audit(actor, matter.org_id, "proposal.create", matter, f"新建提案 {logged_title(matter)}")
    return matter


@unit_of_work
def proposal_invite(actor: User, matter: Matter, members: list[Member]) -> int:
    """Invite co-proposers (联名) from the roster; each must confirm before being listed."""
    acting_party(actor, matter, rules.PROPOSER)
    if matter.stage not in (rules.DRAFT, rules.RETURNED):
        raise ServiceError("提交后不能再邀请联名人。")
    present = {p.member_id for p in matter.people}
    added = 0
    for m in members:
        if m.org_id != matter.org_id or not m.is_active:
            raise ServiceError(f"{m.name} 不是本会在任委员。", field="members")
        if m.id in present:
            continue
        matter.people.append(
            MatterPerson(
                member_id=m.id, part="co_proposer", consent="invited", position=len(matter.people)
            )
        )
        present.add(m.id)
        added += 1
    matter.updated_at = utcnow()
    audit(
        actor,
        matter.org_id,
        "proposal.invite",
        matter,
        f"邀请 {added} 位委员联名：{logged_title(matter)}",
    )
    return added


@unit_of_work
def proposal_answer(actor: User, matter: Matter, accept: bool) -> MatterPerson:
    """A co-proposer confirms or declines, until the 立案 review decides (``CONSENT_OPEN``);
    answering twice the same way changes nothing."""
    same_org(actor, matter)
    person = next(
        (p for p in matter.people if p.member_id == actor.member_id and p.part == "co_proposer"),
        None,
    )
    if actor.member_id is None or person is None:
        raise ServiceError("您没有收到该提案的联名邀请。")
    if matter.stage not in rules.CONSENT_OPEN:
        raise ServiceError("该提案已完成立案审查，联名名单不再变动。")
    consent = "confirmed" if accept else "declined"
    if person.consent != consent:
        person.consent, person.answered_at = consent, utcnow()
        word = "同意联名" if accept else "谢绝联名"
        audit(actor, matter.org_id, "proposal.consent", matter, f"{word}：{logged_title(matter)}")
    return person


@unit_of_work
def proposal_submit(actor: User, matter: Matter, version: int | None = None) -> MatterEvent:
    """提交 for 立案 review: title, 案由, 情况分析 and concrete suggestions are required now
    (DOMAIN.md: 有情况、有分析、有具体建议)."""
    party = acting_party(actor, matter, rules.PROPOSER)
    if matter.stage in (rules.DRAFT, rules.RETURNED):
        refuse_fields(
            [
                (key, f"请填写{LIMITS[key][1]}。")
                for key in ("title", "situation", "analysis", "suggestions_text")
                if not getattr(matter, key).strip()
            ]
        )
    sent_in_its_year(matter, (rules.DRAFT,))  # a returned one was received in its year
    event = move(actor, matter, "submit", party=party, version=version)
    matter.submitted_at = utcnow()
    return event


@unit_of_work
def proposal_recall(actor: User, matter: Matter, version: int | None = None) -> MatterEvent:
    """The proposer takes a submitted proposal back to draft (before review)."""
    return move(
        actor, matter, "recall", party=acting_party(actor, matter, rules.PROPOSER), version=version
    )


@unit_of_work
def proposal_evaluate(
    actor: User,
    matter: Matter,
    verdict: str,
    *,
    contacted: bool,
    contact_way: str = "",
    attitude: str = "",
    note: str = "",
    version: int | None = None,
) -> MatterEvent:
    """The proposer's evaluation of the reply. 不满意 on the first reply sends it back to the
    lead department once (再办理); otherwise — or after the second reply — it is closed."""
    party = acting_party(actor, matter, rules.PROPOSER)
    if verdict not in rules.VERDICTS:
        raise ServiceError("请选择是否满意。", field="verdict")
    if contact_way and contact_way not in rules.CONTACT_WAYS:
        raise ServiceError("请选择沟通方式。", field="contact_way")
    lead = matter.lead_assignment
    reply_round = lead.round if lead else 1
    action = rules.evaluation_action(verdict, reply_round)
    event = move(
        actor,
        matter,
        action,
        party=party,
        version=version,
        note=f"{rules.VERDICTS[verdict]}{'：' + note.strip() if note.strip() else ''}",
    )
    db.session.add(
        MatterEvaluation(
            org_id=matter.org_id,
            matter_id=matter.id,
            round=reply_round,
            member_id=actor.member_id,
            contacted=bool(contacted),
            contact_way=contact_way if contacted else "",
            attitude=attitude if attitude in rules.VERDICTS else "",
            verdict=verdict,
            note=limited_text(note, 500, "意见", "note"),
        )
    )
    return event


@unit_of_work
def loop_setting_save(
    actor: User,
    year: int,
    loop: str,
    *,
    reply_months: int = 3,
    reassign_days: int = 10,
    co_opinion_months: int = 1,
    credit_co_proposers: bool = False,
    session: str = "",
    version: int | None = None,
) -> LoopYearSetting:
    """The secretariat's per-year loop settings: the reply period (1–6 months), the 申请改办
    and 会办意见 windows (``rules.REASSIGN_DAYS``, ``rules.CO_OPINION_MONTHS``), whether
    co-proposers are credited, the plenary session's label for numbering. A matter assigned
    keeps the periods of its year as they were then."""
    if not actor.has_role("secretariat"):
        raise ServiceError("只有政协机关可以修改设置。")
    if not 1 <= int(reply_months) <= 6:
        raise ServiceError("答复期限应为 1 至 6 个月。", field="reply_months")
    refused = rules.window_refusal(int(reassign_days), int(co_opinion_months))
    if refused:
        raise ServiceError(refused[1], field=refused[0])
    row = setting(actor.org_id, year, loop)
    check_version(row, version)
    row.reply_months, row.credit_co_proposers = int(reply_months), bool(credit_co_proposers)
    row.reassign_days, row.co_opinion_months = int(reassign_days), int(co_opinion_months)
    row.session_label = limited_text(session, 40, "会议届次", "session")
    db.session.add(row)
    db.session.flush()
    audit(actor, actor.org_id, "loop.settings", row, f"{year} 年度{loop_spec(loop).name}设置")
    return row


@unit_of_work
def proposal_enter(actor: User, client_token: str | None, is_public: bool, **fields) -> Matter:
    """The secretariat enters a collective's proposal (a paper one, from a 界别, 党派, 专委会 or
    室组) and submits it for 立案 review in one go: all of it, or nothing. The same form posted
    twice (``client_token``) gives the first proposal back."""
    first = matter_by_token(actor, client_token, own=True)
    if first is not None:
        return first
    if not actor.has_role("secretariat"):
        raise ServiceError("只有政协机关可以录入集体提案。")
    if not fields.get("collective_kind"):
        raise ServiceError("请选择提出集体提案的单位。", field="collective")
    matter = proposal_save(actor, client_token=client_token, is_public=is_public, **fields)
    proposal_submit(actor, matter, version=matter.version)
    return matter
