"""Behaviour of the 十加一 report rules: the rubric, due dates, items with work and one
report's score (quarters and ranking: test_group_ranking.py, a quarter in progress:
test_group_quarter_so_far.py)."""

from __future__ import annotations

import ast
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from lvzhi.domain import group_reports
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
