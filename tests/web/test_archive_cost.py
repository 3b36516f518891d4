"""A member's archive (履职档案) costs the same statements however many records, files,
confirmers and invitations the member has, and turns no record, item or invitation into an
ORM object: the records are plain values read with the name of whoever confirmed them, the
items the body's kept ones, the invitations plain values too."""

from __future__ import annotations

from datetime import timedelta

import pytest

from lvzhi.clock import local_today
from lvzhi.extensions import db
from lvzhi.models import Attendance, DutyItem, DutyRecord, Meeting
from lvzhi.models.base import utcnow

from ..factories import gen_duty_items, gen_invited, gen_meeting, gen_photo, gen_record, world
from .test_structure_choices_costs import objects_loaded


def add_round(w, n: int) -> int:
    """On every item: a record confirmed by the secretariat, one by the group head (each
    with a photo), one submitted, one returned and a draft; and a meeting the member was
    invited to. Returns the number of items."""
    items = gen_duty_items(w.org)
    for item in items:
        for decider in (w.secretariat_user, w.head_user):
            record = gen_record(w.member, item.code, title=f"{decider.display_name}确认的活动{n}")
            record.decided_by_id, record.decided_at = decider.id, utcnow()
            db.session.commit()
            gen_photo(w.member_user, record)
        for status in ("submitted", "returned", "draft"):
            gen_record(w.member, item.code, status=status, return_reason="请补充")
    meeting = gen_meeting(w.org, held_on=local_today() - timedelta(days=n + 1), title=f"会议{n}")
    gen_invited(meeting, [w.member])
    db.session.commit()
    return len(items)


@pytest.mark.parametrize("username", ["weiyuan", "jiguan"], ids=["own", "secretariat"])
def test_the_archive_costs_the_same_however_many_records(app, client, auth, statements, username):
    w = world()
    items = add_round(w, 1)
    auth.login(username)
    path = (
        "/member/archive"
        if username == "weiyuan"
        else f"/secretariat/members/{w.member.id}/archive"
    )
    assert client.get(path).status_code == 200
    with statements() as few:
        assert client.get(path).status_code == 200
    for n in range(2, 5):  # four times as many
        add_round(w, n)
    assert client.get(path).status_code == 200
    with statements() as many, objects_loaded(DutyRecord, DutyItem, Attendance, Meeting) as loaded:
        page = client.get(path).get_data(as_text=True)
    assert few() == many()
    assert loaded() == 0
    for decider in (w.secretariat_user, w.head_user):  # who confirmed, by hand
        assert page.count(f'<p class="muted small">{decider.display_name} 于 ') == 4 * items
    assert page.count('<ul class="thumbs">') == 4 * 2 * items  # each confirmed one's photo
    assert all(f"会议{n}" in page for n in range(1, 5))
    drafts = page.count("duty-record status-draft")
    assert drafts == (4 * items if username == "weiyuan" else 0)  # the member's own
