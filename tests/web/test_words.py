"""Every word a user reads is Chinese: walking the demo county's pages as each role finds no
internal code (role, status, item, action codes) in the visible text."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest

DEMO_PASSWORD = "lvzhi2026"
LOGINS = ("weiyuan", "shizu", "zhuanwei", "jiguan", "lingdao")
PAGES_PER_ROLE = 25
# pages that once showed codes, visited first
FIRST = {"jiguan": ["/secretariat/duties/items/2026", "/secretariat/audit"]}
CODE = re.compile(r"(?<![A-Za-z0-9@/.])[a-z][a-z0-9]*(?:[._][a-z0-9]+)*(?![A-Za-z0-9])")
SKIP = re.compile(r"/(logout|files|static|export)|format=xlsx|\.xlsx|/20(0|1)\d")


class VisibleText(HTMLParser):
    """The text a reader sees or hears (titles, labels, placeholders), and the page's links."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style"):
            self._hidden += 1
        if tag == "a" and (a.get("href") or "").startswith("/"):
            self.links.append(a["href"].split("#")[0])
        self.texts += [a[k] for k in ("title", "placeholder", "aria-label", "alt") if a.get(k)]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.texts.append(data)


@pytest.mark.parametrize("username", LOGINS)
def test_no_internal_code_shows_on_any_page_a_role_reaches(app, client, username):
    from lvzhi.demo import seed_demo

    seed_demo(today=date(2026, 11, 25), member_count=20)
    client.post("/login", data={"login": username, "password": DEMO_PASSWORD})
    found: dict[str, str] = {}
    seen: set[str] = set()
    queue = [*FIRST.get(username, []), "/"]
    while queue and len(seen) < PAGES_PER_ROLE:
        url = queue.pop(0)
        if url in seen or SKIP.search(url):
            continue
        seen.add(url)
        response = client.get(url, follow_redirects=True)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        page = VisibleText()
        page.feed(response.get_data(as_text=True))
        for text in page.texts:
            for word in CODE.findall(text):
                # a login name is the user's own data (the departments' too: chengban, chengban02…)
                if word not in LOGINS and not re.fullmatch(r"chengban\d*", word):
                    found.setdefault(word, url)
        queue += [link for link in page.links if link not in seen]
    assert len(seen) > 10
    assert found == {}
