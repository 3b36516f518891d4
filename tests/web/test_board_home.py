"""The leaders' home: this year's 十个一 figures, laggards first by group, committee, sector."""

from lvzhi.domain.duties import DEFAULT_DUTY_ITEMS
from lvzhi.extensions import db

from ..factories import gen_duty_items, gen_record, world


def test_board_home_shows_completion_with_laggard_groups_first(app, client, auth, statements):
    w = world()
    gen_duty_items(w.org)
    for code, _name, _desc in DEFAULT_DUTY_ITEMS:  # 张岩枢 has done all ten
        gen_record(w.member, code)
    gen_record(w.director, "proposal")  # 朱明华 (武原街道) one item
    db.session.commit()
    auth.login("lingdao")
    page = client.get("/board/").get_data(as_text=True)
    assert "全部完成 <strong>1</strong> 名，占 25%" in page
    assert "按室组（落后的在前）" in page
    # 武原街道 (1 member, 1 item) lags behind 西塘桥街道 (3 members, 10 items)
    assert page.index(">武原街道<") < page.index(">西塘桥街道<")
    assert "按专委会" in page and "按界别" in page
    with statements() as few:
        client.get("/board/")
    for i in range(40):
        gen_record(w.peer, "research", title=f"调研{i}")
    db.session.commit()
    with statements() as many:
        client.get("/board/")
    assert many() == few()
