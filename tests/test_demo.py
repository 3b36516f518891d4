"""The demo county's texts read as a person would write them."""

from __future__ import annotations

from datetime import date
from itertools import product

from sqlalchemy import String, Text, or_, select

from lvzhi.demo.group_reports import SIGNATURES, TEXTS, TOPICS, entry_text
from lvzhi.extensions import db

DOUBLED = ("““", "””")


def test_no_demo_report_text_can_come_out_with_doubled_quotes():
    signatures = [name for name, _ in SIGNATURES.values()]
    for template, topic, sig in product(
        [t for texts in TEXTS.values() for t in texts], TOPICS, signatures
    ):
        text = entry_text(template, 5, 2, topic, sig)
        assert not any(d in text for d in DOUBLED), text


def test_no_seeded_demo_text_contains_doubled_quotes(app):
    from lvzhi.demo import seed_demo

    seed_demo(today=date(2026, 11, 25), member_count=60)
    found = []
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, String | Text)]
        if not columns:
            continue
        where = or_(*(c.contains(d) for c in columns for d in DOUBLED))
        found += [tuple(row) for row in db.session.execute(select(*columns).where(where))]
    assert found == []
