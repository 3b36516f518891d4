"""A record's files come with the record in one statement
(``selectors.own_records.record_views``): every card of the item page and the archive shows
its own files, in upload order, each record once however many files it has, and a draft's
files stay the member's own."""

from __future__ import annotations

import re
from datetime import date

from lvzhi.clock import local_today
from lvzhi.extensions import db

from ..factories import gen_duty_items, gen_record, world
from ..factories.files import gen_photo

Y = local_today().year


def _cards(html: str) -> dict[str, list[str]]:
    """record title → the names of the files its card shows, in page order."""
    cards = {}
    for card in re.findall(r"<article class=\"duty-record.*?</article>", html, re.S):
        title = re.search(r"<h3>(.*?)</h3>", card).group(1)
        assert title not in cards, f"{title} shown twice"
        cards[title] = re.findall(r'alt="照片：([^"]+)"', card)
    return cards


def test_each_card_shows_its_own_files_on_the_item_page_and_the_archives(app, client, auth):
    w = world()
    gen_duty_items(w.org)
    two = gen_record(w.member, "proposal", title="两张照片", on=date(Y, 3, 1))
    none = gen_record(w.member, "proposal", title="没有照片", on=date(Y, 3, 2))
    draft = gen_record(w.member, "proposal", status="draft", title="草稿", on=date(Y, 3, 3))
    other = gen_record(w.member, "research", title="调研", on=date(Y, 3, 4))
    db.session.commit()
    gen_photo(w.member_user, two, "第一张.png")
    gen_photo(w.member_user, two, "第二张.png")
    gen_photo(w.member_user, draft, "草稿照片.png")
    gen_photo(w.member_user, other, "调研照片.png")
    db.session.commit()
    assert none.id  # a record without files between records with files

    auth.login("weiyuan")
    item_page = _cards(client.get(f"/member/duties/{Y}/proposal").get_data(as_text=True))
    assert item_page == {
        "草稿": ["草稿照片.png"],
        "没有照片": [],
        "两张照片": ["第一张.png", "第二张.png"],
    }
    own_archive = _cards(client.get("/member/archive").get_data(as_text=True))
    assert own_archive == {**item_page, "调研": ["调研照片.png"]}

    auth.logout()
    auth.login("jiguan")  # the secretariat sees no draft, nor its files
    page = client.get(f"/secretariat/members/{w.member.id}/archive").get_data(as_text=True)
    assert _cards(page) == {
        "没有照片": [],
        "两张照片": ["第一张.png", "第二张.png"],
        "调研": ["调研照片.png"],
    }
    assert "草稿照片.png" not in page
