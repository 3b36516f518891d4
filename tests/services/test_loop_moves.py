"""The other loops on the shared services: create, plain moves by whichever party the user
is, their credit rules, suggestions with outcomes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lvzhi.extensions import db
from lvzhi.models import DutyRecord
from lvzhi.services import ConflictError, ServiceError
from lvzhi.services import loop_handling as h
from lvzhi.services import loops as svc

from ..factories import gen_department, gen_department_user, world


def _credits(member, loop: str) -> list[str]:
    return list(
        db.session.scalars(
            select(DutyRecord.status).where(
                DutyRecord.member_id == member.id, DutyRecord.source_type == loop
            )
        )
    )


def test_a_consultation_runs_its_whole_path_and_credits_its_participants(app):
    w = world()
    c = h.matter_create(
        w.secretariat_user,
        "consultation",
        "优化营商环境专题协商",
        kind="standing_thematic",
        people=[(w.member, "researcher"), (w.peer, "researcher")],
    )
    assert c.stage == "topic" and [p.part for p in c.people] == ["researcher", "researcher"]
    h.matter_move(w.secretariat_user, c, "start_research")
    assert _credits(w.member, "consultation") == []
    h.matter_move(w.secretariat_user, c, "hold")
    assert _credits(w.member, "consultation") == ["confirmed"]
    dept = gen_department(w.org)
    svc.matter_assign(w.secretariat_user, c, dept)
    contact = gen_department_user(w.org, dept)
    e = h.matter_move(contact, c, "implement", note="已落实")
    assert (e.party, e.department_id, c.stage) == ("department", dept.id, "implement")
    e = h.matter_move(w.secretariat_user, c, "feedback")  # on the department's behalf
    assert (e.party, e.department_id, e.actor_id) == ("department", dept.id, w.secretariat_user.id)
    for action in ("track", "close"):
        h.matter_move(w.secretariat_user, c, action)
    assert c.stage == "closed"
    assert [ev.action for ev in c.events] == [
        "start_research",
        "hold",
        "assign",
        "implement",
        "feedback",
        "track",
        "close",
    ]


def test_plain_moves_are_refused_to_the_wrong_party_and_a_resent_form_conflicts(app):
    w = world()
    c = h.matter_create(w.secretariat_user, "supervision", "河道治理民主监督")
    with pytest.raises(ServiceError) as refused:
        h.matter_move(w.leader_user, c, "start_research")
    assert refused.value.message == "您不能开始调研此监督议题。"
    with pytest.raises(ServiceError):
        h.matter_move(w.member_user, c, "start_research")  # not on it at all
    with pytest.raises(ServiceError):
        h.matter_move(w.other_secretariat_user, c, "start_research")
    version = c.version
    h.matter_move(w.secretariat_user, c, "start_research", version=version)
    with pytest.raises(ServiceError) as again:
        h.matter_move(w.secretariat_user, c, "start_research", version=version)
    assert again.value.message == "“调研实施”状态的监督议题不能开始调研。"
    h.matter_move(w.secretariat_user, c, "report", version=c.version)
    with pytest.raises(ConflictError):
        h.matter_move(w.secretariat_user, c, "supervise", version=version, note="督办")


def test_a_members_public_opinion_is_credited_when_submitted(app):
    w = world()
    p = h.matter_create(w.member_user, "public_opinion", "关于老旧小区加装电梯的建议")
    assert [x.member_id for x in p.people] == [w.member.id]
    with pytest.raises(ServiceError):
        h.matter_create(w.member_user, "consultation", "委员不能建协商议题")
    assert _credits(w.member, "public_opinion") == []
    h.matter_move(w.member_user, p, "submit")
    assert _credits(w.member, "public_opinion") == ["confirmed"]


def test_a_create_sent_twice_makes_one_matter(app):
    w = world()
    a = h.matter_create(w.member_user, "public_opinion", "一", client_token="po-1")
    b = h.matter_create(w.member_user, "public_opinion", "一", client_token="po-1")
    assert a.id == b.id


def test_suggestions_are_numbered_and_get_their_own_outcome(app):
    w = world()
    dept, other = gen_department(w.org), gen_department(w.org)
    c = h.matter_create(w.secretariat_user, "consultation", "乡村振兴")
    first = h.suggestion_add(w.secretariat_user, c, "建立产业基金", dept)
    second = h.suggestion_add(w.secretariat_user, c, "培育带头人")
    assert (first.number, second.number) == (1, 2)
    contact, stranger = gen_department_user(w.org, dept), gen_department_user(w.org, other)
    db.session.commit()
    h.suggestion_outcome(contact, first, "adopted", True, version=first.version)
    assert (first.outcome, first.implemented) == ("adopted", True)
    with pytest.raises(ServiceError):
        h.suggestion_outcome(stranger, first, "partly", False)
    with pytest.raises(ServiceError):
        h.suggestion_outcome(w.secretariat_user, second, "maybe", False)
    with pytest.raises(ServiceError):
        h.suggestion_add(w.secretariat_user, c, "  ")


def test_a_step_the_loop_does_not_have_is_refused_in_words(app):
    w = world()
    s = h.matter_create(w.secretariat_user, "supervision", "监督")
    with pytest.raises(ServiceError) as refused:
        svc.matter_assign(w.secretariat_user, s, gen_department(w.org))
    assert refused.value.message == "民主监督没有这一步。"
