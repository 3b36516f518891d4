"""十个一 services: the record workflow, idempotency, automatic credit, checklist config,
attachments and reminders."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Attachment, DutyItem, DutyRecord, Notification
from lvzhi.selectors import duties as sel
from lvzhi.services import ServiceError
from lvzhi.services import duties as svc
from lvzhi.services.attachments import attachment_add, attachment_check, attachment_remove
from lvzhi.services.duty_items import duty_item_create, duty_item_retire, duty_item_save
from lvzhi.services.reminders import duty_reminders
from lvzhi.services.structure import year_open

from ..factories import gen_duty_items, gen_record, png_bytes, world

TODAY = local_today()


def _item(w, code="public_welfare", year=None):
    gen_duty_items(w.org, year)
    return sel.item_by_code(w.org.id, year or TODAY.year, code)


def _done(member, year=None):
    return sel.member_progress(member.id, sel.items(member.org_id, year or TODAY.year)).done_count


def test_submitted_record_counts_only_after_the_head_confirms(app):
    w = world()
    item = _item(w)
    record = svc.duty_record_create(
        w.member_user, w.member, item, TODAY, "义诊", "", [], "t1", submit=True
    )
    assert record.status == "submitted"
    assert _done(w.member) == 0
    svc.duty_record_confirm(w.head_user, record, "group_head")
    assert record.status == "confirmed"
    assert _done(w.member) == 1


def test_double_tap_with_the_same_token_creates_one_record(app):
    w = world()
    item = _item(w)
    first = svc.duty_record_create(
        w.member_user, w.member, item, TODAY, "义诊", "", [], "tok", submit=True
    )
    with pytest.raises(svc.AlreadySubmitted, match="该记录已提交，未重复创建") as again:
        svc.duty_record_create(
            w.member_user, w.member, item, TODAY, "义诊", "", [], "tok", submit=True
        )
    assert again.value.record.id == first.id
    assert db.session.scalar(select(func.count(DutyRecord.id))) == 1


def test_returned_record_needs_a_reason_and_can_be_edited_and_resubmitted(app):
    w = world()
    record = gen_record(w.member, "research", "submitted")
    db.session.commit()
    with pytest.raises(ServiceError, match="退回原因"):
        svc.duty_record_return(w.head_user, record, "group_head", "  ")
    svc.duty_record_return(w.head_user, record, "group_head", "请补充照片")
    assert record.status == "returned" and record.return_reason == "请补充照片"
    svc.duty_record_update(
        w.member_user, record, TODAY, "调研（已补充）", "", [], [], True, record.version
    )
    assert record.status == "submitted"


def test_head_cannot_confirm_another_groups_member_or_their_own_record(app):
    w = world()
    outsider_of_group = gen_record(w.director, "research", "submitted")  # 武原街道
    own = gen_record(w.head, "research", "submitted")
    db.session.commit()
    for record in (outsider_of_group, own):
        with pytest.raises(ServiceError, match="无权"):
            svc.duty_record_confirm(w.head_user, record, "group_head")
    svc.duty_record_confirm(w.secretariat_user, own, "secretariat")
    assert own.status == "confirmed"


def test_member_cannot_create_or_edit_another_members_records(app):
    w = world()
    item = _item(w)
    with pytest.raises(ServiceError):
        svc.duty_record_create(w.member_user, w.peer, item, TODAY, "冒名", "", [], "x", True)
    peer_record = gen_record(w.peer, "research", "draft")
    db.session.commit()
    with pytest.raises(ServiceError):
        svc.duty_record_submit(w.member_user, peer_record)


def test_confirmed_record_cannot_be_edited(app):
    w = world()
    record = gen_record(w.member, "research", "confirmed")
    db.session.commit()
    with pytest.raises(ServiceError, match="已确认"):
        svc.duty_record_update(
            w.member_user, record, TODAY, "改", "", [], [], False, record.version
        )


def test_duty_credit_is_idempotent_and_withdrawn_with_its_source(app):
    w = world()
    source = svc.DutySource("proposal", 42, "关于加快县域医共体建设的提案", "/loops/proposal/42")
    first = svc.duty_credit(w.member, "proposal", source, TODAY)
    again = svc.duty_credit(w.member, "proposal", source, TODAY)
    assert first.id == again.id and first.automatic and first.status == "confirmed"
    assert _done(w.member) == 1
    # a research stage lists two participants: each is credited once
    stage = svc.DutySource("research_stage", 7, "县域商业体系调研", "/loops/research/7")
    svc.duty_credit(w.member, "research", stage, TODAY)
    svc.duty_credit(w.peer, "research", stage, TODAY)
    assert svc.duty_credit_withdraw(stage, member=w.peer) == 1
    assert _done(w.peer) == 0 and _done(w.member) == 2
    assert svc.duty_credit_withdraw(source) == 1
    assert _done(w.member) == 1


def test_automatic_record_cannot_be_confirmed_returned_or_edited_by_hand(app):
    w = world()
    record = svc.duty_credit(w.member, "proposal", svc.DutySource("proposal", 1, "提案"), TODAY)
    with pytest.raises(ServiceError, match="自动记入"):
        svc.duty_record_update(w.member_user, record, TODAY, "x", "", [], [], False, None)


def test_only_a_draft_or_returned_record_of_ones_own_is_deleted_by_hand(app):
    w = world()
    submitted = gen_record(w.member, status="submitted")
    returned = gen_record(w.member, status="returned")
    db.session.commit()
    with pytest.raises(ServiceError, match="只有草稿或被退回的记录可以删除。"):
        svc.duty_record_delete(w.member_user, submitted)
    credited = svc.duty_credit(w.member, "proposal", svc.DutySource("proposal", 2, "提案"), TODAY)
    with pytest.raises(ServiceError, match="自动记入的履职记录不能手动删除。"):
        svc.duty_record_delete(w.member_user, credited)
    svc.duty_record_delete(w.member_user, returned)
    assert db.session.get(DutyRecord, returned.id) is None
    assert db.session.get(DutyRecord, submitted.id) is not None


def test_opening_a_new_year_copies_the_active_items_of_the_last(app):
    w = world()
    items = gen_duty_items(w.org, 2030)
    duty_item_save(w.secretariat_user, items[0], "撰写一件高质量提案", "", 2, items[0].version)
    retired = items[-1]
    duty_item_retire(w.secretariat_user, retired, True, retired.version)
    year_open(w.secretariat_user, 2031, make_current=False)
    nxt = sel.items(w.org.id, 2031)
    assert len(nxt) == 9
    assert nxt[0].name == "撰写一件高质量提案" and nxt[0].required == 2
    assert retired.code not in {i.code for i in nxt}


def test_a_year_never_gets_two_items_of_the_same_name(app):
    """A double-tapped 新增 (or a rename onto another item) is refused, not doubled."""
    w = world()
    items = gen_duty_items(w.org, 2030)
    duty_item_create(w.secretariat_user, 2030, "参加一次委员接待日", "", 1)
    with pytest.raises(ServiceError, match="本年度已有事项“参加一次委员接待日”"):
        duty_item_create(w.secretariat_user, 2030, " 参加一次委员接待日 ", "", 1)
    with pytest.raises(ServiceError, match="已有事项"):
        duty_item_save(w.secretariat_user, items[0], items[1].name, "", 1, items[0].version)
    db.session.rollback()
    names = [i.name for i in sel.items(w.org.id, 2030)]
    assert names.count("参加一次委员接待日") == 1
    # keeping its own name while changing the count is fine
    duty_item_save(w.secretariat_user, items[0], items[0].name, "", 2, items[0].version)
    duty_item_create(w.secretariat_user, 2031, "参加一次委员接待日", "", 1)  # another year


def test_retiring_an_item_keeps_its_records(app):
    w = world()
    record = gen_record(w.member, "work_suggestion", "confirmed")
    db.session.commit()
    item = db.session.get(DutyItem, record.item_id)
    duty_item_retire(w.secretariat_user, item, True, item.version)
    assert db.session.get(DutyRecord, record.id) is not None
    assert "work_suggestion" not in {i.code for i in sel.items(w.org.id, TODAY.year)}


def _upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=name)


def test_upload_lying_about_its_type_is_refused_with_a_clear_message(app):
    with pytest.raises(ServiceError, match="文件内容与扩展名不符"):
        attachment_check(_upload(b"MZ\x90\x00" + b"\x00" * 100, "photo.jpg"))
    with pytest.raises(ServiceError, match="只能上传"):
        attachment_check(_upload(b"hello world, plain text", "notes"))


def test_photo_is_stored_outside_static_with_a_random_name_and_a_thumbnail(app):
    w = world()
    record = gen_record(w.member, "research", "draft")
    db.session.commit()
    a = attachment_add(w.member_user, "duty_record", record.id, _upload(png_bytes(), "现场.png"))
    from lvzhi import storage

    path = storage.file_path(a.stored_name)
    assert path.exists() and str(path).startswith(app.config["UPLOAD_FOLDER"])
    assert "static" not in str(path) and "现场" not in a.stored_name
    assert a.display_name == "现场.png" and a.kind == "png" and a.has_thumbnail
    assert storage.thumb_path(a.stored_name).exists()
    attachment_remove(w.member_user, a)
    assert not path.exists()
    assert db.session.scalar(select(func.count(Attachment.id))) == 0


def _stored_files(app) -> set:
    from pathlib import Path

    return {p.name for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()}


def test_files_of_a_record_whose_commit_fails_are_deleted_again(app, monkeypatch):
    w = world()
    item = _item(w)
    db.session.commit()
    before = _stored_files(app)
    photo = attachment_check(_upload(png_bytes(), "现场.png"))

    def refuse():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(db.session, "commit", refuse)
    with pytest.raises(RuntimeError):
        svc.duty_record_create(w.member_user, w.member, item, TODAY, "义诊", "", [photo], "t", True)
    monkeypatch.undo()
    assert _stored_files(app) == before
    assert db.session.scalar(select(func.count(DutyRecord.id))) == 0


def test_a_removed_file_stays_on_disk_until_the_removal_commits(app, monkeypatch):
    w = world()
    record = gen_record(w.member, "research", "draft")
    db.session.commit()
    a = attachment_add(w.member_user, "duty_record", record.id, _upload(png_bytes(), "现场.png"))
    from lvzhi import storage

    monkeypatch.setattr(db.session, "commit", lambda: (_ for _ in ()).throw(RuntimeError()))
    with pytest.raises(RuntimeError):
        attachment_remove(w.member_user, a)
    monkeypatch.undo()
    assert storage.file_path(a.stored_name).exists()  # the row is still there, so is its file


def test_a_record_holds_at_most_six_files(app):
    w = world()
    item = _item(w)
    files = [attachment_check(_upload(png_bytes(), f"{i}.png")) for i in range(7)]
    with pytest.raises(ServiceError, match="最多 6 个"):
        svc.duty_record_create(w.member_user, w.member, item, TODAY, "义诊", "", files, "t", True)
    assert db.session.scalar(select(func.count(DutyRecord.id))) == 0


def test_reminder_digest_is_sent_once_per_person_per_week(app):
    w = world()
    year = TODAY.year
    gen_duty_items(w.org, year)
    db.session.commit()
    late = date(year, 11, 3)
    made = duty_reminders(late)
    members_with_login = 4  # 张岩枢, 李伟, 沈国平, 朱明华
    assert made == members_with_login
    assert duty_reminders(late) == 0
    assert duty_reminders(date(year, 11, 4)) == 0  # same ISO week
    note = db.session.scalar(select(Notification).where(Notification.user_id == w.member_user.id))
    assert "还有 10 项待完成" in note.title
    assert duty_reminders(date(year, 3, 3)) == 0  # too early in the year
