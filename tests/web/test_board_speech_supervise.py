"""A leader records a 督办 note on an instructed speech from the board (the speech workflow lets
the oversight parties supervise while it is instructed, assigned or being handled), as a
leader does on a proposal; the note shows on the speech's page."""

from __future__ import annotations

from lvzhi.extensions import db
from lvzhi.services import speeches as svc

from ..factories import world


def _instructed(w):
    m = svc.speech_submit(w.member_user, "关于城乡公交的发言", "内容")
    svc.speech_select(w.secretariat_user, m, "oral")
    svc.speech_instruct(w.leader_user, m, "请交通部门研究。", "county")
    db.session.commit()
    return m


def test_a_leader_supervises_an_instructed_speech_from_the_board(client, auth):
    w = world()
    m = _instructed(w)
    auth.login("lingdao")
    board = client.get("/board/speeches").get_data(as_text=True)
    assert f'href="/board/speeches/{m.id}/supervise">督办</a>' in board
    assert f"/board/speeches/{m.id}/supervise" in client.get(f"/loops/{m.id}").get_data(
        as_text=True
    )
    url = f"/board/speeches/{m.id}/supervise"
    r = client.post(url, data={"note": "", "version": m.version})
    assert r.status_code == 200 and "请填写督办情况。" in r.get_data(as_text=True)
    r = client.post(url, data={"note": "请月底前拿出方案。", "version": m.version})
    assert r.status_code == 303
    assert "请月底前拿出方案。" in client.get(f"/loops/{m.id}").get_data(as_text=True)


def test_a_speech_not_yet_instructed_offers_no_supervision(client, auth):
    w = world()
    m = svc.speech_submit(w.member_user, "关于城乡公交的发言", "内容")
    svc.speech_select(w.secretariat_user, m, "oral")
    db.session.commit()
    auth.login("lingdao")
    assert "/supervise" not in client.get("/board/speeches").get_data(as_text=True)
    r = client.post(
        f"/board/speeches/{m.id}/supervise", data={"note": "督办", "version": m.version}
    )
    assert r.status_code == 200 and "“已选用”状态的大会发言不能督办" in r.get_data(as_text=True)
    assert "/supervise" not in client.get(f"/loops/{m.id}").get_data(as_text=True)
