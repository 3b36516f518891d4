"""Behaviour of the 十加一 quarters: a quarter's months and score, the ranking with its tie-breaks
and flags, and the trend."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lvzhi.domain.group_ranking import (
    FLAG_BOTTOM,
    FLAG_TOP,
    TIE_BEST_MONTH,
    TIE_GROUP_ID,
    TIE_ON_TIME,
    TIE_SORT_ORDER,
    next_quarter,
    previous_quarter,
    quarter_label,
    quarter_months,
    quarter_of,
    quarter_score,
    quarter_trend,
    rank_groups,
)

from .group_entries import entry

D = Decimal


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


def test_a_single_group_is_ahead_of_nobody_and_not_flagged():
    ranked = rank_groups([entry(1, "10.0")], 2)
    assert [(r.rank, r.flag) for r in ranked] == [(1, None)]


def test_groups_all_tied_are_not_flagged_even_at_zero():
    """A quarter nobody reported in (every group 0.0) invites nobody to share experience."""
    for score in ("0.0", "75.0"):
        ranked = rank_groups([entry(i, score) for i in range(1, 10)], 2)
        assert [r.flag for r in ranked] == [None] * 9
        assert [r.rank for r in ranked] == list(range(1, 10))  # still ranked by the tie rules


def test_only_a_group_that_outscores_another_is_ahead_of_it():
    """One group reported: it is 排名靠前; the groups tied with the lowest score are not."""
    ranked = rank_groups([entry(1, "50.0"), *(entry(i, "0.0") for i in range(2, 5))], 2)
    assert [r.flag for r in ranked] == [FLAG_TOP, None, FLAG_BOTTOM, FLAG_BOTTOM]
    # and the other way round: one group far behind, the rest tied at the top
    ranked = rank_groups([*(entry(i, "80.0") for i in range(1, 4)), entry(4, "20.0")], 2)
    assert [r.flag for r in ranked] == [FLAG_TOP, FLAG_TOP, None, FLAG_BOTTOM]


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
