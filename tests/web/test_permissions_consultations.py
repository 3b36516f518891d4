"""Permission matrix of the consultation and supervision routes: the secretariat plans and
runs topics; leaders and the secretariat read the overview; a topic's page is seen by the
secretariat, leaders, the lead committee's director and the members on its lists; another
organization sees nothing of it."""

from __future__ import annotations

from lvzhi.clock import local_today

from ..factories import World, gen_department, gen_topic
from .matrix import ACTORS, LOGIN, secretariat_only

Y = local_today().year
NOBODY = {a: 404 for a in ACTORS} | {"anon": LOGIN}
READERS = {a: 403 for a in ACTORS} | {
    "anon": LOGIN,
    "secretariat": 200,
    "leader": 200,
    "other_org": 200,  # its own organization's overview
}

MATRIX = [
    (
        "GET",
        f"/secretariat/consultations?year={Y}",
        "secretariat.consultations",
        secretariat_only(False),
    ),
    (
        "GET",
        f"/secretariat/consultations/plan.xlsx?year={Y}",
        "secretariat.consultations_export",
        secretariat_only(False),
    ),
    (
        "GET",
        f"/secretariat/supervision?year={Y}",
        "secretariat.supervision",
        secretariat_only(False),
    ),
    (
        "GET",
        "/secretariat/consultations/new?kind=other",
        "secretariat.topic_new",
        secretariat_only(False),
    ),
    # an empty form comes back with its errors
    ("POST", "/secretariat/consultations/new", "secretariat.topic_new", secretariat_only(False)),
    ("GET", "/secretariat/supervision/new", "secretariat.topic_new", secretariat_only(False)),
    ("GET", "/secretariat/topics/{topic}/edit", "secretariat.topic_edit", secretariat_only(True)),
    ("POST", "/secretariat/topics/{topic}/edit", "secretariat.topic_edit", secretariat_only(True)),
    (
        "POST",
        "/secretariat/topics/{step_topic}/steps/start_research",
        "secretariat.topic_step",
        secretariat_only(True, 303),
    ),
    (
        "POST",
        "/secretariat/topics/{assign_topic}/assign",
        "secretariat.topic_assign",
        secretariat_only(True, 303),
    ),
    (
        "POST",
        "/secretariat/topics/{supervision}/requirements/central_topic",
        "secretariat.topic_requirement",
        secretariat_only(True, 303),
    ),
    (
        "GET",
        "/secretariat/topics/{topic}/people/speaker?q=张",
        "secretariat.topic_people",
        secretariat_only(True),
    ),
    # nobody ticked: the picker comes back with its message
    (
        "POST",
        "/secretariat/topics/{topic}/people/speaker",
        "secretariat.topic_people",
        secretariat_only(True),
    ),
    (
        "POST",
        "/secretariat/topics/{remove_topic}/people/speaker/{topic_peer}/remove",
        "secretariat.topic_person_remove",
        secretariat_only(True, 303),
    ),
    ("GET", f"/loops/overview?year={Y}", "loops.overview", READERS),
    ("GET", f"/loops/overview.xlsx?year={Y}", "loops.overview_export", READERS),
    # the topic's page: 张岩枢 speaks at it, 朱明华's committee leads it
    (
        "GET",
        "/loops/{topic}",
        "loops.matter",
        NOBODY | {"secretariat": 200, "leader": 200, "committee": 200, "member": 200},
    ),
]


def extra_ids(w: World) -> dict[str, int]:
    from lvzhi.extensions import db
    from lvzhi.services import consultations as svc

    s = w.secretariat_user
    dept = gen_department(w.org, "县经信局")
    topic = gen_topic(w, "‘专精特新’培育工程")
    svc.people_add(s, topic, "speaker", [w.member])
    step_topic = gen_topic(w, "开始调研的议题", kind="other")
    assign_topic = gen_topic(w, "待交办的议题", kind="other", department=dept)
    for action in ("start_research", "hold"):
        svc.topic_step(s, assign_topic, action)
    remove_topic = gen_topic(w, "移出发言人的议题", kind="other")
    svc.people_add(s, remove_topic, "speaker", [w.peer])
    supervision = gen_topic(w, "河道治理民主监督", loop="supervision", kind="")
    db.session.commit()
    return {
        "topic": topic.id,
        "step_topic": step_topic.id,
        "assign_topic": assign_topic.id,
        "remove_topic": remove_topic.id,
        "supervision": supervision.id,
        "topic_peer": w.peer.id,
    }
