"""Every free text has a length limit, checked on the server: an overlong text is refused
with a Chinese message next to its field and nothing is saved (the 评语 shows publicly)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import GroupInvitation, GroupReport, GroupReportComment, Meeting
from lvzhi.services import ServiceError
from lvzhi.services import group_report_config as config_svc
from lvzhi.services import group_report_review as review_svc

from ..factories import gen_group_report, world

TODAY = local_today()
PREV = (TODAY.year - 1, 12) if TODAY.month == 1 else (TODAY.year, TODAY.month - 1)
LONG = "长" * 20000


def field_error(page: str, field: str) -> str:
    start = page.index(f'id="{field}-error">') + len(f'id="{field}-error">')
    return page[start : page.index("<", start)]


def test_a_20000_character_score_comment_is_refused_next_to_the_field(app, client, auth):
    w = world()
    report = gen_group_report(w.group, *PREV, status="submitted", work_items=5)
    db.session.commit()
    auth.login("jiguan")
    page = client.post(
        f"/secretariat/reports/{report.id}/score",
        data={"quality": "40", "comment": LONG, "version": report.version},
    ).get_data(as_text=True)
    assert field_error(page, "comment") == "评语最多 500 字。"
    assert LONG in page  # what was typed is still there to shorten
    db.session.expire_all()
    saved = db.session.get(GroupReport, report.id)
    assert saved.quality is None and saved.review_comment == "" and saved.status == "submitted"


def test_the_score_service_refuses_an_overlong_comment_whoever_calls_it(app):
    w = world()
    report = gen_group_report(w.group, *PREV, status="submitted", work_items=5)
    db.session.commit()
    with pytest.raises(ServiceError) as refused:
        review_svc.report_score(w.secretariat_user, report, 40, "评" * 501, report.version)
    assert refused.value.field == "comment" and "最多 500 字" in refused.value.message


def test_overlong_item_names_are_refused_not_cut(app):
    w = world()
    db.session.commit()
    with pytest.raises(ServiceError) as refused:
        config_svc.items_save(w.secretariat_user, TODAY.year, {"study": ("学" * 61, "")}, {})
    assert "最多 60 字" in refused.value.message
    with pytest.raises(ServiceError):
        config_svc.signature_save(w.head_user, w.group, TODAY.year, "特色", "说" * 301, None)


def _meeting(w) -> Meeting:
    meeting = Meeting(
        org_id=w.org.id, kind="organ_monthly", title="机关月度会议", held_on=TODAY + timedelta(20)
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


def _invitation(w) -> GroupInvitation:
    invitation = GroupInvitation(
        org_id=w.org.id,
        office_group_id=w.group.id,
        meeting_id=_meeting(w).id,
        year=PREV[0],
        quarter=(PREV[1] - 1) // 3 + 1,
        flag="top",
        rank=1,
        score="80.0",
    )
    db.session.add(invitation)
    db.session.commit()
    return invitation


def test_overlong_appearance_notes_are_refused(app, client, auth):
    w = world()
    invitation = _invitation(w)
    auth.login("jiguan")
    page = client.post(
        f"/secretariat/invitations/{invitation.id}",
        data={"kind": "experience", "notes": LONG, "version": invitation.version},
    ).get_data(as_text=True)
    assert field_error(page, "notes") == "发言要点最多 2000 字。"
    db.session.expire_all()
    assert db.session.get(GroupInvitation, invitation.id).appeared_at is None


def test_overlong_meeting_notes_are_refused(app, client, auth):
    world()
    auth.login("jiguan")
    page = client.post(
        "/secretariat/meetings/new",
        data={"kind": "organ_monthly", "title": "月度会议", "held_on": "2026-12-10", "notes": LONG},
    ).get_data(as_text=True)
    assert field_error(page, "notes") == "备注最多 2000 字。"
    assert db.session.scalar(select(Meeting)) is None


def test_overlong_committee_guidance_is_refused(app, client, auth):
    w = world()
    report = gen_group_report(w.group, *PREV, status="submitted", work_items=5)
    db.session.commit()
    auth.login("zhuanwei")
    page = client.post(
        f"/committee/reports/{report.id}/comment", data={"body": LONG, "token": "t-1"}
    ).get_data(as_text=True)
    assert "指导意见最多 2000 字。" in page
    assert db.session.scalar(select(GroupReportComment)) is None
