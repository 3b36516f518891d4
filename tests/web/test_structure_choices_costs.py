"""The secretariat's forms offer the body's office groups, committees and sectors by name
from ONE statement (``selectors.roster.structure_choices``): they no longer load each
committee with its office groups (a second statement, which on PostgreSQL hashed every
body's groups) nor each list as objects."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from lvzhi.extensions import db
from lvzhi.models import Committee, OfficeGroup, Sector

from ..factories import gen_meeting, gen_named, world
from .test_member_page_costs import statements

MODELS = (Committee, OfficeGroup, Sector)


@contextmanager
def objects_loaded(*models):
    """How many rows of ``models`` the ORM loads as objects in the block."""
    count = 0

    def loaded(*_args):
        nonlocal count
        count += 1

    for model in models:
        event.listen(model, "load", loaded)
    try:
        yield lambda: count
    finally:
        for model in models:
            event.remove(model, "load", loaded)


def _pages(w) -> list[str]:
    meeting = gen_meeting(w.org)
    db.session.commit()
    return [
        "/secretariat/members/new",
        f"/secretariat/members/{w.member.id}/edit",
        "/secretariat/proposals/new",
        "/secretariat/consultations/new",
        f"/attendance/meeting/{meeting.id}/manage",
    ]


@pytest.mark.parametrize("index", range(5))
def test_the_forms_choices_load_no_structure_objects_and_the_same_statements(
    app, client, auth, index
):
    w = world()
    path = _pages(w)[index]
    auth.login("jiguan")
    assert client.get(path).status_code == 200
    with statements() as few, objects_loaded(*MODELS) as objects:
        assert client.get(path).status_code == 200
    assert objects() == 0
    for i in range(6):
        committee = gen_named(Committee, w.org, f"专委会{i}", sort_order=5 + i)
        committee.office_groups.append(gen_named(OfficeGroup, w.org, f"第{i}室组"))
        gen_named(Sector, w.org, f"界别{i}", sort_order=5 + i)
    db.session.commit()
    client.get(path)  # the badge's caches, refreshed after a write
    with statements() as many, objects_loaded(*MODELS) as objects:
        page = client.get(path).get_data(as_text=True)
    assert "专委会5" in page and objects() == 0
    assert many() == few()
