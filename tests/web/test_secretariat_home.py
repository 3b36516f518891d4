"""The secretariat's home shows what waits for them and where the three lists are."""

from lvzhi.extensions import db

from ..factories import gen_group_report, world


def test_home_lists_reports_waiting_for_a_score(app, client, auth):
    w = world()
    auth.login("jiguan")
    page = client.get("/secretariat/").get_data(as_text=True)
    assert "眼下没有待办事项。" in page
    gen_group_report(w.group, 2026, 10, status="submitted", work_items=5)
    db.session.commit()
    page = client.get("/secretariat/").get_data(as_text=True)
    assert "1 份室组月报待评分" in page
    for link in ("/secretariat/duties", "/secretariat/reports", "/showcase/", "/board/ranking/"):
        assert f'href="{link}' in page
