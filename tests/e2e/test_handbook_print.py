"""The 履职手册 prints as A4: one page per member, whether one member or a whole group."""

from __future__ import annotations

import re

from lvzhi.clock import local_today

from .conftest import login


def pdf_pages(page) -> int:
    page.emulate_media(media="print")
    data = page.pdf(format="A4", print_background=False)
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


def test_member_handbook_is_one_a4_page(page, live_server):
    login(page, live_server, "weiyuan")
    page.goto(f"{live_server.url}/member/handbook/{local_today().year}")
    assert page.get_by_text("委员签名").is_visible()
    assert pdf_pages(page) == 1


def test_group_handbook_prints_one_page_per_member(page, live_server):
    login(page, live_server, "shizu")
    page.goto(f"{live_server.url}/group/handbook/{local_today().year}")
    members = page.locator(".handbook-page").count()
    assert members >= 20  # 西塘桥街道's members in the demo county
    assert pdf_pages(page) == members
