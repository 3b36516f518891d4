"""Behaviour of a 十加一 quarter in progress: each month's status, when a quarter is final, the
score so far and why a quarter is not final yet."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lvzhi.domain.group_ranking import (
    FLAG_BOTTOM,
    FLAG_TOP,
    MONTH_AWAITING_SCORE,
    MONTH_MISSING,
    MONTH_NOT_DUE,
    MONTH_SCORED,
    GroupQuarterEntry,
    QuarterSoFar,
    month_status,
    not_final_reasons,
    quarter_due_date,
    quarter_is_due,
    quarter_is_final,
    quarter_score,
    quarter_trend,
    rank_groups,
)
from lvzhi.domain.group_reports import Rubric

from .group_entries import entry

D = Decimal
RUBRIC = Rubric()


# --- a quarter in progress ----------------------------------------------------------------------

SCORED, AWAITING, NOT_DUE, MISSING = (
    MONTH_SCORED,
    MONTH_AWAITING_SCORE,
    MONTH_NOT_DUE,
    MONTH_MISSING,
)


def unsent(today: date, year: int, month: int, rubric: Rubric = RUBRIC) -> str:
    return month_status(today, year, month, rubric, submitted=False, reviewed=False)


def test_a_reviewed_report_is_scored_and_a_submitted_one_awaits_its_score():
    today = date(2026, 11, 26)
    assert month_status(today, 2026, 11, RUBRIC, submitted=True, reviewed=True) == SCORED
    assert month_status(today, 2026, 11, RUBRIC, submitted=True, reviewed=False) == AWAITING
    # however late: a submitted report is never 未报送
    late = date(2027, 3, 1)
    assert month_status(late, 2026, 10, RUBRIC, submitted=True, reviewed=False) == AWAITING


def test_an_unsent_month_is_not_due_through_its_due_day_and_missing_the_day_after():
    assert unsent(date(2026, 11, 26), 2026, 11) == NOT_DUE  # due 5 December
    assert unsent(date(2026, 12, 5), 2026, 11) == NOT_DUE  # the due day itself
    assert unsent(date(2026, 12, 6), 2026, 11) == MISSING
    assert unsent(date(2026, 11, 26), 2026, 10) == MISSING  # due 5 November
    assert unsent(date(2026, 11, 26), 2026, 12) == NOT_DUE  # a month not even over


def test_the_years_due_day_decides_when_a_month_is_missing():
    assert unsent(date(2026, 12, 8), 2026, 11, Rubric(due_day=10)) == NOT_DUE
    assert unsent(date(2026, 12, 11), 2026, 11, Rubric(due_day=10)) == MISSING


def test_december_is_due_in_january_and_counts_as_januarys_previous_month():
    assert unsent(date(2027, 1, 5), 2026, 12) == NOT_DUE
    assert unsent(date(2027, 1, 6), 2026, 12) == MISSING


def test_q4_last_report_is_due_on_january_fifth_of_the_next_year():
    assert quarter_due_date(2026, 4, RUBRIC) == date(2027, 1, 5)
    assert quarter_due_date(2026, 1, RUBRIC) == date(2026, 4, 5)
    assert not quarter_is_due(date(2026, 11, 26), 2026, 4, RUBRIC)
    assert not quarter_is_due(date(2027, 1, 5), 2026, 4, RUBRIC)
    assert quarter_is_due(date(2027, 1, 6), 2026, 4, RUBRIC)


def test_a_quarter_is_final_only_when_its_last_report_is_due_and_all_are_scored():
    scored = [SCORED, MISSING, SCORED]
    assert quarter_is_final(date(2027, 1, 6), 2026, 4, RUBRIC, scored)
    # everything in and scored early is still not final before the last due day has passed
    assert not quarter_is_final(date(2027, 1, 5), 2026, 4, RUBRIC, [SCORED] * 3)
    assert not quarter_is_final(date(2027, 1, 6), 2026, 4, RUBRIC, [*scored, AWAITING])
    assert quarter_is_final(date(2027, 1, 6), 2026, 4, RUBRIC, [])


def so_far(q: int = 4, **months: tuple[str, str | None]) -> QuarterSoFar:
    """so_far(m10=(SCORED, "80.0"), m11=(NOT_DUE, None), m12=(NOT_DUE, None))"""
    statuses = {int(k[1:]): st for k, (st, _t) in months.items()}
    totals = {int(k[1:]): D(t) for k, (_st, t) in months.items() if t is not None}
    return QuarterSoFar(q, statuses, totals)


def test_a_quarter_in_progress_scores_the_mean_of_its_counted_months():
    f = so_far(m10=(SCORED, "80.0"), m11=(NOT_DUE, None), m12=(NOT_DUE, None))
    assert f.counted == (10,)
    assert f.pending == {11: NOT_DUE, 12: NOT_DUE}
    assert f.provisional
    assert f.score == D("80.0")
    assert f.scored_totals == {10: D("80.0"), 11: None, 12: None}


def test_a_missed_month_counts_zero_and_an_unscored_one_is_left_out():
    f = so_far(m10=(MISSING, None), m11=(AWAITING, "30.0"), m12=(SCORED, "90.0"))
    assert f.counted == (10, 12)
    assert f.pending == {11: AWAITING}
    assert f.score == D("45.0")  # (0 + 90) / 2, the unscored 30 not counted
    assert f.scored_totals == {10: None, 11: None, 12: D("90.0")}


def test_a_finished_quarter_scores_as_the_quarter_score():
    f = so_far(1, m1=(SCORED, "90.0"), m2=(SCORED, "60.0"), m3=(MISSING, None))
    assert not f.provisional and f.pending == {}
    assert f.score == quarter_score({1: D("90.0"), 2: D("60.0")}, 1) == D("50.0")


def test_nothing_counted_yet_has_no_score():
    f = so_far(m10=(AWAITING, "40.0"), m11=(NOT_DUE, None), m12=(NOT_DUE, None))
    assert f.counted == () and f.score is None


def test_a_quarter_so_far_needs_every_month_and_a_total_for_each_scored_one():
    with pytest.raises(ValueError, match="每个月"):
        QuarterSoFar(4, {10: SCORED, 11: NOT_DUE}, {10: D("1.0")})
    with pytest.raises(ValueError, match="10月已评分"):
        QuarterSoFar(4, {10: SCORED, 11: NOT_DUE, 12: NOT_DUE}, {})


def test_reasons_name_the_last_due_day_and_month_by_month_the_groups_waited_for():
    groups = [
        ("西塘桥街道", {12: NOT_DUE}),
        ("于城镇", {11: NOT_DUE, 12: NOT_DUE}),
        ("武原街道", {10: AWAITING, 11: AWAITING, 12: NOT_DUE}),
    ]
    assert not_final_reasons(date(2026, 11, 26), 2026, 4, RUBRIC, groups) == [
        "12月报告2027年1月5日到期，本季度尚未结束",
        "10月待评分：武原街道",
        "11月未到期（12月5日到期）：于城镇",
        "11月待评分：武原街道",
        "12月未到期（1月5日到期）：全部室组",
    ]


def test_once_due_only_unscored_reports_keep_a_quarter_from_being_final():
    groups = [("西塘桥街道", {}), ("武原街道", {10: AWAITING})]
    assert not_final_reasons(date(2027, 1, 6), 2026, 4, RUBRIC, groups) == ["10月待评分：武原街道"]
    assert not_final_reasons(date(2027, 1, 6), 2026, 4, RUBRIC, [("西塘桥街道", {})]) == []
    # a lone group is named, not called 全部室组
    alone = [("于城镇", {3: NOT_DUE})]
    assert not_final_reasons(date(2026, 4, 2), 2026, 1, RUBRIC, alone)[1] == (
        "3月未到期（4月5日到期）：于城镇"
    )
    # everything in and scored, but the last due day not passed: still not final
    assert not_final_reasons(date(2027, 1, 5), 2026, 4, RUBRIC, [("西塘桥街道", {})]) == [
        "12月报告2027年1月5日到期，本季度尚未结束"
    ]


def provisional_entry(group_id: int, f: QuarterSoFar) -> GroupQuarterEntry:
    return GroupQuarterEntry(
        group_id=group_id,
        group_name=f"室组{group_id}",
        sort_order=group_id,
        score=f.score,
        monthly_totals=f.scored_totals,
        statuses=f.statuses,
    )


def test_in_progress_nobody_is_shown_as_top_or_bottom():
    entries = [entry(i, str(90 - i * 10)) for i in range(1, 6)]
    ranked = rank_groups(entries, 2, final=False)
    assert [r.flag for r in ranked] == [FLAG_TOP, FLAG_TOP, None, FLAG_BOTTOM, FLAG_BOTTOM]
    assert all(r.provisional for r in ranked)
    assert [r.final_flag for r in ranked] == [None] * 5
    assert [r.flag_label for r in ranked] == [None] * 5
    assert ranked[-1].provisional_flag_label == "暂列排名靠后"
    final = rank_groups(entries, 2)
    assert [r.final_flag for r in final] == [FLAG_TOP, FLAG_TOP, None, FLAG_BOTTOM, FLAG_BOTTOM]
    assert final[-1].flag_label == "排名靠后" and final[-1].provisional_flag_label == "暂列排名靠后"


def test_a_group_with_nothing_counted_comes_last_unflagged_and_untied():
    nothing = so_far(m10=(AWAITING, "40.0"), m11=(NOT_DUE, None), m12=(NOT_DUE, None))
    entries = [
        provisional_entry(1, nothing),
        provisional_entry(
            2, so_far(m10=(SCORED, "80.0"), m11=(NOT_DUE, None), m12=(NOT_DUE, None))
        ),
        provisional_entry(
            3, so_far(m10=(SCORED, "70.0"), m11=(NOT_DUE, None), m12=(NOT_DUE, None))
        ),
        provisional_entry(4, nothing),
    ]
    ranked = rank_groups(entries, 1, final=False)
    assert [(r.group_id, r.score) for r in ranked] == [
        (2, D("80.0")),
        (3, D("70.0")),
        (1, None),
        (4, None),
    ]
    assert [r.flag for r in ranked] == [FLAG_TOP, FLAG_BOTTOM, None, None]
    assert [r.tie_broken_by for r in ranked] == [None] * 4


def test_a_row_shows_each_months_total_or_why_there_is_none():
    f = so_far(m10=(SCORED, "80.0"), m11=(AWAITING, "30.0"), m12=(NOT_DUE, None))
    row = rank_groups([provisional_entry(1, f)], 0, final=False)[0]
    assert [row.month_label(m) for m in (10, 11, 12)] == ["80.0", "待评分", "未到期"]
    missed = so_far(m10=(MISSING, None), m11=(SCORED, "50.0"), m12=(SCORED, "50.0"))
    done = rank_groups([provisional_entry(1, missed)], 0)[0]
    assert done.month_label(10) == "未报送"
    # rows built without statuses (a finished quarter) read a missing total as 未报送
    assert rank_groups([entry(1, "60.0", ("90.0", None, "90.0"))], 0)[0].month_label(2) == "未报送"


def test_a_provisional_quarter_is_compared_with_nothing_and_nothing_with_it():
    scores = {(2026, 2): D("80.0"), (2026, 3): D("70.0"), (2026, 4): D("90.0")}
    points = quarter_trend(scores, provisional={(2026, 4)})
    assert [p.change for p in points] == [None, D("-10.0"), None]
    assert [p.provisional for p in points] == [False, False, True]
    assert points[-1].direction is None
    after = quarter_trend(scores, provisional={(2026, 3)})
    assert [p.change for p in after] == [None, None, None]
