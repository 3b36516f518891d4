"""Behaviour of the 十加一 report rules: due dates, scoring, quarter ranking and trend."""

from __future__ import annotations

import ast
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from lvzhi.domain import group_reports
from lvzhi.domain.group_ranking import (
    FLAG_BOTTOM,
    FLAG_TOP,
    MONTH_AWAITING_SCORE,
    MONTH_MISSING,
    MONTH_NOT_DUE,
    MONTH_SCORED,
    TIE_BEST_MONTH,
    TIE_GROUP_ID,
    TIE_ON_TIME,
    TIE_SORT_ORDER,
    GroupQuarterEntry,
    QuarterSoFar,
    month_status,
    next_quarter,
    not_final_reasons,
    previous_quarter,
    quarter_due_date,
    quarter_is_due,
    quarter_is_final,
    quarter_label,
    quarter_months,
    quarter_of,
    quarter_score,
    quarter_trend,
    rank_groups,
)
from lvzhi.domain.group_reports import (
    TOTAL_ITEMS,
    Rubric,
    is_late,
    is_overdue,
    item_has_work,
    report_due_date,
    report_score,
)

D = Decimal
RUBRIC = Rubric()


def entry(
    group_id: int,
    score: str,
    months: tuple[str | None, str | None, str | None] | None = None,
    on_time: int = 3,
    sort_order: int | None = None,
    name: str | None = None,
) -> GroupQuarterEntry:
    """A Q1 entry with good defaults: all three months equal to the score, all on time."""
    monthly = months if months is not None else (score, score, score)
    return GroupQuarterEntry(
        group_id=group_id,
        group_name=name or f"室组{group_id}",
        sort_order=group_id if sort_order is None else sort_order,
        score=D(score),
        monthly_totals={
            m: None if t is None else D(t) for m, t in zip((1, 2, 3), monthly, strict=True)
        },
        on_time_months=on_time,
    )


# --- rubric -------------------------------------------------------------------------------------


def test_default_rubric_is_the_hundred_point_scale():
    assert (RUBRIC.coverage_weight, RUBRIC.quality_max, RUBRIC.timeliness_weight) == (40, 50, 10)
    assert RUBRIC.full_marks == 100
    assert (RUBRIC.due_day, RUBRIC.flag_count) == (5, 2)


@pytest.mark.parametrize(
    ("field", "message"),
    [("coverage_weight", "覆盖分"), ("quality_max", "质量分"), ("timeliness_weight", "及时分")],
)
def test_negative_rubric_weight_rejected(field, message):
    with pytest.raises(ValueError, match=message):
        Rubric(**{field: -1})


@pytest.mark.parametrize("due_day", [0, 29, 31])
def test_due_day_outside_every_month_rejected(due_day):
    with pytest.raises(ValueError, match="截止日"):
        Rubric(due_day=due_day)


def test_negative_flag_count_rejected():
    with pytest.raises(ValueError, match="不能为负数"):
        Rubric(flag_count=-1)


def test_zero_weights_and_edge_due_days_are_allowed():
    assert (
        Rubric(coverage_weight=0, quality_max=0, timeliness_weight=0, flag_count=0).full_marks == 0
    )
    assert Rubric(due_day=1).due_day == 1
    assert Rubric(due_day=28).due_day == 28


# --- due dates ----------------------------------------------------------------------------------


def test_march_report_due_april_fifth():
    assert report_due_date(2026, 3, RUBRIC) == date(2026, 4, 5)


def test_december_report_due_january_fifth_of_next_year():
    assert report_due_date(2025, 12, RUBRIC) == date(2026, 1, 5)


def test_due_day_follows_the_years_rubric():
    assert report_due_date(2026, 1, Rubric(due_day=28)) == date(2026, 2, 28)


@pytest.mark.parametrize("month", [0, 13])
def test_invalid_month_rejected(month):
    with pytest.raises(ValueError, match="月份"):
        report_due_date(2026, month, RUBRIC)


def test_submitted_at_2359_on_the_due_day_is_on_time():
    assert not is_late(datetime(2026, 4, 5, 23, 59, 59), 2026, 3, RUBRIC)


def test_submitted_the_day_after_the_due_day_is_late():
    assert is_late(datetime(2026, 4, 6, 0, 0), 2026, 3, RUBRIC)


def test_submitted_within_the_month_itself_is_on_time():
    assert not is_late(datetime(2026, 3, 20, 9, 0), 2026, 3, RUBRIC)


def test_december_report_submitted_in_january_before_the_due_day_is_on_time():
    assert not is_late(datetime(2026, 1, 5, 18, 0), 2025, 12, RUBRIC)
    assert is_late(datetime(2026, 1, 6, 8, 0), 2025, 12, RUBRIC)


def test_later_due_day_makes_the_same_submission_on_time():
    submitted = datetime(2026, 4, 8, 10, 0)
    assert is_late(submitted, 2026, 3, RUBRIC)
    assert not is_late(submitted, 2026, 3, Rubric(due_day=10))


def test_unsubmitted_report_is_overdue_only_after_the_due_day():
    assert not is_overdue(date(2026, 4, 5), 2026, 3, RUBRIC)
    assert is_overdue(date(2026, 4, 6), 2026, 3, RUBRIC)


# --- items with work ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count", "expected"),
    [
        ("组织委员集中学习一次", 0, True),
        ("", 2, True),
        ("", 0, False),
        ("   \n\t", 0, False),
        (None, 0, False),
        (None, 1, True),
    ],
)
def test_item_has_work_when_text_or_activities_reported(text, count, expected):
    assert item_has_work(text, count) is expected


def test_negative_activity_count_rejected():
    with pytest.raises(ValueError, match="活动次数"):
        item_has_work("", -1)


# --- one report's score -------------------------------------------------------------------------


def test_full_report_reviewed_top_and_on_time_scores_full_marks():
    score = report_score(TOTAL_ITEMS, TOTAL_ITEMS, 50, True, RUBRIC)
    assert (score.coverage, score.quality, score.timeliness) == (D("40.0"), D("50.0"), D("10.0"))
    assert score.total == D("100.0")
    assert score.reviewed


def test_only_signature_item_scores_one_eleventh_coverage():
    score = report_score(1, TOTAL_ITEMS, None, True, RUBRIC)
    assert score.coverage == D("3.6")  # 40 × 1/11 = 3.636…


def test_empty_report_scores_zero_coverage():
    score = report_score(0, TOTAL_ITEMS, None, True, RUBRIC)
    assert score.coverage == D("0.0")
    assert score.total == D("10.0")


def test_late_report_scores_no_timeliness_points():
    on_time = report_score(10, TOTAL_ITEMS, 40, True, RUBRIC)
    late = report_score(10, TOTAL_ITEMS, 40, False, RUBRIC)
    assert late.timeliness == D("0.0")
    assert on_time.total - late.total == D("10.0")


def test_unreviewed_report_shows_zero_quality_and_not_reviewed():
    score = report_score(11, TOTAL_ITEMS, None, True, RUBRIC)
    assert score.quality == D("0.0")
    assert not score.reviewed
    assert score.total == D("50.0")


def test_reviewer_score_of_zero_still_counts_as_reviewed():
    score = report_score(11, TOTAL_ITEMS, 0, True, RUBRIC)
    assert score.quality == D("0.0")
    assert score.reviewed


def test_breakdown_parts_add_up_to_the_total():
    score = report_score(10, TOTAL_ITEMS, 42, True, RUBRIC)
    assert score.coverage == D("36.4")  # 40 × 10/11 = 36.36…
    assert score.total == score.coverage + score.quality + score.timeliness == D("88.4")


def test_scores_are_rounded_half_up_to_one_decimal():
    # 1 × 1/4 = 0.25: half-up gives 0.3 where banker's rounding would give 0.2
    score = report_score(1, 4, None, False, Rubric(coverage_weight=1))
    assert score.coverage == D("0.3")
    assert str(score.total) == "0.3"


def test_half_point_quality_is_accepted():
    assert report_score(11, TOTAL_ITEMS, D("45.5"), True, RUBRIC).quality == D("45.5")


@pytest.mark.parametrize("quality", [-1, 51, 100])
def test_quality_out_of_range_rejected(quality):
    with pytest.raises(ValueError, match="质量评分应在 0 至 50 分之间"):
        report_score(11, TOTAL_ITEMS, quality, True, RUBRIC)


def test_quality_limit_follows_the_years_rubric():
    rubric = Rubric(coverage_weight=50, quality_max=40, timeliness_weight=10)
    assert report_score(11, TOTAL_ITEMS, 40, True, rubric).total == D("100.0")
    with pytest.raises(ValueError, match="0 至 40"):
        report_score(11, TOTAL_ITEMS, 45, True, rubric)


@pytest.mark.parametrize(("items", "total"), [(12, 11), (-1, 11), (0, 0)])
def test_impossible_item_counts_rejected(items, total):
    with pytest.raises(ValueError):
        report_score(items, total, None, True, RUBRIC)


# --- quarters -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "quarter"), [(1, 1), (3, 1), (4, 2), (6, 2), (7, 3), (9, 3), (10, 4), (12, 4)]
)
def test_quarter_of_month(month, quarter):
    assert quarter_of(month) == quarter


def test_quarter_months_are_its_three_months_in_order():
    assert [quarter_months(q) for q in (1, 2, 3, 4)] == [
        (1, 2, 3),
        (4, 5, 6),
        (7, 8, 9),
        (10, 11, 12),
    ]


@pytest.mark.parametrize("quarter", [0, 5])
def test_invalid_quarter_rejected(quarter):
    with pytest.raises(ValueError, match="季度"):
        quarter_months(quarter)


def test_quarter_score_is_the_mean_of_three_months():
    assert quarter_score({4: D("80.0"), 5: D("90.0"), 6: D("70.0")}, 2) == D("80.0")


def test_missing_month_counts_zero_in_quarter():
    assert quarter_score({1: D("90.0"), 2: D("60.0")}, 1) == D("50.0")
    assert quarter_score({1: D("90.0"), 2: D("60.0"), 3: None}, 1) == D("50.0")


def test_group_with_no_reports_scores_zero_for_the_quarter():
    assert quarter_score({}, 3) == D("0.0")


def test_quarter_score_ignores_other_quarters_months():
    year = {m: D("60.0") for m in range(1, 13)} | {4: D("100.0")}
    assert quarter_score(year, 1) == D("60.0")
    assert quarter_score(year, 2) == D("73.3")  # 233.3… ÷ 3, rounded


def test_quarter_score_rounds_half_up():
    assert quarter_score({1: D("0.75")}, 1) == D("0.3")


def test_previous_and_next_quarter_cross_the_year():
    assert previous_quarter(2026, 1) == (2025, 4)
    assert previous_quarter(2026, 3) == (2026, 2)
    assert next_quarter(2025, 4) == (2026, 1)
    assert next_quarter(2026, 2) == (2026, 3)


def test_quarter_label_in_chinese():
    assert quarter_label(2026, 1) == "2026年第一季度"
    assert quarter_label(2026, 4) == "2026年第四季度"


# --- ranking ------------------------------------------------------------------------------------


def test_groups_ranked_by_quarter_score_highest_first():
    ranked = rank_groups([entry(1, "70.0"), entry(2, "90.5"), entry(3, "80.0")], 0)
    assert [(r.rank, r.group_id, r.score) for r in ranked] == [
        (1, 2, D("90.5")),
        (2, 3, D("80.0")),
        (3, 1, D("70.0")),
    ]
    assert all(r.tie_broken_by is None for r in ranked)


def test_ties_broken_by_best_month_then_order():
    ranked = rank_groups(
        [
            entry(1, "80.0", ("80.0", "80.0", "80.0"), sort_order=1),
            entry(2, "80.0", ("95.0", "75.0", "70.0"), sort_order=3),
            entry(3, "80.0", ("90.0", "80.0", "70.0"), sort_order=2),
            entry(4, "80.0", ("90.0", "80.0", "70.0"), sort_order=1),
        ],
        0,
    )
    assert [r.group_id for r in ranked] == [2, 4, 3, 1]
    assert [r.rank for r in ranked] == [1, 2, 3, 4]
    assert [r.tie_broken_by for r in ranked] == [
        TIE_BEST_MONTH,  # ahead of group 4 on its best month
        TIE_BEST_MONTH,  # behind group 2 on its best month
        TIE_SORT_ORDER,  # same months as group 4, later in the list of groups
        TIE_BEST_MONTH,
    ]
    assert ranked[0].tie_broken_by == "同分，按单月最高分排序"


def test_tie_with_same_months_broken_by_more_on_time_months():
    ranked = rank_groups([entry(1, "75.0", on_time=2), entry(2, "75.0", on_time=3)], 0)
    assert [r.group_id for r in ranked] == [2, 1]
    assert [r.tie_broken_by for r in ranked] == [TIE_ON_TIME, TIE_ON_TIME]


def test_complete_tie_falls_back_to_group_id():
    ranked = rank_groups([entry(9, "60.0", sort_order=0), entry(4, "60.0", sort_order=0)], 0)
    assert [(r.rank, r.group_id) for r in ranked] == [(1, 4), (2, 9)]
    assert ranked[1].tie_broken_by == TIE_GROUP_ID


def test_only_tied_groups_explain_their_rank():
    ranked = rank_groups(
        [entry(1, "90.0"), entry(2, "80.0"), entry(3, "80.0"), entry(4, "70.0")], 0
    )
    assert [r.tie_broken_by is not None for r in ranked] == [False, True, True, False]


def test_scores_equal_as_displayed_count_as_a_tie():
    same_months = ("80.0", "80.0", "80.0")
    ranked = rank_groups(
        [
            entry(1, "80.04", same_months, sort_order=2),
            entry(2, "79.96", same_months, sort_order=1),
        ],
        0,
    )
    assert [r.group_id for r in ranked] == [2, 1]
    assert [r.score for r in ranked] == [D("80.0"), D("80.0")]
    assert ranked[0].tie_broken_by == TIE_SORT_ORDER


def test_missing_month_is_no_best_month():
    ranked = rank_groups(
        [entry(1, "30.0", (None, None, "90.0")), entry(2, "30.0", ("45.0", "45.0", None))], 0
    )
    assert [(r.group_id, r.best_month) for r in ranked] == [(1, D("90.0")), (2, D("45.0"))]


def test_ranking_does_not_depend_on_input_order():
    entries = [entry(i, s) for i, s in enumerate(["70.0", "85.0", "70.0", "92.0", "85.0"], 1)]
    forward = rank_groups(entries, 2)
    assert rank_groups(list(reversed(entries)), 2) == forward


def test_top_and_bottom_two_of_nine_groups_flagged():
    entries = [entry(i, str(100 - i * 5)) for i in range(1, 10)]
    ranked = rank_groups(entries, 2)
    assert [r.flag for r in ranked] == [FLAG_TOP, FLAG_TOP] + [None] * 5 + [FLAG_BOTTOM] * 2
    assert ranked[0].flag_label == "排名靠前"
    assert ranked[-1].flag_label == "排名靠后"
    assert ranked[4].flag_label is None


def test_with_three_groups_and_two_flags_top_wins_the_overlap():
    ranked = rank_groups([entry(1, "90.0"), entry(2, "80.0"), entry(3, "70.0")], 2)
    assert [r.flag for r in ranked] == [FLAG_TOP, FLAG_TOP, FLAG_BOTTOM]


def test_exactly_twice_the_flag_count_flags_everyone_once():
    ranked = rank_groups([entry(i, str(90 - i)) for i in range(1, 5)], 2)
    assert [r.flag for r in ranked] == [FLAG_TOP, FLAG_TOP, FLAG_BOTTOM, FLAG_BOTTOM]


def test_single_group_is_only_flagged_top():
    ranked = rank_groups([entry(1, "10.0")], 2)
    assert [(r.rank, r.flag) for r in ranked] == [(1, FLAG_TOP)]


def test_no_groups_rank_to_an_empty_board():
    assert rank_groups([], 2) == []


def test_zero_flag_count_flags_nobody():
    assert all(r.flag is None for r in rank_groups([entry(1, "9.0"), entry(2, "8.0")], 0))


def test_negative_flag_count_rejected_when_ranking():
    with pytest.raises(ValueError, match="不能为负数"):
        rank_groups([entry(1, "9.0")], -1)


def test_ranked_row_keeps_what_the_board_shows():
    row = rank_groups([entry(7, "66.7", ("100.0", None, "100.0"), on_time=2, name="澉浦镇")], 1)[0]
    assert (row.group_id, row.group_name, row.on_time_months) == (7, "澉浦镇", 2)
    assert row.monthly_totals == {1: D("100.0"), 2: None, 3: D("100.0")}


# --- trend --------------------------------------------------------------------------------------


def test_trend_is_chronological_with_change_from_previous_quarter():
    points = quarter_trend({(2026, 1): D("80.0"), (2025, 4): D("72.5"), (2025, 3): D("75.0")})
    assert [(p.year, p.quarter) for p in points] == [(2025, 3), (2025, 4), (2026, 1)]
    assert [p.change for p in points] == [None, D("-2.5"), D("7.5")]
    assert [p.direction for p in points] == [None, "下降", "上升"]
    assert points[-1].label == "2026年第一季度"


def test_trend_shows_no_change_across_a_gap():
    points = quarter_trend({(2026, 1): D("80.0"), (2026, 3): D("85.0")})
    assert [p.change for p in points] == [None, None]


def test_flat_quarter_reads_as_unchanged():
    points = quarter_trend({(2026, 1): D("80.0"), (2026, 2): D("80.0")})
    assert points[1].change == D("0.0")
    assert points[1].direction == "持平"


def test_empty_trend():
    assert quarter_trend({}) == []


def test_trend_rejects_invalid_quarter():
    with pytest.raises(ValueError, match="季度"):
        quarter_trend({(2026, 5): D("1.0")})


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


# --- purity -------------------------------------------------------------------------------------


def test_group_report_rules_import_only_the_standard_library():
    tree = ast.parse(Path(group_reports.__file__).read_text(encoding="utf-8"))
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom) and getattr(node, "level", 0) == 0
        for alias in node.names
    }
    allowed = {
        "__future__",
        "collections",
        "dataclasses",
        "datetime",
        "decimal",
        "hashlib",
        "typing",
    }
    assert imported <= allowed
