"""十加一 services: filing, autosave conflicts, submit/withdraw, scoring, comments, ranking and
invitations, photos, demo data and to-dos."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from lvzhi.extensions import db
from lvzhi.models import (
    Attachment,
    GroupInvitation,
    GroupReport,
    GroupReportComment,
    Meeting,
    OfficeGroup,
)
from lvzhi.selectors import group_ranking as ranking_sel
from lvzhi.selectors import group_reports as sel
from lvzhi.selectors import showcase as showcase_sel
from lvzhi.services import ConflictError, ServiceError
from lvzhi.services import group_ranking as ranking_svc
from lvzhi.services import group_report_config as config_svc
from lvzhi.services import group_report_review as review_svc
from lvzhi.services import group_reports as svc
from lvzhi.services.group_reports import ItemInput

from ..factories import gen_group_report, gen_named, png_bytes, world

Y, M = 2026, 3  # a past month: the March report is due on 5 April


def _save(w, code="study", text="组织学习", count=1, version=None, who=None, **kw):
    return svc.report_save_item(
        who or w.head_user,
        w.group,
        Y,
        M,
        ItemInput(code, text, count, kw.get("people"), version),
        today=date(2026, 4, 1),
    )


def test_first_save_creates_the_report_with_eleven_items_and_marks_work(app):
    w = world()
    report = _save(w, text="组织委员学习两次", count=2, people=[w.member.id, w.peer.id])
    assert report.status == "draft"
    assert len(report.entries) == 11
    study = next(e for e in report.entries if e.item_code == "study")
    assert study.has_work and study.activity_count == 2
    assert {m.name for m in study.participants} == {"张岩枢", "李伟"}
    assert sel.work_count(report) == 1


def test_a_stale_item_edit_is_refused_instead_of_overwriting(app):
    w = world()
    _save(w, text="第一人保存的内容", version=1)
    with pytest.raises(ConflictError):
        _save(w, text="第二人在旧页面上的内容", version=1)
    db.session.rollback()
    report = sel.report_get(w.group.id, Y, M)
    assert next(e for e in report.entries if e.item_code == "study").text == "第一人保存的内容"


def test_two_people_editing_different_items_both_keep_their_work(app):
    w = world()
    _save(w, code="study", text="学习", version=1)
    _save(w, code="research", text="调研", version=1, who=w.secretariat_user)
    report = sel.report_get(w.group.id, Y, M)
    assert {e.item_code for e in report.entries if e.has_work} == {"study", "research"}


def test_participants_must_come_from_the_groups_roster(app):
    w = world()
    with pytest.raises(ServiceError, match="本室组名册"):
        _save(w, people=[w.director.id])  # 朱明华 belongs to 武原街道


def test_a_future_month_cannot_be_filed(app):
    w = world()
    with pytest.raises(ServiceError, match="未来月份"):
        svc.report_save_item(
            w.head_user, w.group, 2026, 5, ItemInput("study", "x"), today=date(2026, 4, 1)
        )


def test_an_empty_report_cannot_be_submitted(app):
    w = world()
    with pytest.raises(ServiceError, match="至少填写一项"):
        svc.report_submit(w.head_user, w.group, Y, M, today=date(2026, 4, 1))


def test_submitting_after_the_due_day_is_allowed_but_scores_no_timeliness(app):
    w = world()
    _save(w)
    late = datetime(2026, 4, 6, 2, 0)  # 10:00 on 6 April in Haiyan
    report = svc.report_submit(w.head_user, w.group, Y, M, now=late, today=date(2026, 4, 6)).report
    scored = sel.scored(report, sel.work_count(report), sel.rubric_for(w.org.id, Y))
    assert report.status == "submitted"
    assert scored.on_time is False
    assert scored.score.timeliness == 0


def test_submitting_late_on_the_due_day_evening_still_counts_as_on_time(app):
    w = world()
    _save(w)
    evening = datetime(2026, 4, 5, 15, 30)  # 23:30 on 5 April, Asia/Shanghai
    report = svc.report_submit(
        w.head_user, w.group, Y, M, now=evening, today=date(2026, 4, 5)
    ).report
    assert sel.scored(report, 1, sel.rubric_for(w.org.id, Y)).on_time is True


def test_withdraw_returns_a_submitted_report_to_draft_until_it_is_reviewed(app):
    w = world()
    report = gen_group_report(w.group, Y, M, status="submitted", work_items=3)
    db.session.commit()
    svc.report_withdraw(w.head_user, report, report.version)
    assert report.status == "draft" and report.submitted_at is None
    reviewed = gen_group_report(w.group, Y, 2, status="reviewed", work_items=3, quality=30)
    db.session.commit()
    with pytest.raises(ServiceError, match="已评分"):
        svc.report_withdraw(w.head_user, reviewed, reviewed.version)


def test_nobody_edits_a_reviewed_report(app):
    w = world()
    report = gen_group_report(w.group, Y, M, status="reviewed", work_items=3, quality=30)
    db.session.commit()
    for actor in (w.head_user, w.secretariat_user):
        with pytest.raises(ServiceError, match="不能再修改"):
            _save(w, code="study", text="改动", who=actor, version=report.entries[0].version)
        db.session.rollback()
    assert sel.report_get(w.group.id, Y, M).entries[0].text == "组织委员学习：开展活动"


def test_score_uses_the_years_rubric_and_checks_the_range_and_version(app):
    w = world()
    config_svc.rubric_save(
        w.secretariat_user,
        Y,
        {
            "coverage_weight": 30,
            "quality_max": 60,
            "timeliness_weight": 10,
            "due_day": 10,
            "flag_count": 1,
        },
        None,
    )
    report = gen_group_report(
        w.group, Y, M, status="submitted", work_items=11, submitted_at=datetime(2026, 4, 8, 2)
    )
    db.session.commit()
    with pytest.raises(ServiceError, match="0 至 60"):
        review_svc.report_score(w.secretariat_user, report, 61, "", report.version)
    db.session.rollback()
    with pytest.raises(ConflictError):
        review_svc.report_score(w.secretariat_user, report, 40, "", report.version - 1)
    db.session.rollback()
    review_svc.report_score(w.secretariat_user, report, 55, "亮点突出", report.version)
    s = sel.scored(report, sel.work_count(report), sel.rubric_for(w.org.id, Y))
    assert report.status == "reviewed"
    # on time because this year's due day is the 10th: 30 + 55 + 10
    assert s.score.total == Decimal("95.0")


def test_an_invalid_rubric_is_refused_with_a_chinese_message(app):
    w = world()
    with pytest.raises(ServiceError, match="截止日"):
        config_svc.rubric_save(
            w.secretariat_user,
            Y,
            {
                "coverage_weight": 40,
                "quality_max": 50,
                "timeliness_weight": 10,
                "due_day": 31,
                "flag_count": 2,
            },
            None,
        )


def test_a_repeated_comment_token_adds_one_comment(app):
    w = world()
    report = gen_group_report(w.group, Y, M, status="submitted", work_items=3)
    db.session.commit()
    review_svc.report_comment(w.director_user, report, "建议深化调研", "tok-1")
    review_svc.report_comment(w.director_user, report, "建议深化调研", "tok-1")
    assert db.session.scalar(select(func.count(GroupReportComment.id))) == 1


def _quarter_groups(w, scores: dict[str, int | None]):
    """Groups named by ``scores`` with a reviewed report each month of Q1 (None = no report)."""
    groups = {"西塘桥街道": w.group, "武原街道": w.other_group}
    for i, name in enumerate(scores):
        if name not in groups:
            groups[name] = gen_named(OfficeGroup, w.org, name, sort_order=10 + i)
    for name, quality in scores.items():
        if quality is None:
            continue
        for month in (1, 2, 3):
            gen_group_report(
                groups[name], Y, month, status="reviewed", work_items=11, quality=quality
            )
    db.session.commit()
    return groups


def test_quarter_ranking_counts_a_missing_month_as_zero(app):
    w = world()
    groups = _quarter_groups(w, {"西塘桥街道": 40, "武原街道": 30})
    db.session.delete(
        db.session.scalar(
            select(GroupReport).where(
                GroupReport.office_group_id == groups["西塘桥街道"].id, GroupReport.month == 3
            )
        )
    )
    db.session.commit()
    q = ranking_sel.quarter(w.org.id, Y, 1)
    by_name = {r.group_name: r for r in q.ranking}
    assert by_name["西塘桥街道"].score == Decimal("60.0")  # (90 + 90 + 0) / 3
    assert by_name["武原街道"].score == Decimal("80.0")
    assert q.ranking[0].group_name == "武原街道"


def test_invitation_lists_top_and_bottom_groups_once_for_the_next_organ_meeting(app):
    w = world()
    _quarter_groups(
        w, {"西塘桥街道": 45, "武原街道": 40, "秦山街道": 30, "沈荡镇": 20, "百步镇": 10}
    )
    soon = Meeting(
        org_id=w.org.id,
        kind="organ_monthly",
        title="政协机关4月月度会议",
        held_on=date(2026, 4, 10),
    )
    later = Meeting(
        org_id=w.org.id,
        kind="organ_monthly",
        title="政协机关5月月度会议",
        held_on=date(2026, 5, 10),
    )
    db.session.add_all([soon, later])
    db.session.commit()
    added = ranking_svc.ranking_invite(w.secretariat_user, Y, 1, today=date(2026, 4, 6))
    assert {(i.office_group.name, i.flag) for i in added} == {
        ("西塘桥街道", "top"),
        ("武原街道", "top"),
        ("沈荡镇", "bottom"),
        ("百步镇", "bottom"),
    }
    assert {i.meeting_id for i in added} == {soon.id}
    # the invited groups' heads are on the meeting's attendance list, to check in there
    from lvzhi.models import Attendance

    invited = db.session.scalars(
        select(Attendance.member_id).where(Attendance.meeting_id == soon.id)
    )
    assert set(invited) == {w.head.id}  # 西塘桥街道's head; the other groups have none
    with pytest.raises(ServiceError, match="都已列入"):
        ranking_svc.ranking_invite(w.secretariat_user, Y, 1, today=date(2026, 4, 6))
    db.session.rollback()
    assert db.session.scalar(select(func.count(GroupInvitation.id))) == 4
    inv = added[0]
    ranking_svc.appearance_record(
        w.secretariat_user, inv, "exchange", "介绍委员工作室经验", inv.version
    )
    assert inv.appearance_label == "交流经验" and inv.appeared_at is not None


def test_invitation_needs_a_scheduled_organ_meeting(app):
    w = world()
    _quarter_groups(w, {"西塘桥街道": 45, "武原街道": 40})
    with pytest.raises(ServiceError, match="机关月度会议"):
        ranking_svc.ranking_invite(w.secretariat_user, Y, 1, today=date(2026, 4, 6))


def _upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


def test_photos_attach_to_an_item_and_must_be_images(app):
    w = world()
    svc.report_photo_add(
        w.head_user,
        w.group,
        Y,
        M,
        "study",
        [_upload(png_bytes(), "活动.png")],
        today=date(2026, 4, 1),
    )
    report = sel.report_get(w.group.id, Y, M)
    study = next(e for e in report.entries if e.item_code == "study")
    photos = sel.photos_for([study.id])[study.id]
    assert [p.display_name for p in photos] == ["活动.png"]
    assert photos[0].has_thumbnail
    with pytest.raises(ServiceError, match="只能上传照片"):
        svc.report_photo_add(
            w.head_user,
            w.group,
            Y,
            M,
            "study",
            [_upload(b"%PDF-1.4 test", "材料.pdf")],
            today=date(2026, 4, 1),
        )


def test_submitted_report_photos_are_visible_to_the_org_and_drafts_only_to_head(app):
    from lvzhi.files.owners import can_view

    w = world()
    svc.report_photo_add(
        w.head_user, w.group, Y, M, "study", [_upload(png_bytes(), "a.png")], today=date(2026, 4, 1)
    )
    photo = db.session.scalar(select(Attachment))
    assert can_view(w.head_user, photo) and can_view(w.secretariat_user, photo)
    assert not can_view(w.member_user, photo)
    svc.report_submit(
        w.head_user,
        w.group,
        Y,
        M,
        [ItemInput("study", "学习", 1, None, None)],
        today=date(2026, 4, 1),
    )
    assert can_view(w.member_user, photo) and can_view(w.leader_user, photo)
    assert not can_view(w.other_secretariat_user, photo)


def test_demo_seed_is_idempotent_and_leaves_xitangqiao_this_month_to_file(app):
    from lvzhi.demo import seed_demo

    today = date(2026, 11, 25)
    org = seed_demo(today=today, member_count=60)
    count = db.session.scalar(select(func.count(GroupReport.id)))
    seed_demo(today=today, member_count=60)
    assert db.session.scalar(select(func.count(GroupReport.id))) == count
    board = showcase_sel.showcase(org.id, 2026, 11)
    assert "西塘桥街道" in {g.name for g in board.missing}
    assert len(board.reports) >= 5
    assert all(
        r.score is not None for r in ranking_sel.quarter(org.id, 2026, 3).rows[0].months.values()
    )
    assert ranking_sel.invitations(
        org.id, 2026, 3
    )  # last quarter's flagged groups, appearance done


@pytest.mark.parametrize(
    "today, last_month_overdue",
    [
        (date(2026, 12, 2), False),  # November's report is due on 5 December
        (date(2026, 12, 5), False),  # the due day itself is still on time
        (date(2026, 12, 6), True),
        (date(2027, 1, 6), True),  # January: the previous month is last year's December
    ],
)
def test_todos_remind_the_head_secretariat_and_committee(app, travel, today, last_month_overdue):
    from lvzhi.inbox.group_report_todos import group_report_todos
    from lvzhi.models.base import utcnow

    travel(today)
    with app.test_request_context():
        w = world()
        prev = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
        due = [t for t in group_report_todos(w.head_user) if t.kind == "report_due"]
        last = [t for t in due if f"{prev[1]}月" in t.title]
        assert last, [t.title for t in due]
        assert last[0].urgent == last_month_overdue
        assert ("已逾期" in last[0].title) == last_month_overdue
        gen_group_report(
            w.group,
            prev[0],
            prev[1],
            status="submitted",
            work_items=4,
            submitted_at=utcnow() - timedelta(days=1),
        )
        db.session.commit()
        assert not [
            t
            for t in group_report_todos(w.head_user)
            if t.kind == "report_due" and f"{prev[1]}月" in t.title
        ]
        assert [t.title for t in group_report_todos(w.secretariat_user)] == ["1 份室组月报待评分"]
        committee = group_report_todos(w.director_user)
        assert [t.kind for t in committee] == ["report_new"]
