"""The points ledger and the grades, without an app: caps, inactive rules, penalties, grade
edges, attendance by meeting kind, the self-summary cut-off."""

from datetime import date

from lvzhi.domain import points as p

DUTY = p.Rule(p.DUTY_ITEM, "完成十个一事项", "项", 6, cap=60, order=1)


def facts(code: str, n: int) -> list[p.Fact]:
    return [p.Fact(code, f"事项{i}", on=date(2026, 1, i + 1)) for i in range(n)]


def test_cap_exactly_reached_keeps_every_point():
    result = p.ledger([DUTY], facts(p.DUTY_ITEM, 10))
    assert result.total == 60
    assert not any(line.capped for line in result.lines)
    assert result.by_rule[0].at_cap


def test_facts_past_the_cap_earn_nothing_and_the_crossing_one_gets_what_is_left():
    rule = p.Rule(p.PROPOSAL_FILED, "提案立案", "件", 4, cap=10)
    result = p.ledger([rule], facts(p.PROPOSAL_FILED, 4))
    assert [line.points for line in result.lines] == [4, 4, 2, 0]
    assert [line.capped for line in result.lines] == [False, False, True, True]
    assert result.total == 10


def test_a_rule_without_cap_counts_every_unit():
    rule = p.Rule(p.PROPOSAL_FILED, "提案立案", "件", 5, cap=None)
    assert p.ledger([rule], facts(p.PROPOSAL_FILED, 30)).total == 150


def test_inactive_rule_gives_no_line():
    off = p.Rule(p.PROPOSAL_FILED, "提案立案", "件", 5, active=False)
    result = p.ledger([DUTY, off], facts(p.DUTY_ITEM, 2) + facts(p.PROPOSAL_FILED, 3))
    assert {line.code for line in result.lines} == {p.DUTY_ITEM}
    assert result.total == 12


def test_fact_of_an_unknown_rule_is_ignored():
    assert p.ledger([DUTY], facts("no_such_rule", 3)).lines == []


def test_negative_points_lower_the_total_and_their_cap_bounds_the_size():
    absent = p.Rule("absent.plenary", "无故缺席全会", "次", -10, cap=15)
    result = p.ledger([DUTY, absent], facts(p.DUTY_ITEM, 5) + facts("absent.plenary", 2))
    assert [line.points for line in result.lines if line.code == "absent.plenary"] == [-10, -5]
    assert result.total == 30 - 15


def test_units_of_one_fact_count_against_the_cap_together():
    rule = p.Rule("present.group_activity", "出席室组活动", "次", 1, cap=6)
    result = p.ledger([rule], [p.Fact("present.group_activity", "室组活动出席 8 次", units=8)])
    assert result.lines[0].points == 6 and result.lines[0].full == 8


def test_adjustments_add_to_the_total_with_their_reason():
    result = p.ledger([DUTY], facts(p.DUTY_ITEM, 10), [p.Adjustment(-5, "材料不实")])
    assert result.earned == 60 and result.adjusted == -5 and result.total == 55


def test_attendance_counts_go_to_the_kinds_own_rule_else_the_other_rule():
    rules = p.default_rules()
    codes = [r.code for r in rules]
    counts = {("plenary", "absent"): 1, ("chair_meeting", "present"): 2, ("plenary", "present"): 0}
    got = {f.code: f.units for f in p.attendance_facts(counts, codes)}
    assert got == {"absent.plenary": 1, "present.other": 2}
    result = p.ledger(rules, p.attendance_facts(counts, codes))
    assert result.total == -10 + 2


def test_attendance_lines_name_every_meeting_kind_in_chinese():
    codes = [r.code for r in p.default_rules()]
    counts = {("chair_meeting", "present"): 2, ("plenary_prep", "excused"): 1}
    titles = [f.title for f in p.attendance_facts(counts, codes)]
    assert titles == ["主席会议出席 2 次", "全会预备会议请假 1 次"]


def test_default_catalogue_weighs_a_missed_plenary_far_above_a_missed_activity():
    rules = {r.code: r for r in p.default_rules()}
    assert rules["absent.plenary"].points <= 5 * rules["absent.group_activity"].points
    assert all(r.active == (r.points != 0) for r in rules.values())
    assert len({r.order for r in rules.values()}) == len(rules)


def test_rule_validation_allows_penalties_and_refuses_a_zero_cap():
    assert p.validate_rule(-10, None) is None
    assert p.validate_rule(5, 0) is not None
    assert p.validate_rule(None, None) == "请填写每单位分值"
    assert p.validate_rule(p.POINTS_LIMIT + 1, None) is not None


def test_grades_at_exactly_the_thresholds():
    t = p.Thresholds()
    assert p.grade(90, t) == p.EXCELLENT
    assert p.grade(89, t) == p.GOOD
    assert p.grade(80, t) == p.GOOD
    assert p.grade(79, t) == p.COMPETENT
    assert p.grade(60, t) == p.COMPETENT
    assert p.grade(59, t) == p.INCOMPETENT
    assert p.grade(-20, t) == p.INCOMPETENT


def test_thresholds_of_a_year_are_its_own():
    t = p.Thresholds(excellent=85, good=75, competent=50)
    assert p.grade(85, t) == p.EXCELLENT and p.grade(50, t) == p.COMPETENT
    assert p.validate_thresholds(t) is None
    assert p.validate_thresholds(p.Thresholds(80, 80, 60)) == "分数线须满足 优秀 > 良好 > 称职"


def test_self_summary_may_be_written_on_the_cut_off_day_but_not_after():
    until = p.default_summary_until(2026)
    assert until == date(2027, 1, 15)
    assert p.summary_refusal(date(2027, 1, 15), until) is None
    assert p.summary_refusal(date(2027, 1, 16), until) == "述职已于 2027年1月15日 截止，不能再修改"


def test_the_summary_reminder_opens_a_fortnight_before_the_cut_off_and_ends_on_it():
    until = date(2027, 1, 15)
    assert not p.summary_reminder_open(date(2026, 12, 31), until)
    assert p.summary_reminder_open(date(2027, 1, 1), until)
    assert p.summary_reminder_open(until, until)
    assert not p.summary_reminder_open(date(2027, 1, 16), until)
    assert p.summary_years(date(2027, 1, 5)) == (2026, 2027)


def test_the_same_adjustment_again_is_refused_for_ten_minutes():
    from datetime import timedelta

    assert p.REPEAT_WINDOW == timedelta(minutes=10)
    assert p.repeat_refusal(5) == "10 分钟内已记入相同的积分调整（+5），未重复记入。"
    assert p.repeat_refusal(-3) == "10 分钟内已记入相同的积分调整（-3），未重复记入。"


def test_a_matter_keeps_its_points_through_every_later_stage():
    """Only a step that undoes what the rule counts (撤销立案, 并案, 取消选用, 撤回) takes the
    points away: an adopted report that a leader instructs and that is assigned, or a selected
    speech that is assigned, keeps them."""
    from lvzhi.domain.loop_specs import spec

    leaving = set()
    for rule, (loop, stages) in p.MATTER_SOURCES.items():
        for t in spec(loop).workflow.transitions:
            leaving |= {
                (rule, t.action)
                for s in t.sources
                if s in stages and t.target not in (None, *stages)
            }
    assert leaving == {
        (p.PROPOSAL_FILED, "unfile"),
        (p.PROPOSAL_FILED, "merge"),
        (p.SPEECH_SELECTED, "unselect"),
        (p.SPEECH_SELECTED, "withdraw"),
    }
