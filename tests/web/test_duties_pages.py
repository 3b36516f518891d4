"""十个一 pages: what the member, the head and the secretariat see, htmx in-place updates,
refused uploads, and statement counts that do not grow with the data."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import DutyRecord

from ..factories import gen_duty_items, gen_member, gen_record, gen_user, png_bytes, world

Y = local_today().year
TODAY = local_today().isoformat()


def _post_new(client, code="public_welfare", token="tok-1", files=None, htmx=False, **extra):
    data = {
        "occurred_on": TODAY,
        "title": "参加义诊",
        "body": "",
        "token": token,
        "action": "submit",
        **extra,
    }
    if files:
        data["files"] = files
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        f"/member/duties/{Y}/{code}/new",
        data=data,
        headers=headers,
        content_type="multipart/form-data",
    )


def test_member_home_shows_the_ten_items_and_the_seed_sentence(app, client, auth):
    w = world()
    for code in ("proposal", "reading_share", "village_link"):
        gen_record(w.member, code, "confirmed")
    gen_record(w.member, "research", "submitted")
    db.session.commit()
    auth.login("weiyuan")
    page = client.get("/member/").get_data(as_text=True)
    assert "已完成 3 项，还有 7 项待完成" in page
    assert page.count('class="duty-card') == 10
    assert "参与一项调查研究" in page and "进行中" in page


def test_logging_with_a_photo_by_htmx_updates_the_item_card_in_place(app, client, auth):
    gen_duty_items(world().org)
    db.session.commit()
    auth.login("weiyuan")
    response = _post_new(client, files=[(io.BytesIO(png_bytes()), "现场.png")], htmx=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="duty-item">')
    assert "已提交，等待室组负责人确认" in html and "参加义诊" in html
    assert "/thumb" in html


def test_plain_post_redirects_and_a_double_tap_creates_one_record(app, client, auth):
    gen_duty_items(world().org)
    db.session.commit()
    auth.login("weiyuan")
    first = _post_new(client, token="same")
    second = _post_new(client, token="same")
    assert first.status_code == 303 and second.status_code == 303
    assert db.session.scalar(select(func.count(DutyRecord.id))) == 1


def test_upload_lying_about_its_type_is_refused_and_nothing_is_saved(app, client, auth):
    gen_duty_items(world().org)
    db.session.commit()
    auth.login("weiyuan")
    response = _post_new(client, files=[(io.BytesIO(b"%PDF-1.4 fake"), "假照片.jpg")])
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "文件内容与扩展名不符" in html
    assert 'value="参加义诊"' in html  # nothing typed is lost
    assert db.session.scalar(select(func.count(DutyRecord.id))) == 0


def test_head_confirms_and_the_members_progress_grows(app, client, auth):
    w = world()
    record = gen_record(w.member, "public_welfare", "submitted", title="义诊")
    db.session.commit()
    auth.login("shizu")
    assert "本组 1 条履职记录待确认" in client.get("/inbox/").get_data(as_text=True)
    assert "义诊" in client.get("/group/duties/pending").get_data(as_text=True)
    response = client.post(
        f"/group/duties/records/{record.id}/confirm", data={"version": record.version}
    )
    assert response.status_code == 303
    auth.logout()
    auth.login("weiyuan")
    assert "已完成 1 项，还有 9 项待完成" in client.get("/member/").get_data(as_text=True)
    handbook = client.get(f"/member/handbook/{Y}").get_data(as_text=True)
    assert "义诊" in handbook and "委员签名" in handbook


def test_returned_record_shows_in_the_members_inbox_with_its_reason(app, client, auth):
    w = world()
    gen_record(w.member, "research", "returned", title="调研", return_reason="请补充照片")
    db.session.commit()
    auth.login("weiyuan")
    inbox = client.get("/inbox/").get_data(as_text=True)
    assert "被退回：调研" in inbox and "请补充照片" in inbox
    assert 'class="badge">1<' in client.get("/member/").get_data(as_text=True)


def test_bulk_confirm_confirms_only_what_was_ticked(app, client, auth):
    w = world()
    a = gen_record(w.member, "research", "submitted")
    b = gen_record(w.peer, "research", "submitted")
    db.session.commit()
    auth.login("shizu")
    client.post("/group/duties/confirm", data={"record": [str(a.id)]})
    db.session.expire_all()
    assert db.session.get(DutyRecord, a.id).status == "confirmed"
    assert db.session.get(DutyRecord, b.id).status == "submitted"


def test_secretariat_overview_filters_and_exports(app, client, auth):
    w = world()
    gen_record(w.member, "proposal", "confirmed")
    db.session.commit()
    auth.login("jiguan")
    page = client.get(f"/secretariat/duties?group={w.other_group.id}").get_data(as_text=True)
    assert "朱明华" in page and "张岩枢" not in page
    export = client.get("/secretariat/duties/export.xlsx")
    assert export.status_code == 200 and export.data[:2] == b"PK"


def _many(w, n):
    for _ in range(n):
        m = gen_member(w.org, office_group_id=w.group.id)
        for code in ("proposal", "research", "sector_visit"):
            gen_record(m, code, "confirmed")
        gen_record(w.member, "research", "confirmed")
        gen_record(w.member, "sector_visit", "submitted")
    db.session.commit()


def _count(client, statements, url):
    client.get(url)  # warm up caches
    with statements() as n:
        assert client.get(url).status_code == 200
    return n()


def test_member_home_statement_count_does_not_grow_with_records(app, client, auth, statements):
    w = world()
    auth.login("weiyuan")
    _many(w, 1)
    small = _count(client, statements, "/member/")
    _many(w, 10)
    assert _count(client, statements, "/member/") == small


def test_head_grid_statement_count_does_not_grow_with_members(app, client, auth, statements):
    w = world()
    auth.login("shizu")
    _many(w, 1)
    small = _count(client, statements, "/group/")
    _many(w, 10)
    assert _count(client, statements, "/group/") == small


def test_secretariat_overview_statement_count_does_not_grow(app, client, auth, statements):
    w = world()
    auth.login("jiguan")
    _many(w, 1)
    small = _count(client, statements, "/secretariat/duties")
    _many(w, 10)
    assert _count(client, statements, "/secretariat/duties") == small


def test_other_organizations_member_never_sees_our_records(app, client, auth):
    w = world()
    record = gen_record(w.member, "research", "draft", title="机密调研")
    db.session.commit()
    gen_user(w.other_org, "outsider2", ["member"], gen_member(w.other_org))
    db.session.commit()
    auth.login("outsider2")
    assert client.get(f"/member/duties/records/{record.id}/edit").status_code == 404
    assert "机密调研" not in client.get("/inbox/").get_data(as_text=True)


def test_organization_overview_is_paged_with_figures_over_everyone(app, client, auth):
    w = world()
    gen_duty_items(w.org)
    for i in range(60):
        gen_member(w.org, name=f"分页委员{i:02d}", office_group_id=w.other_group.id)
    db.session.commit()
    auth.login("jiguan")
    page = client.get("/secretariat/duties?sort=name").get_data(as_text=True)
    assert "共 64 名委员" in page  # the figures count everyone
    assert "第 1 / 2 页，共 64 条" in page
    assert "分页委员00" in page and "分页委员59" not in page
    page2 = client.get("/secretariat/duties?sort=name&page=2").get_data(as_text=True)
    assert "分页委员59" in page2 and "分页委员00" not in page2
    client.post("/logout")
    auth.login("lingdao")
    assert "第 1 / 2 页" in client.get("/board/duties").get_data(as_text=True)


def test_pending_queue_is_paged_oldest_first(app, client, auth):
    from datetime import datetime, timedelta

    w = world()
    gen_duty_items(w.org)
    base = datetime(2026, 1, 1, 9, 0)
    for i in range(35):
        gen_record(
            w.member,
            "research",
            status="submitted",
            title=f"待确认{i:02d}",
            submitted_at=base + timedelta(hours=i),
        )
    db.session.commit()
    auth.login("jiguan")
    page = client.get("/secretariat/duties/pending").get_data(as_text=True)
    assert "待确认的履职记录（35）" in page
    assert "第 1 / 2 页，共 35 条" in page
    assert "待确认00" in page and "待确认34" not in page
    page2 = client.get("/secretariat/duties/pending?page=2").get_data(as_text=True)
    assert "待确认34" in page2 and "待确认00" not in page2


def test_htmx_save_refreshes_the_inbox_badge_out_of_band(app, client, auth):
    gen_duty_items(world().org)
    db.session.commit()
    auth.login("weiyuan")
    assert 'class="badge"' not in client.get("/member/").get_data(as_text=True)
    html = _post_new(client, action="draft", htmx=True).get_data(as_text=True)
    assert html.lstrip().startswith('<div id="duty-item">')
    oob = html[html.index('<a id="inbox-link"') :]
    assert 'hx-swap-oob="true"' in oob and '<span class="badge">1</span>' in oob


def test_return_page_says_the_member_not_a_committee_sees_the_reason(app, client, auth):
    w = world()
    record = gen_record(w.peer, "research", "submitted", title="调研")
    db.session.commit()
    auth.login("shizu")
    page = client.get(f"/group/duties/records/{record.id}").get_data(as_text=True)
    assert "委员本人会在待办中看到退回原因" in page and "委员会在待办" not in page
    done = client.post(
        f"/group/duties/records/{record.id}/return",
        data={"version": record.version, "reason": "请补充照片"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "委员本人会在待办中看到退回原因" in done and "委员会在待办" not in done


def test_item_configuration_shows_names_not_internal_codes(app, client, auth):
    w = world()
    gen_duty_items(w.org)
    db.session.commit()
    auth.login("jiguan")
    page = client.get(f"/secretariat/duties/items/{Y}").get_data(as_text=True)
    assert "提案" in page
    assert "代码" not in page and ">proposal<" not in page and " proposal" not in page


def test_badge_counts_every_waiting_record_the_inbox_lists(app, client, auth):
    import re

    w = world()
    for i in range(7):
        gen_record(w.peer, "research", "submitted", title=f"调研{i}")
        gen_record(w.member, "proposal", "submitted", title=f"提案{i}")
    db.session.commit()
    auth.login("shizu")
    inbox = client.get("/inbox/").get_data(as_text=True)
    assert "本组 14 条履职记录待确认" in inbox
    badge = int(re.search(r'class="badge">(\d+)<', inbox).group(1))
    listed = len(re.findall(r"<li[ >]", inbox.split('class="list todo-list"')[1].split("</ul>")[0]))
    assert badge == 14 + (listed - 1)  # the 14 records, plus one for each other entry
    assert f"需要处理（{badge}）" in inbox


def _card(html: str, record) -> str:
    return html.split(f'id="record-{record.id}"')[1].split("</article>")[0]


def test_buttons_are_the_moves_the_workflow_allows_whoever_looks(app, client, auth):
    w = world()
    draft, waiting, done = (
        gen_record(w.member, "research", status, title=status)
        for status in ("draft", "submitted", "confirmed")
    )
    db.session.commit()
    auth.login("weiyuan")
    html = client.get(f"/member/duties/{Y}/research").get_data(as_text=True)
    assert all(word in _card(html, draft) for word in ("修改", "提交", "删除"))
    assert "撤回修改" not in _card(html, draft)
    assert "撤回修改" in _card(html, waiting) and "删除" not in _card(html, waiting)
    assert "<form" not in _card(html, done)
    auth.logout()
    auth.login("jiguan")  # a reviewer: nothing to do with a confirmed record
    html = client.get(f"/secretariat/duties/records/{done.id}").get_data(as_text=True)
    assert "确认这条记录" not in html and "退回给委员" not in html and "无需处理" in html


def test_the_review_queue_searches_by_name_item_and_group_and_exports_what_it_shows(
    app, client, auth
):
    """A long queue: search a member's name, narrow to one item or one group, and take the
    narrowed list (every page of it) to Excel — user text as text."""
    from openpyxl import load_workbook

    w = world()
    gen_duty_items(w.org)
    gen_record(w.member, "research", status="submitted", title="=调研报告")
    gen_record(w.member, "proposal", status="submitted", title="提案一件")
    gen_record(w.peer, "research", status="submitted", title="李伟的调研")
    other = gen_member(w.org, name="王其他", office_group_id=w.other_group.id)
    gen_record(other, "research", status="submitted", title="别组的调研")
    db.session.commit()
    auth.login("jiguan")

    def shown(**args) -> set[str]:
        page = client.get("/secretariat/duties/pending", query_string=args).get_data(as_text=True)
        titles = ("=调研报告", "提案一件", "李伟的调研", "别组的调研")
        return {t for t in titles if t in page}

    assert shown() == {"=调研报告", "提案一件", "李伟的调研", "别组的调研"}
    assert shown(q="张岩") == {"=调研报告", "提案一件"}
    assert shown(item="research") == {"=调研报告", "李伟的调研", "别组的调研"}
    assert shown(item="research", group=w.group.id) == {"=调研报告", "李伟的调研"}
    assert shown(item="no-such-item") == set()
    assert shown(q="%") == set()  # a wildcard typed is a character, not "anything"
    assert "没有符合条件的待确认记录" in client.get(
        "/secretariat/duties/pending?q=nobody"
    ).get_data(as_text=True)
    r = client.get(f"/secretariat/duties/pending?item=research&group={w.group.id}&format=xlsx")
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.data)).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert sorted(row[3] for row in rows) == ["=调研报告", "李伟的调研"]
    cell = next(c for row in ws.iter_rows(min_row=2) for c in row if c.value == "=调研报告")
    assert cell.data_type == "s"  # text, never a formula
    # a group head's queue is their group's already, and offers no group filter
    auth.logout()
    auth.login("shizu")
    page = client.get("/group/duties/pending").get_data(as_text=True)
    assert 'id="group"' not in page and "别组的调研" not in page and "=调研报告" in page


def test_a_return_overtaken_by_a_confirmation_keeps_the_reason_typed(app, client, auth):
    """The head types a return reason while the secretariat confirms the record: the refusal
    says why, and the reason typed stays on the page to copy."""
    from lvzhi.services.duties import duty_record_confirm

    w = world()
    record = gen_record(w.peer, "research", "submitted", title="调研")
    version = record.version
    duty_record_confirm(w.secretariat_user, record, "secretariat", record.version)
    db.session.commit()
    auth.login("shizu")
    page = client.post(
        f"/group/duties/records/{record.id}/return",
        data={"version": version, "reason": "照片与活动不符，请更换"},
    ).get_data(as_text=True)
    assert "无需处理" in page and "未能退回" in page
    assert "照片与活动不符，请更换" in page
