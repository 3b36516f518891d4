"""A proposal brought to a stage (submitted, filed, assigned) and its credits, for the
proposal service tests."""

from __future__ import annotations

from sqlalchemy import select

from lvzhi.extensions import db
from lvzhi.models import DutyRecord
from lvzhi.services import loops as svc
from lvzhi.services import proposal_review
from lvzhi.services import proposals as prop

from ..factories import (
    gen_department,
    gen_proposal,
)


def _credited(member) -> list[DutyRecord]:
    return list(
        db.session.scalars(
            select(DutyRecord).where(
                DutyRecord.member_id == member.id, DutyRecord.source_type == "proposal"
            )
        )
    )


def _submitted(w, **fields):
    m = gen_proposal(w.member_user, **fields)
    prop.proposal_submit(w.member_user, m)
    return m


def _filed(w, **fields):
    m = _submitted(w, **fields)
    proposal_review.proposal_file(w.secretariat_user, m)
    return m


def _assigned(w, co=False):
    m = _filed(w)
    lead = gen_department(w.org, "县发改局")
    others = [gen_department(w.org, "县经信局")] if co else []
    svc.matter_assign(w.secretariat_user, m, lead, others)
    return m, lead, others
