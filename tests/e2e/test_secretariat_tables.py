"""Secretariat tables on a 390 px phone: each row folds into "label  value" lines, and the whole
value of a cell (several links, a note after a figure) stays beside its label instead of
spilling into the label column one piece per line."""

from __future__ import annotations

from .conftest import login, shot

SPILLS = """
() => {
  const problems = [];
  for (const td of document.querySelectorAll('.table.responsive td[data-label]')) {
    const box = td.getBoundingClientRect();
    if (!box.width || getComputedStyle(td, '::before').content === 'none') continue;
    for (const node of td.childNodes) {
      if (node.nodeType === 3 && !node.textContent.trim()) continue;
      const range = document.createRange(); range.selectNodeContents(node);
      const r = node.nodeType === 1 ? node.getBoundingClientRect() : range.getBoundingClientRect();
      if (r.width && r.left < box.left + 40)
        problems.push(td.dataset.label + ': "' + node.textContent.trim().slice(0, 20) + '"');
    }
  }
  return problems;
}
"""


def test_table_cells_keep_their_values_beside_the_label_on_a_phone(page, live_server):
    login(page, live_server, "jiguan")
    failures = {}
    for url in [
        "/secretariat/structure",
        "/secretariat/reports?status=all",
        "/secretariat/members",
    ]:
        assert page.goto(f"{live_server.url}{url}").status == 200
        problems = page.evaluate(SPILLS)
        if problems:
            failures[url] = problems[:6]
            shot(page, "tables-" + url.strip("/").split("?")[0].replace("/", "_"))
    assert not failures, failures
