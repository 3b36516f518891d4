"""承办单位 on a phone (390×844): the 县发改局 contact logs in, sees the new assignment, accepts
it, records the contact with the proposer and files a class-B reply with a signed PDF."""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from lvzhi.demo import DEMO_PASSWORD
from lvzhi.extensions import db
from lvzhi.models import Department, User
from lvzhi.services.accounts import user_create
from lvzhi.services.loops import matter_assign
from lvzhi.services.proposal_review import proposal_file
from lvzhi.services.proposals import proposal_submit

from ..factories import gen_proposal
from .conftest import login, no_horizontal_scroll, shot

TITLE = "关于降低县域物流成本的建议"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _assigned_to_the_demo_department(app) -> None:
    """张岩枢's proposal filed and assigned to 县发改局, whose contact is ``chengban`` (the
    demo's login when the demo has it, else made here)."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "weiyuan"))
        office = db.session.scalar(select(User).where(User.username == "jiguan"))
        contact = db.session.scalar(select(User).where(User.username == "chengban"))
        if contact is None:
            dept = db.session.scalar(
                select(Department).where(
                    Department.org_id == user.org_id, Department.name == "县发改局"
                )
            ) or Department(org_id=user.org_id, name="县发改局")
            db.session.add(dept)
            db.session.flush()
            contact = user_create(
                user.org_id, "chengban", "县发改局联络员", DEMO_PASSWORD, ["department"]
            )
            contact.department_id = dept.id
            db.session.commit()
        dept = db.session.get(Department, contact.department_id)
        m = gen_proposal(user, TITLE)
        proposal_submit(user, m)
        proposal_file(office, m)
        matter_assign(office, m, dept)
        db.session.commit()


def test_a_department_accepts_contacts_the_proposer_and_replies_on_a_phone(
    page, live_server, tmp_path
):
    _assigned_to_the_demo_department(live_server.app)
    letter = tmp_path / "答复函（盖章）.pdf"
    letter.write_bytes(PDF)

    login(page, live_server, "chengban")
    page.goto(f"{live_server.url}/department/")
    row = page.locator(".dept-work li", has_text=TITLE)
    expect(row.get_by_text("新交办")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "department-home")

    row.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    shot(page, "department-matter-new")
    page.get_by_role("button", name="接收", exact=True).click()
    expect(page.get_by_text("已接收，请抓紧办理。")).to_be_visible()

    page.get_by_label("沟通方式").select_option(label="电话")
    page.get_by_label("沟通情况").fill("电话听取张岩枢委员意见，约定下月走访企业。")
    page.get_by_role("button", name="记录沟通").click()
    expect(page.get_by_text("已记录办前沟通。")).to_be_visible()

    page.get_by_label("答复类别").select_option("B")
    page.get_by_label("答复内容").fill("已列入明年物流园区建设计划。")
    page.get_by_label("盖章的答复函：PDF 或照片（最多 6 个）").set_input_files(str(letter))
    assert no_horizontal_scroll(page)
    shot(page, "department-matter-reply-form")
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_text("答复已提交，等待提案人评价。")).to_be_visible()
    expect(page.get_by_text("B 类（列入计划拟解决）").first).to_be_visible()
    expect(page.get_by_role("link", name="PDF · 答复函（盖章）.pdf")).to_be_visible()
    assert no_horizontal_scroll(page)
    shot(page, "department-matter-replied")
