"""Problems found by walking the member, head and committee pages as users on a phone:
stale addresses, edit links of records that can no longer change, very long texts, the
participants count while autosaving, deleting a photo without JavaScript, unscored totals."""

from __future__ import annotations

import io

from lvzhi.clock import local_today
from lvzhi.extensions import db

from ..factories import gen_group_report, gen_record, png_bytes, world

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


def test_reopening_a_form_address_shows_a_chinese_page_not_method_not_allowed(app, client, auth):
    world()
    auth.login("weiyuan")
    # after an error the browser's address is the POST-only .../new; a reload or a history
    # visit then GETs it
    r = client.get(f"/member/duties/{Y}/proposal/new")
    page = r.get_data(as_text=True)
    assert r.status_code == 405
    assert "页面已过期" in page and "返回首页" in page
    assert "Method Not Allowed" not in page


def test_a_bad_request_shows_a_chinese_page(app):
    from werkzeug.exceptions import BadRequest

    with app.test_request_context("/member/"):
        body, status = app.handle_http_exception(BadRequest())
    assert status == 400
    assert "请求无法处理" in body and "Bad Request" not in body


def test_the_edit_link_of_a_confirmed_record_leads_back_with_the_reason(app, client, auth):
    w = world()
    record = gen_record(w.member, "proposal", "confirmed", title="已确认的提案")
    db.session.commit()
    auth.login("weiyuan")
    r = client.get(f"/member/duties/records/{record.id}/edit")
    assert r.status_code == 303
    assert r.headers["Location"].endswith(f"/member/duties/{Y}/proposal")
    assert "记录已确认，不能再修改" in client.get(r.headers["Location"]).get_data(as_text=True)
    # a save posted from a page opened before the confirmation keeps what was typed
    post = client.post(
        f"/member/duties/records/{record.id}/edit",
        data={
            "occurred_on": TODAY.isoformat(),
            "title": "我刚改的标题",
            "body": "",
            "version": str(record.version),
            "action": "draft",
        },
    )
    page = post.get_data(as_text=True)
    assert post.status_code == 200
    assert "记录已确认，不能再修改" in page and 'value="我刚改的标题"' in page


def test_a_submitted_record_is_withdrawn_before_editing(app, client, auth):
    w = world()
    record = gen_record(w.member, "proposal", "submitted")
    db.session.commit()
    auth.login("weiyuan")
    r = client.get(f"/member/duties/records/{record.id}/edit", follow_redirects=True)
    assert "请先撤回为草稿再修改" in r.get_data(as_text=True)


def test_a_very_long_activity_text_folds_in_lists_but_is_whole_for_the_reviewer(app, client, auth):
    w = world()
    body = "甲" * 150 + "乙" * 850
    record = gen_record(w.member, "proposal", "submitted", body=body)
    db.session.commit()
    auth.login("weiyuan")
    item = client.get(f"/member/duties/{Y}/proposal").get_data(as_text=True)
    assert "展开全文（共 1000 字）" in item
    assert "乙" * 840 in item  # still there for the no-JS disclosure, just folded
    auth.logout()
    auth.login("shizu")
    queue = client.get("/group/duties/pending").get_data(as_text=True)
    assert "展开全文" in queue
    review = client.get(f"/group/duties/records/{record.id}").get_data(as_text=True)
    assert body in review and "展开全文" not in review


def test_too_long_texts_are_refused_in_chinese(app, client, auth):
    w = world()
    record = gen_record(w.member, "proposal", "draft")
    db.session.commit()
    auth.login("weiyuan")
    r = client.post(
        f"/member/duties/records/{record.id}/edit",
        data={
            "occurred_on": TODAY.isoformat(),
            "title": "标题",
            "body": "字" * 5001,
            "version": str(record.version),
            "action": "draft",
        },
    )
    page = r.get_data(as_text=True)
    assert "活动内容最多 5000 字" in page and "longer than" not in page


def test_autosave_updates_how_many_members_are_picked(app, client, auth):
    w = world()
    auth.login("shizu")
    r = client.post(
        f"{EDIT}/items/study", data=_item(people=[w.member.id, w.peer.id]), headers=FRAGMENT
    )
    page = r.get_data(as_text=True)
    assert 'id="members-count-study" hx-swap-oob="true"' in page
    assert "已选 2 人" in page and "张岩枢" in page and "李伟" in page


def test_report_text_autosaves_on_input_not_only_on_key_presses(app, client, auth):
    # phones' Chinese input methods and voice input send no key events, only input events
    world()
    auth.login("shizu")
    page = client.get(EDIT).get_data(as_text=True)
    assert 'hx-trigger="input changed delay:2s"' in page
    assert "keyup" not in page


def test_without_javascript_deleting_a_photo_keeps_what_was_typed(app, client, auth):
    world()
    auth.login("shizu")
    client.post(
        f"{EDIT}/items/study/photos",
        data=_item(text="第一次") | {"study-photos": (io.BytesIO(png_bytes()), "a.png")},
        content_type="multipart/form-data",
    )
    page = client.get(EDIT).get_data(as_text=True)
    photo_id = page.split(f"{EDIT}/photos/")[1].split("/delete")[0]
    # the delete button is a submit of the whole report form
    r = client.post(
        f"{EDIT}/photos/{photo_id}/delete",
        data=_item(text="删照片前刚写的", version="2") | _item("research", "走访企业", "1"),
    )
    assert r.status_code == 303
    page = client.get(EDIT).get_data(as_text=True)
    assert "删照片前刚写的</textarea>" in page and "走访企业</textarea>" in page
    assert "a.png" not in page


def test_committee_list_shows_a_report_waiting_for_its_quality_score(app, client, auth):
    w = world()
    gen_group_report(w.group, Y, M, status="submitted", work_items=3)
    db.session.commit()
    auth.login("zhuanwei")
    page = client.get(f"/committee/reports?year={Y}").get_data(as_text=True)
    # the coverage and timeliness points alone would read as a very poor total
    assert '<td data-label="得分" class="num"><span class="tag tag-muted">待评分</span>' in page
