"""A writer's matter before it is sent, shared by every loop a member writes (proposals,
public-opinion reports, speeches and work suggestions): the matter an earlier post of the same
form made (a double tap), the draft's checked fields, a new draft with its writer as proposer,
and whether the writer may still edit it. Each runs in the caller's unit of work."""

from __future__ import annotations

from sqlalchemy import select

from ..clock import local_day, local_today
from ..domain import loops as rules
from ..extensions import db
from ..models import Matter, MatterPerson, User
from . import ServiceError
from .common import check_version, limited_text
from .loop_parties import acting_party

TOKEN_MAX = Matter.__table__.c.client_token.type.length
NOTHING_TYPED = "还没有填写任何内容，请先填写标题或正文。"


def refuse_empty(values: dict[str, str], files: object = None) -> None:
    """A first save with nothing typed (and no file) makes no draft: an empty form posted
    (保存草稿 or 提交 pressed too soon) would leave an untitled draft each time."""
    if not files and not any(values.values()):
        raise ServiceError(NOTHING_TYPED, field="title")


def usable_token(client_token: str | None) -> str | None:
    """A form's token as stored, or None for none — or for one longer than the column (only
    a crafted post sends one; PostgreSQL would refuse to store it)."""
    token = (client_token or "").strip()
    return token if 0 < len(token) <= TOKEN_MAX else None


def matter_by_token(actor: User, client_token: str | None, *, own: bool = False) -> Matter | None:
    """The matter of ``actor``'s body an earlier post with this ``client_token`` created;
    ``own``: only one ``actor`` created."""
    client_token = usable_token(client_token)
    if not client_token:
        return None
    query = select(Matter).where(Matter.client_token == client_token, Matter.org_id == actor.org_id)
    if own:
        query = query.where(Matter.created_by_id == actor.id)
    return db.session.scalar(query)


def draft_values(
    fields: dict[str, str | None], limits: dict[str, tuple[int, str]], what: str
) -> dict[str, str]:
    """The posted text fields, each trimmed and checked against its ``limits`` entry
    (length, Chinese label); a field with no entry is a programming error."""
    unknown = set(fields) - set(limits)
    if unknown:
        raise ValueError(f"unknown {what} fields {sorted(unknown)}")
    return {k: limited_text(fields.get(k), *limits[k], k) for k in fields}


def new_draft(
    actor: User, loop: str, stage: str, year: int | None = None, client_token: str | None = None
) -> Matter:
    """An untitled matter of ``loop`` at ``stage``, written by ``actor`` (its proposer when
    ``actor`` is a member), added to the session."""
    matter = Matter(
        org_id=actor.org_id,
        loop=loop,
        year=year or local_today().year,
        stage=stage,
        title="",
        client_token=usable_token(client_token),
        created_by_id=actor.id,
    )
    if actor.member_id:
        matter.people.append(MatterPerson(member_id=actor.member_id, part="proposer"))
    db.session.add(matter)
    return matter


def sent_in_its_year(matter: Matter, unsent: tuple[str, ...]) -> None:
    """A matter sent for the first time (at a stage of ``unsent``: never received) belongs
    to the year it is sent in, not the year its draft was started: a report drafted on
    30 December and sent on 2 January is the new year's (its 十个一 credit, its numbering,
    the year's figures). A year chosen for the matter (the secretariat entering last year's
    paper proposal) is kept: only the year a draft took from the day it was started moves."""
    today = local_today()
    started = local_day(matter.created_at) if matter.created_at else today
    if matter.stage in unsent and started.year == matter.year < today.year:
        matter.year = today.year


def check_editable(actor: User, matter: Matter, version: int | None) -> None:
    """Refuse unless ``actor`` writes ``matter`` (its proposer), its stage lets the writer
    edit and ``version`` is the row's current one."""
    party = acting_party(actor, matter, rules.PROPOSER)
    refusal = matter.spec.workflow.refusal(matter.stage, "edit", party)
    if refusal:
        raise ServiceError(refusal + "。")
    check_version(matter, version)
