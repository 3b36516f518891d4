"""Permission matrix of a consultation topic in the 承办单位 portal: its page and the steps the
workflow gives a department (落实 here) — the contact of the department it is assigned to, or
the secretariat (for its lead department); another department's topic is a 404 to a contact;
every other role is refused."""

from __future__ import annotations

from ..factories import World, gen_department, gen_topic
from .matrix import SEE_OTHER
from .test_permissions_department import OTHER_DEPARTMENT, PORTAL

STEP = PORTAL | {"department": SEE_OTHER, "secretariat": SEE_OTHER}
STEP_OTHER = OTHER_DEPARTMENT | {"secretariat": SEE_OTHER}

MATRIX = [
    ("GET", "/department/matters/{dept_topic_page}", "department.matter", PORTAL),
    (
        "POST",
        "/department/matters/{dept_topic}/steps/implement",
        "department.topic_step",
        STEP,
    ),
    (
        "POST",
        "/department/matters/{other_dept_topic}/steps/implement",
        "department.topic_step",
        STEP_OTHER,
    ),
]


def extra_ids(w: World) -> dict[str, int]:
    from sqlalchemy import select

    from lvzhi.extensions import db
    from lvzhi.models import Department
    from lvzhi.services.consultations import topic_assign

    dept = db.session.scalar(
        select(Department).where(Department.org_id == w.org.id, Department.name == "县教育局")
    )
    other = gen_department(w.org, "县交通运输局")
    ids = {}
    for key, lead, title in (
        ("dept_topic_page", dept, "‘双减’落实情况专题协商"),
        ("dept_topic", dept, "校园周边交通安全专题协商"),
        ("other_dept_topic", other, "农村公路养护专题协商"),
    ):
        m = gen_topic(w, title, kind="other", department=lead)
        m.stage = "consult"
        topic_assign(w.secretariat_user, m, lead)
        ids[key] = m.id
    db.session.commit()
    return ids
