"""A member's pages read the member record, or only its id (``member.views.own_member_id``,
one statement less): either way an account with the member role but no member record gets
a 403, never a 500 or another member's page."""

from __future__ import annotations

import pytest

from lvzhi.clock import local_today
from lvzhi.extensions import db

from ..factories import gen_duty_items, gen_record, gen_user, world

Y = local_today().year
PAGES = [
    "/member/",
    f"/member/duties/{Y}/proposal",
    "/member/archive",
    "/member/opinions",
    "/member/loops",
    "/member/profile",
]


@pytest.mark.parametrize("path", PAGES)
def test_a_member_role_without_a_member_record_is_refused(app, client, auth, path):
    w = world()
    gen_duty_items(w.org)
    gen_record(w.member, "proposal", title="别人的记录")
    gen_user(w.org, "norecord", ["member"])
    db.session.commit()
    auth.login("norecord")
    page = client.get(path)
    assert page.status_code == 403
    assert "别人的记录" not in page.get_data(as_text=True)
