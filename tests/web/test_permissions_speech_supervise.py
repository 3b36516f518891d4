"""Permission matrix of a leader's 督办 note on an instructed speech: leaders only (the
secretariat has its own form); a matter that is not a speech is a 404."""

from __future__ import annotations

from ..factories import World
from .matrix import ACTORS, DENY, LOGIN, MISSING, OK

LEADERS = {a: DENY for a in ACTORS} | {"anon": LOGIN, "leader": OK}
URL = "/board/speeches/{h_speech_instructed}/supervise"

MATRIX = [
    ("GET", URL, "board.speech_supervise", LEADERS),
    ("POST", URL, "board.speech_supervise", LEADERS),  # no note: the form comes back
    (
        "GET",
        "/board/speeches/{h_work_suggestion}/supervise",
        "board.speech_supervise",
        LEADERS | {"leader": MISSING},
    ),
]


def extra_ids(w: World) -> dict[str, int]:
    from lvzhi.extensions import db
    from lvzhi.services import speeches as svc

    m = svc.speech_submit(w.member_user, "待督办的发言", "发言稿全文。")
    svc.speech_select(w.secretariat_user, m, "written")
    svc.speech_instruct(w.leader_user, m, "请研究落实。", "county")
    suggestion = svc.work_suggestion_submit(w.member_user, "一条工作建议", "内容。")
    db.session.commit()
    return {"h_speech_instructed": m.id, "h_work_suggestion": suggestion.id}
