"""Setting up and posting to the 承办单位 portal in its tests."""

from __future__ import annotations

from datetime import timedelta

from lvzhi.clock import local_today
from lvzhi.extensions import db

from ..factories import (
    gen_assigned_proposal,
    gen_department,
    gen_department_user,
    world,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _setup(co: bool = False, **kw):
    w = world()
    lead = gen_department(w.org, "县发改局")
    others = [gen_department(w.org, "县经信局")] if co else []
    gen_department_user(w.org, lead, "chengban")
    if co:
        gen_department_user(w.org, others[0], "huiban")
    m = gen_assigned_proposal(w, lead, others, **kw)
    db.session.commit()
    return w, m, lead, others


def _page(client, m, **args) -> str:
    response = client.get(f"/department/matters/{m.id}", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _accept(client, m, suffix=""):
    return client.post(f"/department/matters/{m.id}/accept{suffix}", data={"version": m.version})


def _contact(client, m, suffix=""):
    """办前沟通 recorded (by phone, today) before a reply; ``m`` is read again after it."""
    response = client.post(
        f"/department/matters/{m.id}/contact{suffix}",
        data={"version": m.version, "way": "phone", "on": local_today().isoformat()},
    )
    assert response.status_code == 303
    db.session.refresh(m)
    return response


def _reply(client, m, files, reply_class="B", text="已列入明年计划。", suffix=""):
    return client.post(
        f"/department/matters/{m.id}/reply{suffix}",
        data={"version": m.version, "reply_class": reply_class, "text": text, "files": files},
        content_type="multipart/form-data",
    )


def _one_department():
    """The world and 县发改局 with its contact ``chengban`` (nothing assigned yet)."""
    w = world()
    dept = gen_department(w.org, "县发改局")
    gen_department_user(w.org, dept, "chengban")
    return w, dept


def _three_deadlines(w, dept):
    """A new assignment, one due in about a week, one overdue (derived from 交办 dates)."""
    today = local_today()
    return [
        gen_assigned_proposal(w, dept, title=title, assigned_on=today - timedelta(days=days))
        for title, days in (
            ("关于新近交办的建议", 0),
            ("关于即将到期的建议", 85),
            ("关于已经逾期的建议", 120),
        )
    ]
