"""Permission matrix of the consultation and supervision routes: the secretariat plans and
runs topics; the lead committee's director runs its consultation topics' research and
consultation (another committee's topic, or a supervision topic, is a 404 to them); leaders
and the secretariat read the overview; a topic's page is seen by the secretariat, leaders,
the lead committee's director and the members on its lists; another organization sees
nothing of it."""

from __future__ import annotations

from lvzhi.clock import local_today

from ..factories import World, gen_department, gen_topic
from .matrix import ACTORS, DENY, LOGIN, secretariat_only

Y = local_today().year
NOBODY = {a: 404 for a in ACTORS} | {"anon": LOGIN}
READERS = {a: 403 for a in ACTORS} | {
    "anon": LOGIN,
    "secretariat": 200,
    "leader": 200,
    "other_org": 200,  # its own organization's overview
}


def committee_only(status: int = 200) -> dict[str, object]:
    return {a: DENY for a in ACTORS} | {"anon": LOGIN, "committee": status}


C = "/committee/topics"
MATRIX = [
    ("GET", f"/committee/consultations?year={Y}", "committee.consultations", committee_only()),
    (
        "POST",
        C + "/{c_step_topic}/steps/start_research",
        "committee.topic_step",
        committee_only(303),
    ),
    # 交办 stays the secretariat's: refused, the topic's page with the reason
    ("POST", C + "/{assign_topic}/steps/assign", "committee.topic_step", committee_only()),
    (
        "POST",
        C + "/{other_committee_topic}/steps/start_research",
        "committee.topic_step",
        committee_only(404),
    ),
    ("GET", C + "/{topic}/people/speaker?q=张", "committee.topic_people", committee_only()),
    ("POST", C + "/{topic}/people/speaker", "committee.topic_people", committee_only()),
    (
        "GET",
        C + "/{supervision}/people/participant?q=张",
        "committee.topic_people",
        committee_only(404),
    ),
    (
        "POST",
        C + "/{c_remove_topic}/people/speaker/{topic_member}/remove",
        "committee.topic_person_remove",
        committee_only(303),
    ),
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
    # the plenary discussions' written feedback, to every member (a department reads none)
    (
        "GET",
        "/loops/feedback",
        "loops.plenary_feedback",
        {a: 200 for a in ACTORS} | {"anon": LOGIN, "department": 403},
    ),
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
    from lvzhi.models import Committee
    from lvzhi.services import consultations as svc

    from ..factories import gen_named

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
    c_step_topic = gen_topic(w, "专委会开始调研的议题", kind="other")
    c_remove_topic = gen_topic(w, "专委会移出发言人的议题", kind="other")
    svc.people_add(s, c_remove_topic, "speaker", [w.member])
    other = gen_named(Committee, w.org, "社会和法制委员会", sort_order=2)
    other_committee_topic = svc.topic_save(
        s, "consultation", title="另一专委会的议题", year=Y, kind="other", committee=other
    )
    db.session.commit()
    return {
        "c_step_topic": c_step_topic.id,
        "c_remove_topic": c_remove_topic.id,
        "other_committee_topic": other_committee_topic.id,
        "topic_member": w.member.id,
        "topic": topic.id,
        "step_topic": step_topic.id,
        "assign_topic": assign_topic.id,
        "remove_topic": remove_topic.id,
        "supervision": supervision.id,
        "topic_peer": w.peer.id,
    }
