"""The head and leader homes cost the same at 250 and at 2,500 members: a fixed number of
statements, and no member loaded into Python beyond those the page lists (the leader home's
figures are summed in SQL; the head home lists only the head's own group)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event, func, insert, select

from lvzhi.extensions import db
from lvzhi.models import DutyRecord, Member

from ..factories import gen_duty_items, world


def grow(org, group, year_items, total: int) -> None:
    """Add active members to ``group`` until ``org`` has ``total``, each with three items
    confirmed and one submitted."""
    have = db.session.scalar(select(func.count(Member.id)).where(Member.org_id == org.id))
    first = db.session.scalar(select(func.max(Member.id))) + 1
    db.session.execute(
        insert(Member),
        [
            {
                "id": first + n,
                "org_id": org.id,
                "name": f"增员{first + n}",
                "mobile": f"139{first + n:08d}",
                "office_group_id": group.id,
            }
            for n in range(total - have)
        ],
    )
    db.session.execute(
        insert(DutyRecord),
        [
            {
                "org_id": org.id,
                "member_id": first + n,
                "item_id": item.id,
                "year": item.year,
                "occurred_on": item.created_at.date(),
                "title": "一次履职活动",
                "status": "submitted" if k == 3 else "confirmed",
            }
            for n in range(total - have)
            for k, item in enumerate(year_items[:4])
        ],
    )
    db.session.commit()


@contextmanager
def members_loaded():
    """How many Member rows the ORM turns into objects inside the block."""
    count = 0

    def loaded(*_args):
        nonlocal count
        count += 1

    event.listen(Member, "load", loaded)
    event.listen(Member, "refresh", loaded)
    try:
        yield lambda: count
    finally:
        event.remove(Member, "load", loaded)
        event.remove(Member, "refresh", loaded)


def costs_the_same_at_2500(client, statements, path, w, year_items, most_members: int):
    """``path`` runs the same statements and loads the same members (at most
    ``most_members``) before and after the world's body grows to 2,500 members."""
    assert client.get(path).status_code == 200
    with statements() as small, members_loaded() as small_loaded:
        assert client.get(path).status_code == 200
    grow(w.org, w.other_group, year_items, 2500)
    with statements() as big, members_loaded() as big_loaded:
        page = client.get(path)
    assert page.status_code == 200
    assert big() == small()
    assert big_loaded() == small_loaded() <= most_members
    return page


def varied_body(count: int, status):
    """``count`` members of the world's body, some in no group, one inactive, with records
    of ``status(n, k)`` on their first n % 11 items; odd ones a second confirmation of an
    item needing two and a draft. Another body has its own checklist."""
    from lvzhi.models import DutyItem

    from ..factories import gen_member, gen_record

    w = world()
    year_items = gen_duty_items(w.org)
    db.session.get(DutyItem, year_items[1].id).required = 2
    gen_duty_items(w.other_org)
    for n in range(count):
        m = gen_member(w.org, office_group_id=w.group.id if n % 3 else None, is_active=n != 5)
        for k, item in enumerate(year_items[: n % 11]):
            gen_record(m, item.code, status=status(n, k))
        if n % 2:
            gen_record(m, year_items[1].code)  # the second confirmation of item 2
            gen_record(m, year_items[9].code, status="draft")
    return w, year_items


@pytest.mark.parametrize(
    "username, path", [("lingdao", "/board/"), ("shizu", "/group/")], ids=["leader", "head"]
)
def test_home_costs_the_same_at_250_and_2500_members(app, client, auth, statements, username, path):
    w = world()
    year_items = gen_duty_items(w.org)
    grow(w.org, w.group, year_items, 30)  # the head's group: 30 members
    grow(w.org, w.other_group, year_items, 250)
    auth.login(username)
    costs_the_same_at_2500(client, statements, path, w, year_items, most_members=30)


def test_completion_summed_in_sql_agrees_with_each_members_progress(app):
    """The leader home's SQL sums give what adding up every member's progress gives:
    items needing two confirmations, drafts and returned records, inactive and unassigned
    members, other bodies' records."""
    from lvzhi.selectors import duty_overview as overview_sel

    from ..factories import gen_record

    w, year_items = varied_body(12, lambda n, k: "confirmed" if (n + k) % 4 else "returned")
    for item in year_items:
        gen_record(w.member, item.code)
        gen_record(w.outsider, item.code)
    gen_record(w.member, year_items[1].code)
    db.session.commit()

    year = year_items[0].year
    done = overview_sel.completion(w.org.id, year)
    grid = overview_sel.grid(w.org.id, year, Member.org_id == w.org.id)
    assert (done.members, done.done_all) == (len(grid.rows), grid.done_all) == (15, 1)
    assert done.average == pytest.approx(grid.average)
    by_group: dict = {}
    for row in grid.rows:
        key = row.member.office_group_id
        members, all_done, items_done = by_group.get(key, (0, 0, 0))
        by_group[key] = (
            members + 1,
            all_done + row.progress.all_done,
            items_done + row.progress.done_count,
        )
    assert {c.key: (c.members, c.all_done, c.items_done) for c in done.by_group} == by_group
    assert [c.name for c in done.by_group if c.key is None] == ["（未分配）"]
    assert [c.average for c in done.by_group] == sorted(c.average for c in done.by_group)


def test_the_boards_duty_figures_from_one_statement_agree_with_each_members_progress(app):
    """The leaders' board reads the completion, each item's count and the laggards from ONE
    statement: they are what the completion's own statement and every member's progress
    give (the same varied body as above, with more laggards than the board lists)."""
    from lvzhi.selectors import board as board_sel
    from lvzhi.selectors import duty_overview as overview_sel

    w, year_items = varied_body(14, lambda n, k: "confirmed" if (n + k) % 4 else "returned")
    db.session.commit()
    year = year_items[0].year
    figures = board_sel.duty_figures(w.org.id, year)
    assert figures.completion == overview_sel.completion(w.org.id, year)
    grid = overview_sel.grid(w.org.id, year, Member.org_id == w.org.id)
    assert figures.done_by_item == {
        item.id: n
        for item, n in (
            (item, sum(r.progress.items[k].done for r in grid.rows))
            for k, item in enumerate(year_items)
        )
        if n
    }
    lagging = sorted(
        (r for r in grid.rows if not r.progress.all_done),
        key=lambda r: (r.progress.done_count, r.member.name, r.member.id),
    )
    assert len(lagging) > board_sel.LAGGARDS
    assert [(lag.member_id, lag.done) for lag in figures.laggards] == [
        (r.member.id, r.progress.done_count) for r in lagging[: board_sel.LAGGARDS]
    ]
    assert board_sel.duty_figures(w.other_org.id, year - 1) == board_sel.DutyFigures(
        overview_sel.Completion([]), {}, []
    )


@pytest.mark.parametrize("path", ["/secretariat/duties", "/board/duties"])
def test_body_overview_costs_the_same_at_250_and_2500_members(app, client, auth, statements, path):
    """The body-wide 十个一 overview pages its rows in SQL: the same statements and only the
    page's 50 members loaded, whether the body has 250 members or 2,500."""
    w = world()
    year_items = gen_duty_items(w.org)
    grow(w.org, w.other_group, year_items, 250)
    auth.login("jiguan" if path.startswith("/secretariat") else "lingdao")
    assert client.get(path).status_code == 200
    with statements() as small, members_loaded() as small_loaded:
        assert client.get(f"{path}?page=2&sort=done").status_code == 200
    grow(w.org, w.other_group, year_items, 2500)
    with statements() as big, members_loaded() as big_loaded:
        page = client.get(f"{path}?page=2&sort=done")
    assert page.status_code == 200
    assert "共 2500 名委员" in page.get_data(as_text=True)
    assert big() == small()
    assert big_loaded() == small_loaded() <= 50


@pytest.mark.parametrize("sort", ["lagging", "done", "name"])
def test_grid_paged_in_sql_shows_what_the_whole_grid_showed(app, sort):
    """Page after page, the SQL-paged overview lists the members, cells and figures that
    sorting and slicing the whole grid in Python gave, with and without a filter."""
    from lvzhi.selectors import duty_overview as overview_sel

    from ..factories import gen_record

    w, year_items = varied_body(
        23, lambda n, k: ("confirmed", "submitted", "returned")[(n + k) % 3]
    )
    for item in year_items:
        gen_record(w.outsider, item.code)
    db.session.commit()

    year = year_items[0].year
    scope = Member.org_id == w.org.id

    def shown(rows):
        return [
            (r.member.id, r.pending, [(c.code, c.state, c.confirmed, c.pending) for c in r.cells])
            for r in rows
        ]

    for filters in ({}, {"group": w.group.id}):
        whole = overview_sel.grid(w.org.id, year, scope, sort=sort, **filters)
        pages = [
            overview_sel.grid_page(w.org.id, year, scope, sort=sort, page=1, per_page=4, **filters)
        ]
        while pages[-1].page.has_next:
            pages.append(
                overview_sel.grid_page(
                    w.org.id,
                    year,
                    scope,
                    sort=sort,
                    page=pages[-1].page.next_num,
                    per_page=4,
                    **filters,
                )
            )
        assert shown(r for p in pages for r in p.rows) == shown(whole.rows)
        first = pages[0]
        assert (first.total, first.done_all, first.distribution()) == (
            whole.total,
            whole.done_all,
            whole.distribution(),
        )
        assert first.average == pytest.approx(whole.average)
        assert len(pages) == first.page.pages > 1


def test_archive_statements_do_not_grow_with_the_years_and_progress_matches(
    app, client, auth, statements
):
    """The member's archive loads every year's items and meetings in one statement each and
    counts each year's progress from the records it lists: five years cost what two do, and
    each year's progress is what the per-year GROUP BY gives."""
    from datetime import date

    from lvzhi.selectors import duties as sel
    from lvzhi.selectors import own_records
    from lvzhi.selectors.duty_archive import archive

    from ..factories import gen_invited, gen_meeting, gen_record

    w = world()
    this_year = gen_duty_items(w.org)[0].year

    def add_year(year: int) -> None:
        gen_record(w.member, "proposal", on=date(year, 3, 1))
        gen_record(w.member, "proposal", status="submitted", on=date(year, 4, 1))
        gen_record(w.member, "research", status="returned", on=date(year, 5, 1))
        meeting = gen_meeting(w.org, held_on=date(year, 1, 9), kind="plenary", title="全会")
        gen_invited(meeting, [w.member])  # the archive lists the meetings the member was at
        db.session.commit()

    add_year(this_year)
    add_year(this_year - 1)
    auth.login("weiyuan")
    with statements() as two_years:
        assert client.get("/member/archive").status_code == 200
    for year in range(this_year - 4, this_year - 1):
        add_year(year)
    with statements() as five_years:
        page = client.get("/member/archive")
    assert page.status_code == 200
    assert five_years() == two_years()

    shown = archive(w.member)
    assert [y.year for y in shown["years"]] == list(range(this_year, this_year - 5, -1))
    for y in shown["years"]:
        active = [i for i in y.items if not i.retired]
        assert y.progress == sel.member_progress(w.member.id, active)
        assert [i.held_on.year for i in y.attendance] == [y.year]
        for item in y.items:  # the item page counts the same from its one read of the year
            progress, records, _files = own_records.item_page(w.member.id, item)
            assert progress == y.progress
            expected = sel.records(w.member.id, item_id=item.id)
            assert [(r.id, r.status, r.version) for r in records] == [
                (r.id, r.status, r.version) for r in expected
            ]


@pytest.mark.parametrize(
    "username, path",
    [
        ("jiguan", "/secretariat/assessment?page=2"),
        ("lingdao", "/board/assessment?page=2&grade=incompetent"),
        ("lingdao", "/dashboard/"),
        ("weiyuan", "/member/assessment"),
    ],
    ids=["secretariat-table", "leader-table", "leaders-board", "member-ledger"],
)
def test_assessment_pages_cost_the_same_at_250_and_2500_members(
    app, client, auth, statements, username, path
):
    """The year's points and grades are summed, counted by grade and paged in SQL: the same
    statements and no more members loaded than a page lists (30), at 250 members or 2,500."""
    w = world()
    year_items = gen_duty_items(w.org)
    grow(w.org, w.other_group, year_items, 250)
    auth.login(username)
    costs_the_same_at_2500(client, statements, path, w, year_items, most_members=30)
