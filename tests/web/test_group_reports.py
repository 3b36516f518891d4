"""十加一 pages: autosave fragments and conflicts, filing without JavaScript, the showcase, the
ranking board with its SVG chart and exports, and statement counts that do not grow."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

from openpyxl import load_workbook

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import GroupReportComment, Member, OfficeGroup

from ..factories import gen_group_report, gen_member, gen_named, world

TODAY = local_today()
Y, M = TODAY.year, TODAY.month
EDIT = f"/group/reports/{Y}/{M}"
FRAGMENT = {"HX-Request": "true"}


def _item(code="study", text="组织委员学习", count="2", version="1", people=()):
    return {
        f"{code}-text": text,
        f"{code}-activity_count": count,
        f"{code}-version": version,
        f"{code}-members": [str(p) for p in people],
    }


def test_autosave_answers_the_status_line_and_new_version_and_keeps_the_data(app, client, auth):
    w = world()
    auth.login("shizu")
    r = client.post(f"{EDIT}/items/study", data=_item(people=[w.member.id]), headers=FRAGMENT)
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert 'id="item-status-study"' in page and "已自动保存" in page
    assert "<fieldset" not in page  # the fields being typed in are not replaced
    assert 'hx-swap-oob="true"' in page and 'id="study-version" value="2"' in page
    edit = client.get(EDIT).get_data(as_text=True)
    assert "组织委员学习</textarea>" in edit and f'value="{w.member.id}" checked' in edit


def test_a_second_editor_gets_a_conflict_message_and_keeps_their_text(app, client, auth):
    world()
    auth.login("shizu")
    client.post(f"{EDIT}/items/study", data=_item(text="甲保存的内容"), headers=FRAGMENT)
    r = client.post(
        f"{EDIT}/items/study", data=_item(text="乙在旧页面上写的内容"), headers=FRAGMENT
    )
    page = r.get_data(as_text=True)
    assert r.headers["HX-Retarget"] == "#report-item-study"
    assert page.lstrip().startswith('<fieldset id="report-item-study"')
    assert "已被他人修改" in page
    assert "乙在旧页面上写的内容" in page  # shown so nothing is lost
    assert "甲保存的内容" in page  # the saved version is what the field now holds


def test_without_javascript_the_head_saves_and_submits_the_whole_form(app, client, auth):
    world()
    auth.login("shizu")
    data = _item() | _item("research", "走访企业三家", "3")
    assert client.post(EDIT, data=data).status_code == 303
    assert (
        client.post(
            f"{EDIT}/submit", data=_item("research", "走访企业三家", "3", "2") | _item(version="2")
        ).status_code
        == 303
    )
    page = client.get(EDIT).get_data(as_text=True)
    assert "已报送" in page and "撤回报告" in page
    auth.logout()
    auth.login("weiyuan")  # a plain member reads the showcase
    show = client.get(f"/showcase/{Y}/{M}").get_data(as_text=True)
    assert "走访企业三家" in show and "武原街道" in show  # 武原街道 listed as not yet submitted


def test_a_reviewed_report_cannot_be_changed_by_its_head(app, client, auth):
    w = world()
    report = gen_group_report(w.group, Y, M, status="reviewed", work_items=2, quality=30)
    db.session.commit()
    auth.login("shizu")
    r = client.post(
        f"{EDIT}/items/study",
        data=_item(text="改写", version=str(report.entries[0].version)),
        headers=FRAGMENT,
    )
    assert "不能再修改" in r.get_data(as_text=True)
    db.session.expire_all()
    assert report.entries[0].text == "组织委员学习：开展活动"


def test_showcase_hides_drafts_and_other_organizations(app, client, auth):
    w = world()
    gen_group_report(w.group, Y, M, status="draft", work_items=3)
    gen_group_report(w.other_group, Y, M, status="submitted", work_items=4)
    db.session.commit()
    auth.login("lingdao")
    page = client.get(f"/showcase/{Y}/{M}").get_data(as_text=True)
    assert "已报送 <strong>1</strong> 个室组" in page
    assert (
        'id="showcase-missing"' in page and "西塘桥街道" in page.split('id="showcase-missing"')[1]
    )
    auth.logout()
    auth.login("other_jiguan")
    other = client.get(f"/showcase/{Y}/{M}").get_data(as_text=True)
    assert "武原街道" not in other and "西塘桥街道" not in other


def test_secretariat_scores_and_the_committee_comments_once(app, client, auth):
    w = world()
    report = gen_group_report(w.group, Y, M, status="submitted", work_items=11)
    db.session.commit()
    auth.login("jiguan")
    r = client.post(
        f"/secretariat/reports/{report.id}/score",
        data={"quality": "45", "comment": "亮点突出", "version": report.version},
    )
    assert r.status_code == 303
    db.session.expire_all()
    bad = client.post(
        f"/secretariat/reports/{report.id}/score", data={"quality": "80", "version": report.version}
    )
    assert "质量分应在 0 至 50 分之间" in bad.get_data(as_text=True)
    auth.logout()
    auth.login("zhuanwei")
    for _ in range(2):  # a double tap sends the same one-time token twice
        client.post(
            f"/committee/reports/{report.id}/comment",
            data={"body": "建议形成调研成果", "token": "same-token"},
        )
    assert db.session.query(GroupReportComment).count() == 1
    page = client.get(f"/showcase/{Y}/{M}").get_data(as_text=True)
    assert "建议形成调研成果" in page and "亮点突出" in page


def test_ranking_board_shows_table_svg_chart_trend_and_exports(app, client, auth):
    w = world()
    q = (M - 1) // 3 + 1
    first = (q - 1) * 3 + 1
    for month in range(first, M + 1):
        gen_group_report(w.group, Y, month, status="reviewed", work_items=11, quality=45)
        gen_group_report(w.other_group, Y, month, status="reviewed", work_items=5, quality=20)
    db.session.commit()
    auth.login("weiyuan")
    page = client.get(f"/board/ranking/{Y}/{q}").get_data(as_text=True)
    assert page.index("西塘桥街道") < page.index("武原街道")
    assert '<svg class="chart"' in page and "<title id=" in page and "<desc id=" in page
    assert "西塘桥街道近四个季度得分" in page
    wb = load_workbook(io.BytesIO(client.get(f"/board/ranking/{Y}/{q}/ranking.xlsx").data))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[1][:2] == (1, "西塘桥街道")
    scores = load_workbook(io.BytesIO(client.get(f"/board/ranking/{Y}/{q}/scores.xlsx").data))
    assert any(r[0] == "武原街道" for r in scores.active.iter_rows(values_only=True))


def test_leader_home_links_to_the_ranking_board(app, client, auth):
    world()
    auth.login("lingdao")
    page = client.get("/board/").get_data(as_text=True)
    assert 'id="board-ranking"' in page and "/board/ranking/" in page


_extra = iter(range(10_000))


def _more_data(w, factor: int) -> None:
    """``factor`` more groups, each with a submitted report (members, comments) this month
    and reviewed reports for the quarter's other months."""
    q_first = ((M - 1) // 3) * 3 + 1
    for _ in range(factor):
        i = next(_extra)
        group = gen_named(OfficeGroup, w.org, f"加测镇{i}", sort_order=100 + i)
        people = [gen_member(w.org, office_group_id=group.id) for _ in range(2)]
        for month in range(q_first, M + 1):
            report = gen_group_report(group, Y, month, status="reviewed", work_items=6, quality=30)
            report.entries[0].participants = people
            db.session.add(
                GroupReportComment(
                    report_id=report.id,
                    author_id=w.director_user.id,
                    role="committee",
                    body="好",
                    token=f"t{i}-{month}",
                )
            )
    db.session.commit()


def _count(client, statements, url: str) -> int:
    with statements() as n:
        assert client.get(url).status_code == 200
    return n()


def test_showcase_statement_count_does_not_grow_with_groups_and_reports(
    app, client, auth, statements
):
    w = world()
    _more_data(w, 1)
    auth.login("weiyuan")
    url = f"/showcase/{Y}/{M}"
    small = _count(client, statements, url)
    _more_data(w, 10)
    assert db.session.query(Member).count() > 20
    assert _count(client, statements, url) == small


def test_ranking_board_statement_count_does_not_grow_with_groups_and_reports(
    app, client, auth, statements
):
    w = world()
    _more_data(w, 1)
    auth.login("lingdao")
    url = f"/board/ranking/{Y}/{(M - 1) // 3 + 1}"
    small = _count(client, statements, url)
    _more_data(w, 10)
    assert _count(client, statements, url) == small


def test_without_javascript_a_photo_upload_also_saves_what_was_typed(app, client, auth):
    from ..factories import png_bytes

    world()
    auth.login("shizu")
    data = _item(text="学习全会精神") | {"study-photos": (io.BytesIO(png_bytes()), "学习.png")}
    r = client.post(f"{EDIT}/items/study/photos", data=data, content_type="multipart/form-data")
    assert r.status_code == 303
    page = client.get(EDIT).get_data(as_text=True)
    assert "学习全会精神</textarea>" in page and "学习.png" in page
    bad = client.post(
        f"{EDIT}/items/study/photos",
        headers=FRAGMENT,
        data={"study-photos": (io.BytesIO(b"%PDF-1.4"), "x.pdf")},
        content_type="multipart/form-data",
    )
    assert "只能上传照片" in bad.get_data(as_text=True)


def test_secretariat_sets_the_years_rubric_and_item_names(app, client, auth):
    world()
    auth.login("jiguan")
    url = f"/secretariat/group-reports/{Y}"
    r = client.post(
        url,
        data={
            "part": "rubric",
            "coverage_weight": "30",
            "quality_max": "60",
            "timeliness_weight": "10",
            "due_day": "8",
            "flag_count": "3",
        },
    )
    assert r.status_code == 303
    bad = client.post(
        url,
        data={
            "part": "rubric",
            "coverage_weight": "30",
            "quality_max": "60",
            "timeliness_weight": "10",
            "due_day": "30",
            "flag_count": "3",
        },
    )
    assert "每月报送截止日应在 1 至 28 之间" in bad.get_data(as_text=True)
    names = {"part": "items", "name_study": "理论学习"}
    assert client.post(url, data=names).status_code == 303
    auth.logout()
    auth.login("shizu")
    page = client.get(EDIT).get_data(as_text=True)
    assert "理论学习" in page and f"{M % 12 + 1:02d}月08日" in page


def test_item_list_error_keeps_everything_typed(app, client, auth):
    from lvzhi.selectors import group_reports as sel

    w = world()
    auth.login("jiguan")
    year = TODAY.year
    items = sel.items_for(w.org.id, year)
    data = {"part": "items"}
    for item in items:
        data[f"name_{item.code}"] = f"{item.name}（改）"
        data[f"desc_{item.code}"] = "新的说明"
    data[f"name_{items[0].code}"] = ""  # one bad field
    page = client.post(f"/secretariat/group-reports/{year}", data=data).get_data(as_text=True)
    assert "第 1 项的名称不能为空。" in page
    assert f'value="{items[1].name}（改）"' in page
    assert 'value="新的说明"' in page


def _photo(name="学习.png"):
    from ..factories import png_bytes

    return (io.BytesIO(png_bytes()), name)


def test_saving_the_form_uploads_the_photo_picked_but_not_uploaded(app, client, auth):
    world()
    auth.login("shizu")
    data = _item(text="学习全会精神") | {"study-photos": _photo()}
    assert client.post(EDIT, data=data, content_type="multipart/form-data").status_code == 303
    page = client.get(EDIT).get_data(as_text=True)
    assert "学习全会精神</textarea>" in page and "学习.png" in page
    # 报送 carries the picked photos too
    data = (
        _item(text="学习全会精神", version="2")
        | _item("research", "走访企业三家")
        | {"research-photos": _photo("调研.png")}
    )
    r = client.post(f"{EDIT}/submit", data=data, content_type="multipart/form-data")
    assert r.status_code == 303
    page = client.get(EDIT).get_data(as_text=True)
    assert "已报送" in page and 'alt="组织调研视察照片"' in page


def test_a_refused_picked_photo_keeps_the_typed_text_and_marks_only_the_photo_field(
    app, client, auth
):
    world()
    auth.login("shizu")
    data = (
        _item(text="学习全会精神")
        | _item("research", "走访企业三家", "3")
        | {"research-photos": (io.BytesIO(b"%PDF-1.4"), "x.pdf")}
    )
    r = client.post(EDIT, data=data, content_type="multipart/form-data")
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "学习全会精神</textarea>" in page and "走访企业三家</textarea>" in page
    assert 'id="research-photos-error"' in page and "x.pdf" in page
    assert "请重新选择照片" in page  # the summary says the photo must be picked again
    assert "has-error" not in page.split('id="report-item-research"')[1].split(">")[0]
    assert client.get(EDIT).get_data(as_text=True).count("走访企业三家") == 0  # nothing half-saved


def test_without_javascript_a_second_tab_keeps_its_text_and_saves_what_the_first_left(
    app, client, auth
):
    world()
    auth.login("shizu")
    opened = client.get(EDIT).get_data(as_text=True)  # both tabs open the empty form
    base = opened.split('id="study-base" value="')[1].split('"')[0]
    assert base == opened.split('id="research-base" value="')[1].split('"')[0]
    tab_a = _item(text="甲写的学习") | _item("signature", "甲写的特色", "1")
    assert client.post(EDIT, data=tab_a).status_code == 303
    # tab B changes study and research and posts signature as it was opened (untouched)
    tab_b = (
        _item(text="乙写的学习")
        | _item("research", "乙写的调研", "1")
        | _item("signature", "", "0")
    )
    for code in ("study", "research", "signature"):
        tab_b[f"{code}-base"] = base
    r = client.post(EDIT, data=tab_b)
    page = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "有 1 项已被他人修改" in page
    study = page.split('id="report-item-study"')[1].split("</fieldset>")[0]
    assert "乙写的学习" in study and "甲写的学习</textarea>" in study  # side by side
    assert "乙写的调研</textarea>" in page  # the item A never touched was saved
    stored = client.get(EDIT).get_data(as_text=True)
    assert "乙写的调研</textarea>" in stored and "甲写的特色</textarea>" in stored
    assert "甲写的学习</textarea>" in stored


def test_without_javascript_submit_with_a_conflict_saves_the_rest_and_does_not_submit(
    app, client, auth
):
    world()
    auth.login("shizu")
    client.post(EDIT, data=_item(text="甲写的学习"))
    r = client.post(f"{EDIT}/submit", data=_item(text="乙写的学习") | _item("research", "乙调研"))
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "已被他人修改" in page and "乙写的学习" in page
    stored = client.get(EDIT).get_data(as_text=True)
    assert "乙调研</textarea>" in stored and "报送" in stored and "撤回报告" not in stored


def test_an_htmx_request_from_an_expired_session_gets_401_and_a_way_back(app, client):
    world()
    r = client.post(
        f"{EDIT}/items/study",
        data=_item(),
        headers=FRAGMENT | {"HX-Current-URL": f"http://localhost{EDIT}?group=1"},
    )
    assert r.status_code == 401
    login = urlsplit(r.headers["X-Login-Url"])
    assert login.path == "/login" and parse_qs(login.query)["next"] == [f"{EDIT}?group=1"]
    plain = client.post(f"{EDIT}/items/study", data=_item())
    assert plain.status_code == 302 and "/login" in plain.headers["Location"]


def test_a_photo_posted_twice_without_javascript_is_stored_once(app, client, auth):
    from lvzhi.models import Attachment

    from ..factories import png_bytes

    world()
    auth.login("shizu")
    photo = png_bytes()
    for _ in range(2):  # the same post twice (a double tap), then the whole form's save
        data = _item(text="学习全会精神") | {"study-photos": (io.BytesIO(photo), "学习.png")}
        r = client.post(f"{EDIT}/items/study/photos", data=data, content_type="multipart/form-data")
        assert r.status_code == 303
    assert db.session.query(Attachment).count() == 1
    other = _item(text="学习全会精神") | {"study-photos": (io.BytesIO(png_bytes()), "第二张.png")}
    client.post(f"{EDIT}/items/study/photos", data=other, content_type="multipart/form-data")
    assert db.session.query(Attachment).count() == 2  # another photo is another photo


def test_the_review_queue_filters_by_group_and_exports(app, client, auth):
    from openpyxl import load_workbook

    w = world()
    month = 3
    gen_group_report(w.group, Y, month, "submitted", work_items=11)
    gen_group_report(w.other_group, Y, month, "reviewed", work_items=5, quality=40)
    db.session.commit()
    auth.login("jiguan")
    url = f"/secretariat/reports?year={Y}&status=all"
    page = client.get(url).get_data(as_text=True)
    assert "评分 西塘桥街道" in page and "查看 武原街道" in page
    only = client.get(f"{url}&group={w.other_group.id}").get_data(as_text=True)
    assert "查看 武原街道" in only and "评分 西塘桥街道" not in only
    r = client.get(f"{url}&group={w.other_group.id}&format=xlsx")
    rows = list(load_workbook(io.BytesIO(r.data)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("室组", "月份", "报送") and len(rows) == 2
    assert rows[1][0] == "武原街道" and rows[1][1] == month and rows[1][-1] == "是"


def test_a_committee_filters_its_linked_groups_reports_and_exports_them(app, client, auth):
    from openpyxl import load_workbook

    w = world()  # 经济科技委员会 guides 西塘桥街道, not 武原街道
    gen_group_report(w.group, Y, 2, "submitted", work_items=11)
    gen_group_report(w.group, Y, 3, "reviewed", work_items=6, quality=40)
    gen_group_report(w.other_group, Y, 3, "submitted", work_items=11)
    db.session.commit()
    auth.login("zhuanwei")
    page = client.get(f"/committee/reports?year={Y}&month=3").get_data(as_text=True)
    assert page.count("查看并指导") == 1 and "武原街道" not in page
    unlinked = client.get(f"/committee/reports?year={Y}&group={w.other_group.id}")
    assert "武原街道" not in unlinked.get_data(as_text=True)  # not theirs: the linked ones
    r = client.get(f"/committee/reports?year={Y}&format=xlsx")
    rows = list(load_workbook(io.BytesIO(r.data)).active.iter_rows(values_only=True))
    assert rows[0] == ("室组", "月份", "状态", "报送", "得分")
    assert sorted((row[0], row[1]) for row in rows[1:]) == [("西塘桥街道", 2), ("西塘桥街道", 3)]


def test_without_javascript_a_count_that_is_no_number_is_refused_and_nothing_is_lost(
    app, client, auth
):
    """A browser's number box sends what was typed (the form has novalidate): 3.5, 1e5 or abc
    is refused beside its item and saves nothing — the count already stored stays."""
    world()
    auth.login("shizu")
    assert client.post(EDIT, data=_item(count="2")).status_code == 303
    for typed in ("3.5", "1e5", "abc"):
        page = client.post(EDIT, data=_item(text="改过的内容", count=typed, version="2")).get_data(
            as_text=True
        )
        assert "不是有效的整数" in page or "活动次数应在" in page, typed
        assert "改过的内容" in page and typed in page
    stored = client.get(EDIT).get_data(as_text=True)
    assert "组织委员学习" in stored and "改过的内容" not in stored
    count = re.search(r'<input[^>]*name="study-activity_count"[^>]*>', stored).group(0)
    assert 'value="2"' in count


def test_the_showcase_comparison_exports_to_excel_without_drafts(app, client, auth):
    w = world()
    gen_group_report(w.group, Y, M, status="draft", work_items=3)
    gen_group_report(w.other_group, Y, M, status="submitted", work_items=4)
    db.session.commit()
    auth.login("weiyuan")
    page = client.get(f"/showcase/{Y}/{M}").get_data(as_text=True)
    assert f'href="/showcase/{Y}/{M}?format=xlsx"' in page
    sheet = load_workbook(io.BytesIO(client.get(f"/showcase/{Y}/{M}?format=xlsx").data)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0] == ["工作项目", "武原街道"]  # the draft's group is not shown
    assert rows[-1][0] == "总分" and len(rows) == 1 + 11 + 1
    assert sum(1 for r in rows[1:-1] if r[1]) == 4  # the four items with work
