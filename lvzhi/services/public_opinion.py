"""社情民意信息 from the member's draft to the 《社情民意》 bulletin: the draft (autosaved,
with photos and files), submission (credits item 2 of the 十个一), withdrawal, the editor's
adopt / decline / reject (reject withdraws the credit), and the bulletin's issues (编入,
移出, 印发). Forwarding and 批示 are ``services/loop_instructions.py``; 交办 and the
department's handling are the loops' shared services."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ..auth.permissions import logged_title
from ..clock import local_today
from ..domain import loops as rules
from ..domain import public_opinion as po
from ..domain.uploads import OWNER_MATTER
from ..extensions import db
from ..models import (
    Bulletin,
    BulletinEntry,
    Committee,
    Matter,
    MatterEvent,
    OfficeGroup,
    Sector,
    User,
)
from ..models.base import utcnow
from . import ServiceError, refuse_fields, unit_of_work
from .attachments import CheckedFile, attach_checked, attachment_count, files_written
from .audit import audit
from .common import check_version, limited_text
from .loop_parties import acting_party, reviewer, same_org
from .loops import move
from .matter_drafts import (
    check_editable,
    draft_values,
    matter_by_token,
    new_draft,
    refuse_empty,
    sent_in_its_year,
)
from .proposals import proposal_collectives

LIMITS = {
    "title": (200, "标题"),
    "situation": (5000, "基本情况"),
    "analysis": (5000, "分析"),
    "suggestions_text": (5000, "意见建议"),
}
COLLECTIVE_MODELS = {"office_group": OfficeGroup, "committee": Committee, "sector": Sector}


def opinion_collectives(actor: User) -> list[tuple[str, int, str]]:
    """(kind, id, name) of the collectives ``actor`` may report for: a member, the office
    groups they head and committees they direct; the secretariat, every office group,
    committee and sector of its body (it enters a collective's report)."""
    if actor.has_role("secretariat"):
        found = []
        for kind, model in COLLECTIVE_MODELS.items():
            rows = db.session.scalars(
                select(model).where(model.org_id == actor.org_id).order_by(model.id)
            )
            found += [(kind, r.id, r.name) for r in rows]
        return found
    named = set(proposal_collectives(actor))
    found = []
    for kind in ("office_group", "committee"):
        model = COLLECTIVE_MODELS[kind]
        names = [n for k, n in named if k == kind]
        if names:
            rows = db.session.scalars(
                select(model).where(model.org_id == actor.org_id, model.name.in_(names))
            )
            found += [(kind, r.id, r.name) for r in rows]
    return found


def _collective(actor: User, kind: str, ident: int | None) -> tuple[str, int, str] | None:
    if not kind:
        if not actor.member_id:
            raise ServiceError("请选择报送信息的集体。", field="collective")
        return None
    for found in opinion_collectives(actor):
        if found[0] == kind and found[1] == ident:
            return found
    raise ServiceError("只能以您负责的室组或专委会的名义报送集体信息。", field="collective")


def _attribute(matter: Matter, collective: tuple[str, int, str] | None, actor: User) -> None:
    """Who the report counts for in the figures: the collective, else the member's own
    office group, committee and sector."""
    matter.office_group_id = matter.committee_id = matter.sector_id = None
    if collective is not None:
        kind, ident, name = collective
        matter.collective_kind, matter.collective_name = kind, name
        setattr(matter, f"{kind}_id", ident)
        return
    matter.collective_kind = matter.collective_name = ""
    member = actor.member
    if member is not None:
        matter.office_group_id = member.office_group_id
        matter.committee_id = member.committee_id
        matter.sector_id = member.sector_id


@unit_of_work
def opinion_save(
    actor: User,
    matter: Matter | None = None,
    *,
    version: int | None = None,
    client_token: str | None = None,
    collective_kind: str = "",
    collective_id: int | None = None,
    files: list[CheckedFile] | None = None,
    **fields: str,
) -> Matter:
    """Create (``matter`` None) or save a draft: blank fields are allowed until it is sent,
    no timeline line per save (autosave). A create sent twice with the same
    ``client_token`` returns the first one. ``files`` (checked) are attached to the report."""
    values = draft_values(fields, LIMITS, "report")
    collective = _collective(actor, collective_kind, collective_id)
    if matter is None:
        found = matter_by_token(actor, client_token)
        if found is not None:
            return found
        refuse_empty(values, files)
        matter = new_draft(actor, po.LOOP, po.DRAFT, client_token=client_token)
        created = True
    else:
        check_editable(actor, matter, version)
        created = False
    for key, value in values.items():
        setattr(matter, key, value)
    _attribute(matter, collective, actor)
    matter.updated_at = utcnow()
    db.session.flush()
    if files:
        existing = 0 if created else attachment_count(OWNER_MATTER, matter.id)
        with files_written(files) as written:
            attach_checked(actor, matter.org_id, OWNER_MATTER, matter.id, written, existing)
    if created:
        audit(
            actor,
            matter.org_id,
            "public_opinion.create",
            matter,
            f"新建社情民意信息 {logged_title(matter)}",
        )
    return matter


@unit_of_work
def opinion_submit(actor: User, matter: Matter, version: int | None = None) -> MatterEvent:
    """报送 to the secretariat: title, situation and suggestions are required now; the
    author's 十个一 item 2 is credited (a collective's report credits nobody)."""
    party = acting_party(actor, matter, rules.PROPOSER)
    if matter.stage in po.EDITABLE:
        refusals = po.submit_refusals(matter.title, matter.situation, matter.suggestions_text)
        refuse_fields([(field, message + "。") for field, message in refusals])
    sent_in_its_year(matter, po.EDITABLE)  # a draft, or one withdrawn before any decision
    event = move(actor, matter, "submit", party=party, version=version)
    matter.submitted_at = utcnow()
    return event


@unit_of_work
def opinion_withdraw(
    actor: User, matter: Matter, reason: str = "", version: int | None = None
) -> MatterEvent:
    """The author takes a report back before the editor decides; the credit is withdrawn."""
    reason = limited_text(reason, 300, "撤回原因", "reason") or "本人撤回"
    party = acting_party(actor, matter, rules.PROPOSER)
    return move(actor, matter, "withdraw", party=party, version=version, note=reason)


@unit_of_work
def opinion_review(
    actor: User, matter: Matter, decision: str, reason: str = "", version: int | None = None
) -> MatterEvent:
    """The editor's decision: ``adopt`` (采用), ``decline`` (不予采用, credit kept) or
    ``reject`` (不属于社情民意信息, credit withdrawn) — the last two with a reason the
    member reads."""
    if decision not in ("adopt", "decline", "reject"):
        raise ServiceError("请选择采编意见。", field="decision")
    party = reviewer(actor, matter)
    reason = limited_text(reason, 500, "理由", "reason")
    return move(
        actor,
        matter,
        decision,
        party=party,
        version=version,
        reason=reason if decision != "adopt" else None,
        note=reason,
    )


# --- the 《社情民意》 bulletin ------------------------------------------------------------------


@unit_of_work
def bulletin_create(actor: User, year: int | None = None) -> Bulletin:
    """A new issue of the year, numbered after the last one (第N期); while the last one is
    unpublished and empty, that one (``reopened``): an empty issue is never followed by
    another."""
    if not actor.has_role("secretariat"):
        raise ServiceError("只有政协机关可以编辑《社情民意》。")
    year = year or local_today().year
    last = db.session.scalar(
        select(Bulletin)
        .where(Bulletin.org_id == actor.org_id, Bulletin.year == year)
        .order_by(Bulletin.number.desc())
        .limit(1)
    )
    if last is not None and not last.is_published and not last.entries:
        last.reopened = True  # a double tap, or 新建 again before anything was put in
        return last
    issue = Bulletin(org_id=actor.org_id, year=year, number=(last.number if last else 0) + 1)
    db.session.add(issue)
    db.session.flush()
    audit(actor, actor.org_id, "bulletin.create", issue, f"新建{issue.title}")
    return issue


def _editable(actor: User, issue: Bulletin) -> None:
    if actor.org_id != issue.org_id or not actor.has_role("secretariat"):
        raise ServiceError("只有政协机关可以编辑《社情民意》。")
    if issue.is_published:
        raise ServiceError(f"{issue.title}已印发，不能再修改。")


@unit_of_work
def bulletin_add(actor: User, issue: Bulletin, matters: list[Matter]) -> int:
    """编入: adopted reports join the issue, in the order given; one issue per report."""
    _editable(actor, issue)
    if not matters:
        raise ServiceError("请选择要编入本期的信息。", field="matters")
    taken = set(
        db.session.scalars(
            select(BulletinEntry.matter_id).where(
                BulletinEntry.matter_id.in_([m.id for m in matters])
            )
        )
    )
    position = max((e.position for e in issue.entries), default=0)
    for m in matters:
        same_org(actor, m)
        if m.loop != po.LOOP or m.stage not in po.ADOPTED_STAGES:
            raise ServiceError(f"“{m.title}”尚未采用，不能编入。", field="matters")
        if m.id in taken:
            raise ServiceError(f"“{m.title}”已编入其他一期。", field="matters")
        position += 1
        issue.entries.append(
            BulletinEntry(org_id=issue.org_id, matter_id=m.id, position=position, headline=m.title)
        )
        move(actor, m, "publish", party=rules.SECRETARIAT, note=f"编入{issue.title}")
    issue.updated_at = utcnow()
    db.session.flush()
    return len(matters)


@unit_of_work
def bulletin_remove(actor: User, issue: Bulletin, entry: BulletinEntry) -> None:
    """移出 a report from an issue not yet published."""
    _editable(actor, issue)
    if entry.bulletin_id != issue.id:
        raise ServiceError("该信息不在本期。")
    audit(actor, issue.org_id, "bulletin.remove", issue, f"移出{issue.title}：{entry.headline}")
    issue.entries.remove(entry)
    issue.updated_at = utcnow()


@unit_of_work
def bulletin_publish(
    actor: User, issue: Bulletin, on: date | None = None, editor_note: str = "", version=None
) -> Bulletin:
    """印发 the issue: from then on members read the reports in it."""
    _editable(actor, issue)
    check_version(issue, version)
    if not issue.entries:
        raise ServiceError("本期还没有编入信息，不能印发。")
    day = on or local_today()
    if day > local_today():
        raise ServiceError("印发日期不能晚于今天。", field="on")
    issue.editor_note = limited_text(editor_note, 500, "编者按", "editor_note")
    issue.published_on = day
    audit(actor, issue.org_id, "bulletin.publish", issue, f"印发{issue.title}")
    return issue
