"""A newly created organization (no office groups, no reports yet) reads sensibly."""

from __future__ import annotations

from lvzhi.clock import local_today
from lvzhi.extensions import db

from ..factories import gen_org, gen_user


def test_showcase_of_an_organization_without_groups_does_not_claim_all_reported(app, client, auth):
    org = gen_org("新建县政协")
    gen_user(org, "xinjian", ["secretariat"])
    db.session.commit()
    auth.login("xinjian")
    today = local_today()
    page = client.get(f"/showcase/{today.year}/{today.month}").get_data(as_text=True)
    assert "已报送 <strong>0</strong> 个室组，共 0 个" in page
    assert "各室组均已报送" not in page
