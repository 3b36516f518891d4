"""A member's draft is their own until submitted (issue 7.13): no head, committee, leader or
secretariat sees it — not in the archive, the grids, the handbook or the review page — nor
its photos."""

from __future__ import annotations

import io

import pytest
from werkzeug.datastructures import FileStorage

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.selectors import duties as sel
from lvzhi.services import duties as svc
from lvzhi.services.attachments import attachment_check

from ..factories import gen_duty_items, gen_record, png_bytes, world

Y = local_today().year

# (login, the member's archive, the grid, the handbook of everyone in scope)
SUPERVISORS = [
    ("shizu", "/group/members/{id}/archive", "/group/", f"/group/handbook/{Y}"),
    ("zhuanwei", "/committee/members/{id}/archive", "/committee/", f"/committee/handbook/{Y}"),
    (
        "jiguan",
        "/secretariat/members/{id}/archive",
        "/secretariat/duties",
        f"/secretariat/duties/handbook/{Y}",
    ),
    ("lingdao", "/board/members/{id}/archive", "/board/duties", f"/board/duties/handbook/{Y}"),
]


def _draft_with_photo(w):
    """张岩枢's unsubmitted 公益活动 with a photo, beside a submitted 调研."""
    gen_duty_items(w.org)
    item = sel.item_by_code(w.org.id, Y, "public_welfare")
    photo = attachment_check(FileStorage(io.BytesIO(png_bytes()), filename="草稿照片.png"))
    draft = svc.duty_record_create(
        w.member_user, w.member, item, local_today(), "未提交的草稿", "", [photo], "d1", False
    )
    gen_record(w.member, "research", "submitted", title="已提交的调研")
    db.session.commit()
    (attachment,) = sel.attachments_by_owner([draft.id])[draft.id]
    return draft, attachment


@pytest.mark.parametrize(("login", "archive", "grid", "handbook"), SUPERVISORS)
def test_supervisors_never_see_a_members_draft_or_its_photo(
    app, client, auth, login, archive, grid, handbook
):
    w = world()
    draft, photo = _draft_with_photo(w)
    auth.login(login)
    page = client.get(archive.format(id=w.member.id)).get_data(as_text=True)
    assert "已提交的调研" in page
    assert "未提交的草稿" not in page and "草稿照片" not in page
    assert client.get(f"/files/{photo.id}").status_code == 404
    assert client.get(f"/files/{photo.id}/thumb").status_code == 404
    overview = client.get(grid).get_data(as_text=True)
    assert "参与一项调查研究：进行中" in overview  # the submitted record shows
    assert "参加一次公益活动：进行中" not in overview  # the draft does not
    assert "未提交的草稿" not in client.get(handbook).get_data(as_text=True)


@pytest.mark.parametrize("login", ["shizu", "jiguan"])
def test_a_draft_has_no_review_page_and_confirming_it_says_why(app, client, auth, login):
    w = world()
    draft, _photo = _draft_with_photo(w)
    bp = "group" if login == "shizu" else "secretariat"
    auth.login(login)
    assert client.get(f"/{bp}/duties/records/{draft.id}").status_code == 404
    # e.g. the member withdrew it while the head had the queue open
    response = client.post(
        f"/{bp}/duties/records/{draft.id}/confirm", data={"version": draft.version}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/{bp}/duties/pending")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "记录尚未提交，不能确认" in page and "未提交的草稿" not in page


def test_the_member_still_sees_their_own_draft_and_its_photo(app, client, auth):
    w = world()
    draft, photo = _draft_with_photo(w)
    auth.login("weiyuan")
    page = client.get("/member/archive").get_data(as_text=True)
    assert "未提交的草稿" in page
    assert client.get(f"/files/{photo.id}/thumb").status_code == 200
    assert "未提交的草稿" in client.get(f"/member/duties/{Y}/public_welfare").get_data(as_text=True)


def test_a_head_sees_their_own_draft_in_their_own_archive(app, client, auth):
    w = world()
    gen_record(w.head, "research", "draft", title="组长自己的草稿")
    db.session.commit()
    auth.login("shizu")
    page = client.get(f"/group/members/{w.head.id}/archive").get_data(as_text=True)
    assert "组长自己的草稿" in page


def test_a_submitted_record_withdrawn_to_draft_disappears_again(app, client, auth):
    w = world()
    record = gen_record(w.member, "research", "submitted", title="撤回的调研")
    db.session.commit()
    svc.duty_record_withdraw(w.member_user, record, record.version)
    auth.login("jiguan")
    page = client.get(f"/secretariat/members/{w.member.id}/archive").get_data(as_text=True)
    assert "撤回的调研" not in page
