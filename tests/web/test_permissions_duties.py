"""Permission matrix of the 十个一 routes, with other-member and other-organization cases."""

from __future__ import annotations

import io

from werkzeug.datastructures import FileStorage

from lvzhi.clock import local_today
from lvzhi.domain.uploads import OWNER_DUTY_RECORD

from ..factories import World, gen_record, png_bytes
from .matrix import (
    ACTORS,
    EVERYONE,
    LOGIN,
    MISSING,
    OK,
    SEE_OTHER,
    everyone,
    role_home,
    secretariat_only,
)

Y = local_today().year
MEMBERS = role_home("member")  # members, heads and directors are members too
HEAD = role_home("group_head")
HEAD_DONE = role_home("group_head", SEE_OTHER)
COMMITTEE = role_home("committee")
LEADER = role_home("leader")
# a record of 张岩枢 (the logged-in member): anyone else acting as a member gets a 404
OWN = MEMBERS | {"group_head": MISSING, "committee": MISSING}
OWN_DONE = role_home("member", SEE_OTHER) | {"group_head": MISSING, "committee": MISSING}


MATRIX = [
    # the member's own pages
    ("GET", f"/member/duties/{Y}", "member.duty_year", MEMBERS),
    ("GET", f"/member/duties/{Y}/proposal", "member.duty_item", MEMBERS),
    (
        "GET",
        f"/member/duties/{Y}/no_such_item",
        "member.duty_item",
        MEMBERS | {"member": MISSING, "group_head": MISSING, "committee": MISSING},
    ),
    # an empty form: it comes back with its errors
    ("POST", f"/member/duties/{Y}/proposal/new", "member.duty_new", MEMBERS),
    ("GET", "/member/duties/records/{own_draft}/edit", "member.duty_edit", OWN),
    (
        "GET",
        "/member/duties/records/{peer_record}/edit",
        "member.duty_edit",
        OWN | {"member": MISSING},
    ),
    (
        "GET",
        "/member/duties/records/{outsider_record}/edit",
        "member.duty_edit",
        OWN | {"member": MISSING},
    ),
    (
        "POST",
        "/member/duties/records/{peer_record}/submit",
        "member.duty_submit",
        OWN | {"member": MISSING},
    ),
    ("POST", "/member/duties/records/{own_to_submit}/submit", "member.duty_submit", OWN_DONE),
    (
        "POST",
        "/member/duties/records/{own_to_withdraw}/withdraw",
        "member.duty_withdraw",
        OWN_DONE,
    ),
    (
        "POST",
        "/member/duties/records/{peer_record}/delete",
        "member.duty_delete",
        OWN | {"member": MISSING},
    ),
    ("POST", "/member/duties/records/{own_to_delete}/delete", "member.duty_delete", OWN_DONE),
    ("GET", "/member/archive", "member.archive", MEMBERS),
    ("GET", f"/member/handbook/{Y}", "member.handbook", MEMBERS),
    # files: whoever may see the record's member
    (
        "GET",
        "/files/{attachment}",
        "files.download",
        EVERYONE | {"other_org": MISSING, "department": MISSING},
    ),
    (
        "GET",
        "/files/{attachment}/thumb",
        "files.thumbnail",
        EVERYONE | {"other_org": MISSING, "department": MISSING},
    ),
    (
        "GET",
        "/files/{outsider_attachment}",
        "files.download",
        {a: MISSING for a in ACTORS} | {"anon": LOGIN, "other_org": OK},
    ),
    # inbox
    ("GET", "/inbox/", "inbox.home", EVERYONE),
    (
        "POST",
        "/inbox/notifications/{note}/read",
        "inbox.notification_read",
        {a: MISSING for a in ACTORS} | {"anon": LOGIN, "member": SEE_OTHER},
    ),
    ("POST", "/inbox/read-all", "inbox.read_all", everyone(SEE_OTHER)),
    # the office-group head
    ("GET", "/group/duties/pending", "group.duty_pending", HEAD),
    ("GET", "/group/duties/export.xlsx", "group.duty_export", HEAD),
    ("GET", "/group/duties/records/{peer_record}", "group.duty_record", HEAD),
    (
        "GET",
        "/group/duties/records/{director_record}",
        "group.duty_record",
        HEAD | {"group_head": MISSING},
    ),
    (
        "GET",
        "/group/duties/records/{head_record}",
        "group.duty_record",
        HEAD | {"group_head": MISSING},
    ),
    (
        "GET",
        "/group/duties/records/{outsider_record}",
        "group.duty_record",
        HEAD | {"group_head": MISSING},
    ),
    (
        "POST",
        "/group/duties/records/{director_record}/confirm",
        "group.duty_confirm",
        HEAD | {"group_head": MISSING},
    ),
    # no reason given: the form comes back with its error
    ("POST", "/group/duties/records/{peer_record}/return", "group.duty_return", HEAD),
    ("POST", "/group/duties/records/{peer_record2}/confirm", "group.duty_confirm", HEAD_DONE),
    ("POST", "/group/duties/confirm", "group.duty_confirm_many", HEAD_DONE),
    ("GET", "/group/members/{member}/archive", "group.member_archive", HEAD),
    (
        "GET",
        "/group/members/{director}/archive",
        "group.member_archive",
        HEAD | {"group_head": MISSING},
    ),
    (
        "GET",
        "/group/members/{outsider}/archive",
        "group.member_archive",
        HEAD | {"group_head": MISSING},
    ),
    ("GET", f"/group/handbook/{Y}", "group.handbook", HEAD),
    (
        "GET",
        f"/group/handbook/{Y}?member={{director}}",
        "group.handbook",
        HEAD | {"group_head": MISSING},
    ),
    # the committee
    ("GET", "/committee/duties/export.xlsx", "committee.duty_export", COMMITTEE),
    ("GET", "/committee/members/{member}/archive", "committee.member_archive", COMMITTEE),
    (
        "GET",
        "/committee/members/{peer}/archive",
        "committee.member_archive",
        COMMITTEE | {"committee": MISSING},
    ),
    ("GET", f"/committee/handbook/{Y}", "committee.handbook", COMMITTEE),
    # the secretariat
    ("GET", "/secretariat/duties", "secretariat.duty_overview", secretariat_only(False)),
    ("GET", "/secretariat/duties/export.xlsx", "secretariat.duty_export", secretariat_only(False)),
    ("GET", "/secretariat/duties/pending", "secretariat.duty_pending", secretariat_only(False)),
    (
        "GET",
        "/secretariat/duties/records/{head_record}",
        "secretariat.duty_record",
        secretariat_only(True),
    ),
    (  # no reason given: the form comes back with its error
        "POST",
        "/secretariat/duties/records/{head_record}/return",
        "secretariat.duty_return",
        secretariat_only(True),
    ),
    (
        "POST",
        "/secretariat/duties/records/{director_record}/confirm",
        "secretariat.duty_confirm",
        secretariat_only(True, SEE_OTHER),
    ),
    (
        "POST",
        "/secretariat/duties/confirm",
        "secretariat.duty_confirm_many",
        secretariat_only(False, SEE_OTHER),
    ),
    (
        "GET",
        "/secretariat/members/{member}/archive",
        "secretariat.member_archive",
        secretariat_only(True),
    ),
    ("GET", f"/secretariat/duties/handbook/{Y}", "secretariat.handbook", secretariat_only(False)),
    ("GET", f"/secretariat/duties/items/{Y}", "secretariat.duty_items", secretariat_only(False)),
    (
        "POST",
        f"/secretariat/duties/items/{Y + 1}/open",
        "secretariat.duty_items_open",
        secretariat_only(False, SEE_OTHER),
    ),
    (
        "GET",
        "/secretariat/duties/item/{item}",
        "secretariat.duty_item_edit",
        secretariat_only(True),
    ),
    (
        "POST",
        "/secretariat/duties/item/{item}/move/down",
        "secretariat.duty_item_move",
        secretariat_only(True, SEE_OTHER),
    ),
    (
        "POST",
        "/secretariat/duties/item/{item}/retire",
        "secretariat.duty_item_retire",
        secretariat_only(True, SEE_OTHER),
    ),
    # leaders
    ("GET", "/board/duties", "board.duty_overview", LEADER),
    ("GET", "/board/duties/export.xlsx", "board.duty_export", LEADER),
    ("GET", "/board/members/{member}/archive", "board.member_archive", LEADER),
    (
        "GET",
        "/board/members/{outsider}/archive",
        "board.member_archive",
        LEADER | {"leader": MISSING},
    ),
    ("GET", f"/board/duties/handbook/{Y}", "board.handbook", LEADER),
]


def extra_ids(w: World) -> dict[str, int]:
    from lvzhi.extensions import db
    from lvzhi.models import DutyItem, Notification
    from lvzhi.services.attachments import attachment_add

    own_draft = gen_record(w.member, "research", "draft")
    own_to_submit = gen_record(w.member, "research", "draft", title="待提交")
    own_to_withdraw = gen_record(w.member, "research", "submitted", title="待撤回")
    own_to_delete = gen_record(w.member, "research", "draft", title="待删除")
    own_submitted = gen_record(w.member, "proposal", "submitted")
    peer_record = gen_record(w.peer, "research", "submitted")
    peer_record2 = gen_record(w.peer, "proposal", "submitted")
    director_record = gen_record(w.director, "research", "submitted")
    head_record = gen_record(w.head, "research", "submitted")
    outsider_record = gen_record(w.outsider, "research", "submitted")
    note = Notification(
        org_id=w.org.id,
        user_id=w.member_user.id,
        kind="duty_digest",
        title="提醒",
        url="/member/",
        run_key="x",
    )
    db.session.add(note)
    db.session.commit()
    attachment = attachment_add(
        w.member_user,
        OWNER_DUTY_RECORD,
        own_submitted.id,
        FileStorage(io.BytesIO(png_bytes()), filename="a.png"),
    )
    outsider_attachment = attachment_add(
        w.member_user,
        OWNER_DUTY_RECORD,
        outsider_record.id,
        FileStorage(io.BytesIO(png_bytes()), filename="b.png"),
        org_id=w.other_org.id,
    )
    item = db.session.scalar(
        db.select(DutyItem.id).where(
            DutyItem.org_id == w.org.id, DutyItem.year == Y, DutyItem.code == "proposal"
        )
    )
    return {
        "own_draft": own_draft.id,
        "own_to_submit": own_to_submit.id,
        "own_to_withdraw": own_to_withdraw.id,
        "own_to_delete": own_to_delete.id,
        "peer_record": peer_record.id,
        "peer_record2": peer_record2.id,
        "director_record": director_record.id,
        "head_record": head_record.id,
        "outsider_record": outsider_record.id,
        "note": note.id,
        "attachment": attachment.id,
        "outsider_attachment": outsider_attachment.id,
        "item": item,
        "director": w.director.id,
        "peer": w.peer.id,
        "outsider": w.outsider.id,
    }
