"""The "十个一" checklist rules: items, progress, reminders, overviews and config (the record
workflow: test_duty_records.py)."""

from __future__ import annotations

from datetime import date

import pytest

from lvzhi.domain import duties
from lvzhi.domain.duties import (
    CONFIRMED,
    DEFAULT_DUTY_ITEMS,
    DRAFT,
    RETURNED,
    SUBMITTED,
    ItemSpec,
    copy_items_for_new_year,
    default_item_specs,
    lagging_order,
    member_progress,
    needs_year_end_reminder,
    reorder,
    validate_required_count,
)

TEN_ITEMS = [(code, name, 1) for code, name, _ in DEFAULT_DUTY_ITEMS]


def counts_done(*codes: str) -> dict[str, dict[str, int]]:
    return {code: {CONFIRMED: 1} for code in codes}


def spec(code: str, order: int, *, retired: bool = False, required: int = 1) -> ItemSpec:
    return ItemSpec(code=code, name=f"项目{code}", order=order, retired=retired, required=required)


# --- the checklist ---------------------------------------------------------------------------


def test_default_items_are_the_seeds_ten_in_order() -> None:
    assert [code for code, _, _ in DEFAULT_DUTY_ITEMS] == (
        "proposal public_opinion research supervision reading_share consultation_speech "
        "sector_visit public_welfare village_link work_suggestion"
    ).split()
    assert [name for _, name, _ in DEFAULT_DUTY_ITEMS] == (
        "撰写一件提案 报送一篇社情民意信息 参与一项调查研究 参加一项民主监督 一次读书分享 "
        "一次重点协商发言 一次界别走访服务 参加一次公益活动 联系一个村社 一条政协工作建议"
    ).split()


def test_every_default_item_explains_what_counts_in_one_sentence() -> None:
    for _, _, description in DEFAULT_DUTY_ITEMS:
        assert description.endswith("。")
        assert description.count("。") == 1


def test_reading_share_mentions_the_members_lecture() -> None:
    descriptions = {code: description for code, _, description in DEFAULT_DUTY_ITEMS}
    assert "委员讲堂" in descriptions["reading_share"]


def test_default_item_specs_are_numbered_and_required_once() -> None:
    specs = default_item_specs()
    assert [item.order for item in specs] == list(range(1, 11))
    assert {item.required for item in specs} == {1}
    assert not any(item.retired for item in specs)


# --- progress --------------------------------------------------------------------------------


def test_progress_sentence_matches_seed() -> None:
    progress = member_progress(TEN_ITEMS, counts_done("proposal", "research", "reading_share"))
    assert progress.sentence == "已完成 3 项，还有 7 项待完成"
    assert (progress.done_count, progress.total, progress.remaining) == (3, 10, 7)
    assert progress.percent == 30


def test_all_done_says_so() -> None:
    progress = member_progress(TEN_ITEMS, counts_done(*(code for code, _, _ in TEN_ITEMS)))
    assert progress.sentence == "十个一已全部完成"
    assert progress.all_done
    assert progress.percent == 100
    assert progress.remaining == 0


def test_nothing_done_yet() -> None:
    progress = member_progress(TEN_ITEMS, {})
    assert progress.sentence == "已完成 0 项，还有 10 项待完成"
    assert progress.percent == 0
    assert not progress.all_done
    assert {item.state for item in progress.items} == {"not_started"}


def test_progress_uses_the_years_actual_item_count() -> None:
    items = [("proposal", "撰写一件提案", 1), ("research", "参与一项调查研究", 1)] + [
        (f"extra{i}", f"额外项目{i}", 1) for i in range(10)
    ]
    progress = member_progress(items, counts_done("proposal"))
    assert progress.total == 12
    assert progress.sentence == "已完成 1 项，还有 11 项待完成"
    assert progress.percent == 8


def test_percent_never_rounds_up_to_complete() -> None:
    items = [(f"i{n}", f"项目{n}", 1) for n in range(3)]
    progress = member_progress(items, counts_done("i0", "i1"))
    assert progress.percent == 66


def test_year_without_items_has_no_progress_to_show() -> None:
    progress = member_progress([], {})
    assert (progress.total, progress.done_count, progress.percent) == (0, 0, 0)
    assert not progress.all_done
    assert progress.sentence == "本年度尚未设置履职清单"


def test_only_confirmed_records_count_as_done() -> None:
    items = [("proposal", "撰写一件提案", 1)]
    counts = {"proposal": {DRAFT: 1, SUBMITTED: 2, RETURNED: 1}}
    item = member_progress(items, counts).items[0]
    assert item.confirmed == 0
    assert item.pending == 2
    assert item.drafts == 1
    assert item.returned == 1
    assert item.state == "in_progress"
    assert item.state_label == "进行中"


@pytest.mark.parametrize("status", [DRAFT, SUBMITTED, RETURNED])
def test_any_record_makes_an_item_in_progress(status: str) -> None:
    items = [("proposal", "撰写一件提案", 1)]
    assert member_progress(items, {"proposal": {status: 1}}).items[0].state == "in_progress"


def test_item_requiring_several_records_is_in_progress_until_all_confirmed() -> None:
    items = [("village_link", "联系一个村社", 3)]
    partly = member_progress(items, {"village_link": {CONFIRMED: 2}})
    assert partly.items[0].state == "in_progress"
    assert partly.items[0].still_needed == 1
    assert partly.done_count == 0
    full = member_progress(items, {"village_link": {CONFIRMED: 4}})
    assert full.items[0].state == "done"
    assert full.items[0].still_needed == 0
    assert full.items[0].state_label == "已完成"


def test_counts_for_items_not_in_the_years_list_are_ignored() -> None:
    items = [("proposal", "撰写一件提案", 1)]
    progress = member_progress(items, {"retired_item": {CONFIRMED: 5}})
    assert [item.code for item in progress.items] == ["proposal"]
    assert progress.done_count == 0


def test_progress_keeps_the_items_order_and_names() -> None:
    progress = member_progress(TEN_ITEMS, {})
    assert [(item.code, item.name) for item in progress.items] == [
        (code, name) for code, name, _ in TEN_ITEMS
    ]


# --- year-end reminder -----------------------------------------------------------------------


def test_reminder_starts_on_the_first_of_october() -> None:
    assert not needs_year_end_reminder(date(2026, 9, 30), 2026, remaining=3)
    assert needs_year_end_reminder(date(2026, 10, 1), 2026, remaining=3)
    assert needs_year_end_reminder(date(2026, 12, 31), 2026, remaining=1)


def test_no_reminder_when_everything_is_done() -> None:
    assert not needs_year_end_reminder(date(2026, 11, 15), 2026, remaining=0)


def test_no_reminder_for_another_year() -> None:
    assert not needs_year_end_reminder(date(2027, 1, 5), 2026, remaining=4)
    assert not needs_year_end_reminder(date(2025, 11, 5), 2026, remaining=4)


def test_reminder_month_is_configurable() -> None:
    assert needs_year_end_reminder(date(2026, 9, 1), 2026, remaining=2, from_month=9)
    assert not needs_year_end_reminder(date(2026, 10, 1), 2026, remaining=2, from_month=11)


def test_reminder_month_must_be_a_month() -> None:
    with pytest.raises(ValueError):
        needs_year_end_reminder(date(2026, 10, 1), 2026, remaining=2, from_month=13)


# --- overviews -------------------------------------------------------------------------------


def test_laggards_come_first_then_by_name() -> None:
    rows = [("王五", 7), ("赵六", 2), ("张三", 2), ("李四", 10)]
    ordered = sorted(rows, key=lambda row: lagging_order(row[1], row[0]))
    # names tie-break in code-point order (张 U+5F20 before 赵 U+8D75)
    assert ordered == [("张三", 2), ("赵六", 2), ("王五", 7), ("李四", 10)]


# --- checklist configuration -----------------------------------------------------------------


def test_new_year_copies_active_items_and_renumbers_them() -> None:
    previous = [spec("c", 5), spec("a", 1), spec("old", 2, retired=True), spec("b", 3)]
    copied = copy_items_for_new_year(previous)
    assert [(item.code, item.order) for item in copied] == [("a", 1), ("b", 2), ("c", 3)]
    assert not any(item.retired for item in copied)


def test_new_year_keeps_names_descriptions_and_required_counts() -> None:
    previous = [ItemSpec("proposal", "撰写一件提案", "说明", required=2, order=4)]
    (copied,) = copy_items_for_new_year(previous)
    assert (copied.name, copied.description, copied.required) == ("撰写一件提案", "说明", 2)


def test_new_year_copy_leaves_last_years_items_untouched() -> None:
    previous = [spec("a", 3), spec("b", 7)]
    copy_items_for_new_year(previous)
    assert [item.order for item in previous] == [3, 7]


@pytest.mark.parametrize("n", [1, 2, 99])
def test_required_count_within_range_is_accepted(n: int) -> None:
    assert validate_required_count(n) is None


@pytest.mark.parametrize("n", [0, -1, 100])
def test_required_count_out_of_range_is_refused_in_chinese(n: int) -> None:
    assert validate_required_count(n) == "要求完成次数须在 1 到 99 之间"


def test_required_count_must_be_a_whole_number() -> None:
    assert validate_required_count(True) is not None
    assert validate_required_count(1.5) is not None  # type: ignore[arg-type]


def test_moving_an_item_up_swaps_it_with_the_one_above() -> None:
    items = [spec("a", 1), spec("b", 2), spec("c", 3)]
    moved = reorder(items, "c", "up")
    assert [(item.code, item.order) for item in moved] == [("a", 1), ("c", 2), ("b", 3)]


def test_moving_an_item_down_swaps_it_with_the_one_below() -> None:
    items = [spec("a", 1), spec("b", 2), spec("c", 3)]
    assert [item.code for item in reorder(items, "a", "down")] == ["b", "a", "c"]


def test_moving_past_either_end_changes_nothing() -> None:
    items = [spec("a", 1), spec("b", 2)]
    assert [item.code for item in reorder(items, "a", "up")] == ["a", "b"]
    assert [item.code for item in reorder(items, "b", "down")] == ["a", "b"]


def test_reorder_follows_stored_order_and_closes_gaps() -> None:
    items = [spec("c", 30), spec("a", 10), spec("b", 20)]
    moved = reorder(items, "b", "up")
    assert [(item.code, item.order) for item in moved] == [("b", 1), ("a", 2), ("c", 3)]


def test_reorder_refuses_unknown_code_or_direction() -> None:
    items = [spec("a", 1)]
    with pytest.raises(ValueError):
        reorder(items, "zzz", "up")
    with pytest.raises(ValueError):
        reorder(items, "a", "left")  # type: ignore[arg-type]


# --- purity ----------------------------------------------------------------------------------


def test_duties_module_uses_only_the_standard_library() -> None:
    source = open(duties.__file__, encoding="utf-8").read()
    for banned in ("flask", "sqlalchemy", "PIL"):
        assert f"import {banned}" not in source
        assert f"from {banned}" not in source
