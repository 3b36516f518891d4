"""Permission matrix of the 承办单位 portal: a department contact (县教育局 in the matrix world)
sees only its own department's assignments — another department's matter, or another
department named in the URL, is a 404; the secretariat works in the portal on any department's
behalf; another organization finds nothing; every other role is refused."""

from __future__ import annotations

from ..factories import World, gen_assigned_proposal, gen_department, gen_department_user
from .matrix import ACTORS, DENY, LOGIN, MISSING, OK, SEE_OTHER, secretariat_only

# the contact's own department and the secretariat (for it); nobody else
PORTAL = {a: DENY for a in ACTORS} | {
    "anon": LOGIN,
    "secretariat": OK,
    "other_org": MISSING,
    "department": OK,
}
# the secretariat without a department is sent to its departments list; the other body's too
HOME = PORTAL | {"other_org": SEE_OTHER, "secretariat": SEE_OTHER}
OTHER_DEPARTMENT = PORTAL | {"department": MISSING}
NOT_ON_IT = OTHER_DEPARTMENT | {"secretariat": MISSING}
SECRETARIAT_DECIDES = PORTAL | {"department": DENY}
# 接收 is a button: accepted, or refused as already accepted, it redirects back (303)
ACCEPT = PORTAL | {"secretariat": SEE_OTHER, "department": SEE_OTHER}
ACCEPT_OTHER = OTHER_DEPARTMENT | {"secretariat": SEE_OTHER}

OWN = "/department/matters/{dept_matter}"
OTHER = "/department/matters/{other_dept_matter}"

MATRIX = [
    ("GET", "/department/", "department.home", HOME),
    ("GET", "/department/?department={dept}", "department.home", PORTAL),
    ("GET", "/department/?department={other_dept}", "department.home", OTHER_DEPARTMENT),
    ("GET", OWN, "department.matter", PORTAL),
    ("GET", OTHER, "department.matter", OTHER_DEPARTMENT),
    # a department not on the matter: nobody finds it there
    ("GET", OTHER + "?department={dept}", "department.matter", NOT_ON_IT),
    ("POST", OTHER + "/accept", "department.accept", ACCEPT_OTHER),
    ("POST", OWN + "/accept", "department.accept", ACCEPT),
    ("POST", OTHER + "/reassign", "department.ask_reassign", OTHER_DEPARTMENT),
    ("POST", OWN + "/reassign", "department.ask_reassign", PORTAL),
    ("POST", OWN + "/contact", "department.contact", PORTAL),
    ("POST", OTHER + "/contact", "department.contact", OTHER_DEPARTMENT),
    ("POST", OWN + "/progress", "department.progress", PORTAL),
    ("POST", OTHER + "/progress", "department.progress", OTHER_DEPARTMENT),
    ("POST", OWN + "/co-opinion", "department.co_opinion", PORTAL),
    ("POST", OTHER + "/co-opinion", "department.co_opinion", OTHER_DEPARTMENT),
    ("POST", OWN + "/reply", "department.reply", PORTAL),
    ("POST", OTHER + "/reply", "department.reply", OTHER_DEPARTMENT),
    (
        "POST",
        OWN + "/reassign/{dept_assignment}/decide",
        "department.decide_reassign",
        SECRETARIAT_DECIDES,
    ),
    (
        "POST",
        "/secretariat/departments/{dept}/account",
        "secretariat.department_account",
        secretariat_only(True),
    ),
    # another department's contact (县卫健局), switched off and on, its password reset
    (
        "POST",
        "/secretariat/departments/{other_dept}/accounts/{other_contact}/active?on=0",
        "secretariat.department_contact_active",
        secretariat_only(True, SEE_OTHER),
    ),
    (
        "POST",
        "/secretariat/departments/{other_dept}/accounts/{other_contact}/password-reset",
        "secretariat.department_contact_password",
        secretariat_only(True, SEE_OTHER),
    ),
    # a contact named under a department it is not of: nobody finds it
    (
        "POST",
        "/secretariat/departments/{dept}/accounts/{other_contact}/active?on=1",
        "secretariat.department_contact_active",
        secretariat_only(True, MISSING),
    ),
]


def extra_ids(w: World) -> dict[str, int]:
    from sqlalchemy import select

    from lvzhi.extensions import db
    from lvzhi.models import Department

    dept = db.session.scalar(
        select(Department).where(Department.org_id == w.org.id, Department.name == "县教育局")
    )
    other = gen_department(w.org, "县卫健局")
    other_contact = gen_department_user(w.org, other, "weijian")
    own = gen_assigned_proposal(w, dept, title="关于校园安全的建议")
    elsewhere = gen_assigned_proposal(w, other, title="关于基层医疗的建议")
    db.session.commit()
    return {
        "dept_matter": own.id,
        "dept_assignment": own.assignments[0].id,
        "other_dept": other.id,
        "other_dept_matter": elsewhere.id,
        "other_contact": other_contact.id,
    }
