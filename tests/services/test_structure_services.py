"""Structure services as units of work: the rules they keep now that views only call them."""

from sqlalchemy import select

from lvzhi.extensions import db
from lvzhi.models import Sector, Year
from lvzhi.services import ServiceError
from lvzhi.services.structure import named_delete, named_save, year_open

from ..factories import gen_member, gen_named, world


def test_the_first_year_opened_becomes_current_even_when_not_asked(app):
    w = world()
    year_open(w.secretariat_user, 2030, make_current=False)
    later = year_open(w.secretariat_user, 2031, make_current=False)
    db.session.expire_all()
    current = db.session.scalars(
        select(Year.year).where(Year.org_id == w.org.id, Year.is_current.is_(True))
    ).all()
    assert current == [2030]  # opening 2031 early did not switch everyone to it
    assert later.is_current is False


def test_a_sector_in_use_is_refused_by_name_and_nothing_is_deleted(app):
    w = world()
    sector = gen_named(Sector, w.org, "教育界")
    gen_member(w.org, name="王老师", office_group_id=w.group.id, sector_id=sector.id)
    db.session.commit()
    try:
        named_delete(w.secretariat_user, "sector", sector)
    except ServiceError as exc:
        assert "教育界" in exc.message
    else:
        raise AssertionError("a sector with members was deleted")
    db.session.expire_all()
    assert db.session.get(Sector, sector.id) is not None


def test_renaming_commits_by_itself(app):
    w = world()
    named_save(w.secretariat_user, "sector", w.sector, "经济界别", 1, None)
    db.session.rollback()  # nothing left to undo
    db.session.expire_all()
    assert db.session.get(Sector, w.sector.id).name == "经济界别"
