"""The points ledger (积分) and the year's assessment (考评), pure.

A year's **rules** say how many points one unit of a kind of fact is worth (negative for a
penalty), the unit's word, an optional yearly cap on the rule's points (on their size, for a
penalty) and whether the rule counts at all. **Facts** are what the year's records say about a
member — a 十个一 item done, a filed proposal, an adopted public-opinion report, a count of
meetings attended / excused / missed by meeting kind — each naming its source. ``ledger()``
turns rules + facts + the secretariat's adjustments into lines and a total; ``grade()`` reads
the total against the year's thresholds. Nothing here reads a database: the selectors gather
the facts with GROUP BY queries and the ledger is derived on every read, so it always agrees
with its sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from .calendar import MEETING_KINDS

# --- sources: what a rule counts -------------------------------------------------------------

BASE = "base"  # every active member, once a year: the 基础分 the other rules add to or take from
DUTY_ITEM = "duty_item"  # one 十个一 item done (confirmed records reach its required count)
PROPOSAL_FILED = "proposal_filed"
PUBLIC_OPINION_ADOPTED = "public_opinion_adopted"
SPEECH_SELECTED = "speech_selected"

# a matter counts for its proposer once its loop's stage is one of these (the stages at and
# after the step the rule names: a filed proposal stays counted while it is handled)
MATTER_SOURCES: dict[str, tuple[str, tuple[str, ...]]] = {
    PROPOSAL_FILED: (
        "proposal",
        ("filed", "assigned", "handling", "replied", "rehandling", "closed"),
    ),
    PUBLIC_OPINION_ADOPTED: (
        "public_opinion",
        ("adopted", "forwarded", "instructed", "assigned", "handling", "feedback"),
    ),
    SPEECH_SELECTED: ("speech", ("selected", "instructed", "assigned", "handling", "feedback")),
}

# attendance: a rule per outcome and event kind, ``<outcome>.<kind>``; an event of a kind
# with no rule of its own counts under ``<outcome>.other``
PRESENT, EXCUSED, ABSENT = "present", "excused", "absent"
OUTCOMES = {PRESENT: "出席", EXCUSED: "请假", ABSENT: "缺席"}
RULE_NAMES = {PRESENT: "出席{}", EXCUSED: "{}请假", ABSENT: "无故缺席{}"}
GROUP_ACTIVITY = "group_activity"
OTHER_KIND = "other"
ATTENDANCE_KINDS = {
    "plenary": "全会",
    "standing_committee": "常委会会议",
    GROUP_ACTIVITY: "室组活动",
    OTHER_KIND: "其他会议",
}


def kind_label(kind: str) -> str:
    """An event kind in words: the rule's own kinds, any meeting kind, else 其他会议."""
    return ATTENDANCE_KINDS.get(kind) or MEETING_KINDS.get(kind, ATTENDANCE_KINDS[OTHER_KIND])


def attendance_code(outcome: str, kind: str, codes: Iterable[str]) -> str:
    """The rule a present / excused / absent at an event of ``kind`` counts under: the kind's
    own rule when the year has one (active or not), else the ``other`` rule."""
    own = f"{outcome}.{kind}"
    return own if own in set(codes) else f"{outcome}.{OTHER_KIND}"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    unit: str  # 项 / 件 / 篇 / 次
    points: int  # per unit; negative for a penalty
    cap: int | None = None  # the most points (in size) the rule gives in a year
    active: bool = True
    order: int = 0


def _attendance_defaults() -> list[Rule]:
    # *default*: attending earns a little, a missed plenary costs far more than a missed
    # activity (DOMAIN.md "Attendance"); an approved leave costs nothing but at the plenary
    points = {
        PRESENT: {"plenary": (3, 6), "standing_committee": (2, 8), GROUP_ACTIVITY: (1, 6)},
        EXCUSED: {"plenary": (-1, None)},
        ABSENT: {
            "plenary": (-10, None),
            "standing_committee": (-5, None),
            GROUP_ACTIVITY: (-2, None),
        },
    }
    other = {PRESENT: (1, 5), EXCUSED: (0, None), ABSENT: (-3, None)}
    rules = []
    for outcome in OUTCOMES:
        for kind, kind_label in ATTENDANCE_KINDS.items():
            fallback = other[outcome] if kind == OTHER_KIND else (0, None)
            value, cap = points[outcome].get(kind, fallback)
            name = RULE_NAMES[outcome].format(kind_label)
            rules.append(Rule(f"{outcome}.{kind}", name, "次", value, cap, active=value != 0))
    return rules


def default_rules() -> list[Rule]:
    """The *default* catalogue a year starts with when it has none of its own."""
    rules = [
        Rule(BASE, "年度基础分", "年", 40, None),
        Rule(DUTY_ITEM, "完成十个一事项", "项", 6, 60),
        Rule(PROPOSAL_FILED, "提案立案", "件", 5, 10),
        Rule(PUBLIC_OPINION_ADOPTED, "社情民意信息被采用", "篇", 3, 9),
        Rule(SPEECH_SELECTED, "大会发言被选用", "篇", 3, 6),
        *_attendance_defaults(),
    ]
    return [
        Rule(r.code, r.name, r.unit, r.points, r.cap, r.active, order=i + 1)
        for i, r in enumerate(rules)
    ]


POINTS_LIMIT = 1000  # the size of points per unit, a cap, an adjustment

# the same adjustment (member, year, points, reason, by the same hand) again within this
# window is a double tap or Back-then-resend, not a second adjustment
REPEAT_WINDOW = timedelta(minutes=10)


def repeat_refusal(points: int) -> str:
    minutes = REPEAT_WINDOW // timedelta(minutes=1)
    return f"{minutes} 分钟内已记入相同的积分调整（{points:+d}），未重复记入。"


def validate_rule(points: int | None, cap: int | None) -> str | None:
    """A refusal in Chinese, or None. Points per unit may be negative (a penalty); a cap is
    a positive number or none."""
    if points is None:
        return "请填写每单位分值"
    if abs(points) > POINTS_LIMIT:
        return f"每单位分值须在 -{POINTS_LIMIT} 到 {POINTS_LIMIT} 之间"
    if cap is not None and not 1 <= cap <= POINTS_LIMIT:
        return f"年度上限须在 1 到 {POINTS_LIMIT} 之间，不设上限请留空"
    return None


# --- facts, lines, the ledger ------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """What the records say: ``units`` of rule ``code`` from one source (a 十个一 item, a
    matter, a count of meetings). ``source`` is (kind, key) for the link; ``on`` orders the
    facts of one rule (the cap keeps the earliest)."""

    code: str
    title: str
    units: int = 1
    source: tuple[str, object] | None = None
    on: date | None = None


@dataclass(frozen=True)
class Adjustment:
    """The secretariat's hand correction, with its reason (the only points typed by hand)."""

    points: int
    reason: str
    on: date | None = None
    by: str = ""


@dataclass
class Line:
    code: str
    rule: str  # the rule's name
    title: str
    units: int
    points: int  # after the cap
    full: int  # before the cap
    source: tuple[str, object] | None = None
    on: date | None = None

    @property
    def capped(self) -> bool:
        return self.points != self.full


@dataclass
class RuleSum:
    code: str
    name: str
    unit: str
    units: int = 0
    points: int = 0
    cap: int | None = None

    @property
    def at_cap(self) -> bool:
        return self.cap is not None and abs(self.points) >= self.cap


@dataclass
class Ledger:
    lines: list[Line] = field(default_factory=list)
    adjustments: list[Adjustment] = field(default_factory=list)
    by_rule: list[RuleSum] = field(default_factory=list)

    @property
    def earned(self) -> int:
        return sum(line.points for line in self.lines)

    @property
    def adjusted(self) -> int:
        return sum(a.points for a in self.adjustments)

    @property
    def total(self) -> int:
        return self.earned + self.adjusted


def ledger(
    rules: Iterable[Rule], facts: Iterable[Fact], adjustments: Iterable[Adjustment] = ()
) -> Ledger:
    """One line per fact of an active rule, worth units × points, the rule's running total
    held to its yearly cap (earliest facts first; the fact that crosses the cap gets what is
    left, later ones 0). Facts of an inactive or unknown rule give no line."""
    by_code = {r.code: r for r in rules}
    sums: dict[str, RuleSum] = {}
    result = Ledger(adjustments=list(adjustments))
    ordered = sorted(
        (f for f in facts if f.code in by_code and by_code[f.code].active),
        key=lambda f: (by_code[f.code].order, f.code, f.on or date.min, f.title),
    )
    for fact in ordered:
        rule = by_code[fact.code]
        s = sums.setdefault(rule.code, RuleSum(rule.code, rule.name, rule.unit, cap=rule.cap))
        full = fact.units * rule.points
        points = full
        if rule.cap is not None:
            room = max(0, rule.cap - abs(s.points))
            points = max(-room, min(room, full))
        s.units += fact.units
        s.points += points
        result.lines.append(
            Line(rule.code, rule.name, fact.title, fact.units, points, full, fact.source, fact.on)
        )
    result.by_rule = list(sums.values())
    return result


def rule_points(rule: Rule, units: int) -> int:
    """What ``units`` of ``rule`` earn in a year: units × points, held to the rule's yearly cap
    in size; nothing for an inactive rule. The sum of ``ledger()``'s lines of one rule (every
    fact of a rule has the sign of its points, so capping fact by fact ends where capping the
    sum does); the assessment table computes it in SQL from the same rules
    (``selectors.scores``)."""
    if not rule.active:
        return 0
    full = units * rule.points
    return full if rule.cap is None else max(-rule.cap, min(rule.cap, full))


def attendance_facts(counts: dict[tuple[str, str], int], codes: Iterable[str]) -> list[Fact]:
    """Facts from a member's attendance counts ``{(kind, outcome): n}``: one per kind and
    outcome, under the rule ``attendance_code`` picks."""
    codes = list(codes)
    facts = []
    for (kind, outcome), n in sorted(counts.items()):
        if n and outcome in OUTCOMES:
            label = kind_label(kind)
            facts.append(
                Fact(
                    attendance_code(outcome, kind, codes),
                    f"{label}{OUTCOMES[outcome]} {n} 次",
                    n,
                    ("attendance", kind),
                )
            )
    return facts


# --- grades ----------------------------------------------------------------------------------

EXCELLENT, GOOD, COMPETENT, INCOMPETENT = "excellent", "good", "competent", "incompetent"
GRADES = {EXCELLENT: "优秀", GOOD: "良好", COMPETENT: "称职", INCOMPETENT: "不称职"}


@dataclass(frozen=True)
class Thresholds:
    """The lowest total of each grade (*default* 优秀 ≥ 90, 良好 ≥ 80, 称职 ≥ 60)."""

    excellent: int = 90
    good: int = 80
    competent: int = 60


def validate_thresholds(t: Thresholds) -> str | None:
    if None in (t.excellent, t.good, t.competent):
        return "请填写各等次的分数线"
    if not t.excellent > t.good > t.competent:
        return "分数线须满足 优秀 > 良好 > 称职"
    if t.competent < -POINTS_LIMIT or t.excellent > POINTS_LIMIT:
        return f"分数线须在 -{POINTS_LIMIT} 到 {POINTS_LIMIT} 之间"
    return None


def grade_bands(t: Thresholds) -> list[tuple[str, int]]:
    """(grade, lowest total) from the best grade down; a total below them all is 不称职."""
    return [(EXCELLENT, t.excellent), (GOOD, t.good), (COMPETENT, t.competent)]


def grade(total: int, t: Thresholds) -> str:
    """The grade of a total: a threshold reached exactly is that grade."""
    return next((g for g, lowest in grade_bands(t) if total >= lowest), INCOMPETENT)


# --- the self-summary (述职) -------------------------------------------------------------------

SUMMARY_MAX = 800  # characters


def default_summary_until(year: int) -> date:
    """*default* cut-off for a year's self-summaries: 15 January of the next year."""
    return date(year + 1, 1, 15)


def summary_refusal(today: date, until: date) -> str | None:
    """A member may write the summary until the cut-off day, that day included."""
    if today > until:
        return f"述职已于 {until.year}年{until.month}月{until.day}日 截止，不能再修改"
    return None


SUMMARY_REMINDER_DAYS = 14  # the 待办 "填写年度述职" shows this many days before the cut-off


def summary_years(today: date) -> tuple[int, int]:
    """The years whose 述职 cut-off can be near ``today``: last year's (January by default)
    and this year's (a cut-off the secretariat set in December)."""
    return (today.year - 1, today.year)


def summary_reminder_open(today: date, until: date) -> bool:
    """A member who has not written the year's 述职 is reminded from SUMMARY_REMINDER_DAYS
    days before the cut-off until the cut-off day itself."""
    first, last = summary_reminder_cutoffs(today)
    return first <= until <= last


def summary_reminder_cutoffs(today: date) -> tuple[date, date]:
    """The cut-offs whose reminder is open on ``today``: from today to SUMMARY_REMINDER_DAYS
    days on (``summary_reminder_open``, in the form a query can use)."""
    return today, today + timedelta(days=SUMMARY_REMINDER_DAYS)
