"""Demo 大会发言 and 政协工作建议: the last plenary's speeches — selected oral or written, two not
selected, a party's and an office group's among them — with two a county leader instructed
on (批示) being handled by departments (张岩枢's written one by 县发展和改革局, accepted,
with a progress note; another waiting to be accepted), and a few work suggestions, most of
them answered.

Everything goes through the services, in one transaction, so the timeline, the audit log
and the 十个一 credits (item 6 for the oral speeches, item 10 for the suggestions) are the
real ones (张岩枢's own 十个一 is left at the seed's "3 done"). Idempotent: a plenary year that has speeches is skipped."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ..extensions import db
from ..models import Department, Matter, Member, Organization, User
from ..services import loop_handling as handling
from ..services import loop_intake, unit_of_work
from ..services import loops as loop_svc
from ..services import speeches as svc

PLENARY_DAY = (1, 7)  # the demo calendar's plenary (county.py)
OWN_SPEECH = "推动紧固件产业链协同发展，打造先进制造业集群"
# (title, mode: oral / written / "" not selected)
SPEECHES = [
    ("加快城乡公交一体化，打通群众出行最后一公里", "oral"),
    ("深化“最多跑一次”改革，持续优化营商环境", "oral"),
    ("推进养老服务体系建设，应对人口老龄化", "oral"),
    ("加强海塘安澜工程建设，筑牢沿海防护屏障", "written"),
    ("发展乡村特色产业，促进农民持续增收", "written"),
    ("加强基层医疗卫生人才队伍建设", "written"),
    ("关于建设县域书香社会的思考", ""),
    ("关于发展夜间经济的几点想法", ""),
]
SUGGESTIONS = [
    (
        "建议每季度组织一次委员读书分享会",
        "adopt",
        "已列入明年委员学习计划，由学习和文史委员会牵头。",
    ),
    ("建议室组活动更多走进村社一线", "adopt", "已在十加一考核中增加进村社活动的要求。"),
    ("建议履职平台增加语音录入", "note", "感谢建议，已转信息化供应商评估。"),
    ("建议提前公布全会议程", None, None),
]


def plenary_year(today: date) -> int:
    """The year of the last plenary held by ``today``."""
    return today.year if today >= date(today.year, *PLENARY_DAY) else today.year - 1


def seed(org: Organization, today: date) -> None:
    office = db.session.scalar(select(User).where(User.username == "jiguan"))
    leader = db.session.scalar(select(User).where(User.username == "lingdao"))
    if office is None or leader is None:
        return
    year = plenary_year(today)
    if db.session.scalar(
        select(func.count(Matter.id)).where(
            Matter.org_id == org.id, Matter.loop == "speech", Matter.year == year
        )
    ):
        return
    with db.session.no_autoflush:
        _seed(org, year, office, leader)


@unit_of_work
def _seed(org: Organization, year: int, office: User, leader: User) -> None:
    own = db.session.scalar(select(User).where(User.username == "weiyuan"))
    if own is None:
        return
    others = list(
        db.session.scalars(
            select(User)
            .join(Member, Member.id == User.member_id)
            .where(User.org_id == org.id, Member.is_active.is_(True), User.id != own.id)
            .order_by(User.id)
            .limit(12)
        )
    )
    depts = {
        d.name: d for d in db.session.scalars(select(Department).where(Department.org_id == org.id))
    }

    def speech(user: User, title: str, **kw) -> Matter:
        text = f"{title}。经过调研，提出三点建议：一是加强统筹；二是加大投入；三是完善机制。"
        return svc.speech_submit(user, title, text, year=year, **kw)

    # 张岩枢's written speech (his 十个一 stays the seed's "3 done, 7 to go"), instructed and
    # being handled by 县发展和改革局
    mine = speech(own, OWN_SPEECH)
    svc.speech_select(office, mine, "written", "作为书面发言印发全会")
    _instructed(office, leader, mine, depts["县发展和改革局"], accepted=True)
    for (title, mode), user in zip(SPEECHES, others, strict=False):
        m = speech(user, title)
        if mode:
            svc.speech_select(office, m, mode)
        else:
            svc.speech_reject(office, m, "主题与其他发言相近，已作为书面材料印发参考。")
        if title.startswith("加快城乡公交"):  # the second instructed speech
            _instructed(office, leader, m, depts["县交通运输局"], accepted=False)
    party = speech(
        office,
        "凝聚党派力量，助力共同富裕",
        collective_kind="party",
        collective_name="民革海盐县支部",
    )
    svc.speech_select(office, party, "oral")
    head = db.session.scalar(select(User).where(User.username == "shizu"))
    if head is not None:
        group = svc.speech_submit(
            head,
            "西塘桥街道委员室组：发挥委员作用，服务基层治理",
            "西塘桥街道委员室组围绕基层治理开展调研，提出建议。",
            year=year,
            collective_kind="office_group",
            collective_name="西塘桥街道",
        )
        svc.speech_select(office, group, "written")
    for (title, answer, reply), user in zip(SUGGESTIONS, others[8:], strict=False):
        m = svc.work_suggestion_submit(user, title, f"{title}，便于委员更好履职。", year=year)
        if answer:
            svc.work_suggestion_answer(office, m, answer, reply)


def _instructed(office: User, leader: User, m: Matter, dept: Department, accepted: bool) -> None:
    svc.speech_instruct(leader, m, "请有关部门认真研究，抓好落实，按时反馈。", "county")
    loop_svc.matter_assign(office, m, dept)
    db.session.flush()  # the seed runs without autoflush: the portal's moves look it up
    if accepted:
        loop_intake.matter_accept(office, m, dept)
        handling.matter_progress(office, m, "已召开专题会议研究，正在制定落实方案。", dept)
