"""Numbers out of range — in URL paths and in query strings — answer 404 or the page as if
the value were not there; never a 500. Every route of the app is walked."""

from __future__ import annotations

import re

import pytest
from werkzeug.routing import IntegerConverter

from lvzhi.clock import local_today
from lvzhi.extensions import db

from ..factories import gen_duty_items, world

TODAY = local_today()
GOOD = {
    "year": str(TODAY.year),
    "month": str(TODAY.month),
    "quarter": str((TODAY.month - 1) // 3 + 1),
    "code": "proposal",
    "kind": "committees",
    "direction": "up",
    "role": "member",
    "token": "x",
}
HOSTILE_NUMBERS = ["0", "1999", "10000", "2147483648", "9223372036854775808", "9" * 5000]
HOSTILE_ARGS = ["-1", "0", "10000", "99999999999999999999", "0001-01-01", "9999-12-31"]
QUERY_ARGS = ["page", "group", "committee", "sector", "member", "year", "month", "from", "to"]
ROLES = ["secretariat", "member", "group_head"]
LOGIN = {"secretariat": "jiguan", "member": "weiyuan", "group_head": "shizu"}


def numeric_args(rule) -> list[str]:
    return [name for name, conv in rule._converters.items() if isinstance(conv, IntegerConverter)]


def url_for_rule(rule, values: dict[str, str]) -> str:
    """The rule's URL with ``values`` (else a good value) in its variable parts."""

    def part(match: re.Match) -> str:
        name = match.group(1)
        return values.get(name, GOOD.get(name, "1"))

    return re.sub(r"<(?:[^:<>]+:)?(\w+)>", part, rule.rule)


@pytest.fixture
def logged_in(app, client, auth, request):
    w = world()
    gen_duty_items(w.org)
    db.session.commit()
    auth.login(LOGIN[request.param])
    return client


def routes(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint != "static"]


@pytest.mark.parametrize("logged_in", ROLES, indirect=True)
def test_every_route_answers_out_of_range_path_numbers_without_a_500(app, logged_in):
    walked = 0
    for rule in routes(app):
        for name in numeric_args(rule):
            for value in HOSTILE_NUMBERS:
                url = url_for_rule(rule, {name: value})
                method = "GET" if "GET" in rule.methods else "POST"
                response = logged_in.open(url, method=method)
                assert response.status_code < 500, (url[:120], response.status_code)
                walked += 1
    assert walked > 200


@pytest.mark.parametrize("logged_in", ROLES, indirect=True)
def test_every_page_ignores_out_of_range_query_numbers_and_dates(app, logged_in):
    pages = [
        url_for_rule(r, {})
        for r in routes(app)
        if "GET" in r.methods and r.endpoint != "auth.logout"
    ]
    pages.append("/secretariat/audit?format=xlsx")
    for page in pages:
        joiner = "&" if "?" in page else "?"
        for value in HOSTILE_ARGS:  # every argument at once: each is read independently
            url = page + joiner + "&".join(f"{arg}={value}" for arg in QUERY_ARGS)
            response = logged_in.get(url)
            assert response.status_code < 500, (url, response.status_code)


def test_years_outside_2000_to_2100_are_not_found(app, client, auth):
    world()
    auth.login("weiyuan")
    for year in ("1999", "2101", "10000"):
        assert client.get(f"/member/duties/{year}").status_code == 404
    assert client.get("/member/duties/-1").status_code == 404
    assert client.get(f"/member/duties/{TODAY.year}").status_code == 200


def test_audit_export_from_the_first_day_of_the_calendar_lists_everything(app, client, auth):
    world()
    auth.login("jiguan")
    response = client.get("/secretariat/audit?format=xlsx&from=0001-01-01&to=9999-12-31")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    page = client.get("/secretariat/audit?from=0001-01-01&page=99999999999999999999")
    assert page.status_code == 200


def test_a_huge_sort_order_gets_a_chinese_message(app, client, auth):
    world()
    auth.login("jiguan")
    response = client.post(
        "/secretariat/structure/sector/new", data={"name": "教育界", "sort_order": "99999999999"}
    )
    assert response.status_code == 200
    assert "排序应为 0 至 9999 之间的整数。" in response.get_data(as_text=True)


@pytest.mark.parametrize("junk", ["²", "١٢", "99999999999999999999", "9" * 5000, "-1", "1e3"])
def test_junk_ids_in_hidden_and_select_fields_are_ignored_never_a_500(app, client, auth, junk):
    """A tampered form's hidden draft id or collective's id (a superscript digit that
    ``isdigit`` takes, a number wider than a column) is taken as none: the draft is saved as
    a new one, or the collective is refused in words."""
    from sqlalchemy import func, select

    from lvzhi.models import Matter

    world()
    auth.login("weiyuan")
    text = {"title": "篡改的草稿"}
    for url in ("/member/proposals/autosave", "/member/opinions/autosave"):
        response = client.post(url, data=text | {"matter_id": junk, "token": url[8:16]})
        assert response.status_code == 200, (url, response.status_code)
    assert db.session.scalar(select(func.count(Matter.id))) == 2
    response = client.post(
        "/member/opinions/new", data=text | {"collective": f"office_group:{junk}", "token": "x"}
    )
    assert response.status_code < 500
    auth.logout()
    auth.login("jiguan")
    response = client.post("/secretariat/opinions/new", data={"collective": f"sector:{junk}"})
    assert response.status_code < 500


def test_an_unknown_format_or_stage_in_the_query_is_ignored(app, client, auth):
    """?format= other than xlsx, and a stage the loop has not, leave the page as it is (the
    export link built from the page's own arguments named format twice: a 500)."""
    from ..factories import gen_department, gen_loop_matter

    w = world()
    gen_loop_matter(w, kind="other", title="一件事项", lead=gen_department(w.org))
    db.session.commit()
    for login, urls in (
        ("jiguan", ["/secretariat/reports", "/secretariat/departments", "/secretariat/audit"]),
        ("jiguan", ["/attendance/activities", "/dashboard/matters", "/dashboard/suggestions"]),
        ("zhuanwei", ["/committee/reports"]),
    ):
        auth.login(login)
        for url in urls:
            for query in ("?format=csv", "?format=", f"?format=csv&year={TODAY.year}"):
                response = client.get(url + query)
                assert response.status_code == 200, (url + query, response.status_code)
        auth.logout()
    auth.login("lingdao")
    for query in ("loop=proposal&stage=zzz", "loop=proposal&stage=zzz&format=xlsx", "stage=zzz"):
        assert client.get(f"/dashboard/matters?{query}").status_code == 200, query
