"""What the overdue count costs: it runs in every leader's and department contact's top bar,
so it groups the overdue list's rows by their deadline inputs (the rule judged once a group)
instead of building the list — and still counts exactly what the list shows."""

from __future__ import annotations

from datetime import timedelta

from lvzhi.clock import local_today
from lvzhi.domain import loops as rules
from lvzhi.extensions import db
from lvzhi.selectors import overdue as overdue_sel

from ..factories import gen_department, gen_matter, gen_meeting, gen_suggestions, world


def _calls(monkeypatch, module, name: str) -> list:
    """Record each call of ``module.name`` (still calling it)."""
    seen: list = []
    real = getattr(module, name)

    def counting(*args, **kwargs):
        seen.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counting)
    return seen


def three_late_one_not():
    """A world with three 社情民意 reports overdue and one assigned today."""
    w = world()
    dept = gen_department(w.org, "县水利局")
    long_ago = local_today() - timedelta(days=200)
    for k in range(3):
        gen_matter(w, "public_opinion", f"逾期{k}", dept, long_ago)
    gen_matter(w, "public_opinion", "未到期", dept, local_today())
    db.session.commit()
    return w


def _overdue(org_id: int, **kw) -> list:
    return [r for r in overdue_sel.late(org_id, **kw) if r.state == rules.OVERDUE]


def test_the_overdue_count_judges_each_group_of_same_deadline_inputs_once(
    app, monkeypatch, statements
):
    w = world()
    dept = gen_department(w.org, "县水利局")
    long_ago, later = local_today() - timedelta(days=200), local_today() - timedelta(days=150)
    for k in range(8):  # same loop, kind and 交办 day: one group
        gen_matter(w, "public_opinion", f"同日交办{k}", dept, long_ago)
    gen_matter(w, "public_opinion", "另一天交办", dept, later)
    topic = gen_matter(w, "consultation", "带建议的协商", dept, long_ago)
    for s in gen_suggestions(w, topic, [f"建议{k}" for k in range(10)], dept):
        s.assigned_on = long_ago
    db.session.commit()
    org_id, dept_id = w.org.id, dept.id
    listed, mine = _overdue(org_id), _overdue(org_id, department_id=dept_id)
    listed_suggestions = [r for r in mine if r.suggestion_id is not None]

    overdue_sel._verdicts.cache_clear()  # judged afresh, whatever earlier tests judged
    matter_rule = _calls(monkeypatch, overdue_sel, "feedback_due")
    suggestion_rule = _calls(monkeypatch, overdue_sel, "suggestion_due")
    with statements() as n:
        everything = overdue_sel.overdue_count(org_id)
    assert everything == len(listed) == 8 + 1 + 1 + 10
    # the body's stamp (the count is kept under it: stamps.kept), the calendar, the matters'
    # groups, the co-handlers' owed 会办意见 grouped, the suggestions' groups
    assert n() == 5
    assert len(matter_rule) == 3  # 8 on one day, 1 another day, the consultation
    assert len(suggestion_rule) == 1  # ten suggestions assigned the same day
    with statements() as n:
        suggestions_only = overdue_sel.overdue_count(org_id, None, dept_id, matters=False)
    assert suggestions_only == len(listed_suggestions) == 10
    assert n() == 2  # no matters are read for the department's suggestion count (stamp read)


def test_the_leaders_hub_counts_the_overdue_list_without_building_it(
    app, client, auth, monkeypatch
):
    import re

    three_late_one_not()
    auth.login("lingdao")
    listed = client.get("/board/overdue").get_data(as_text=True)
    assert "已逾期 3 项" in listed
    built = _calls(monkeypatch, overdue_sel, "Late")
    hub = client.get("/board/loops").get_data(as_text=True)
    assert re.search(r"逾期反馈</span><span class=\"hub-count\"><strong>3</strong>", hub)
    assert built == []  # counted from grouped rows, no list built


def test_the_overdue_count_keeps_its_verdicts_for_the_day_and_the_calendar(
    app, monkeypatch, travel
):
    w = three_late_one_not()
    overdue_sel._verdicts.cache_clear()
    assert overdue_sel.overdue_count(w.org.id) == 3
    judged = _calls(monkeypatch, overdue_sel, "feedback_due")
    assert overdue_sel.overdue_count(w.org.id) == 3  # the next page's badge, the same day
    assert judged == []
    gen_meeting(w.org, "plenary", local_today() - timedelta(days=1))
    db.session.commit()
    counted = overdue_sel.overdue_count(w.org.id)  # a new calendar: its two groups judged
    assert len(judged) == 2
    assert counted == len(_overdue(w.org.id))
    travel(local_today() + timedelta(days=400))
    judged.clear()
    counted = overdue_sel.overdue_count(w.org.id)  # a new day: judged again
    assert len(judged) == 2
    assert counted == len(_overdue(w.org.id)) == 4


def test_a_co_handlers_late_opinion_is_on_the_overdue_list_until_it_is_sent(app):
    """The 会办意见 has its own deadline (a month after 交办 by default): owed past it, the
    co-handling department is on the secretariat's and leaders' overdue list and in their
    count — as on its own portal — until it sends the opinion."""
    from lvzhi.services.loop_handling import matter_co_opinion
    from lvzhi.services.loop_intake import matter_accept

    from ..conftest import forget_kept
    from ..factories import gen_assigned_proposal

    w = world()
    lead, co = gen_department(w.org, "县发改局"), gen_department(w.org, "县经信局")
    today = local_today()
    m = gen_assigned_proposal(w, lead, [co], assigned_on=today - timedelta(days=40))
    matter_accept(w.secretariat_user, m, lead)
    db.session.commit()
    rows = _overdue(w.org.id)
    assert [(r.what, r.department, r.state) for r in rows] == [("会办意见", "县经信局", "overdue")]
    assert [r.what for r in _overdue(w.org.id, department_id=co.id)] == ["会办意见"]
    assert _overdue(w.org.id, department_id=lead.id) == []
    forget_kept()
    assert overdue_sel.overdue_count(w.org.id) == 1
    matter_co_opinion(w.secretariat_user, m, "建议纳入采购目录", department=co)
    db.session.commit()
    forget_kept()
    assert _overdue(w.org.id) == [] and overdue_sel.overdue_count(w.org.id) == 0
