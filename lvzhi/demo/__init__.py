"""The demo county (海盐县政协), so `make run` shows a living system on first start:
the county and its people (``county``), this year's 十个一 records (``duties``) and the
past quarters' 十加一 reports (``group_reports``) and this year's session of proposals
(``proposals``), then this year's points rules and assessment (``assessment``).

Every step looks up what exists first, so running it twice adds nothing.
"""

from __future__ import annotations

from datetime import date

from ..clock import local_today
from ..models import Organization
from ..services import unit_of_work
from . import assessment, county, duties, group_reports, proposals
from .county import DEMO_LOGINS, DEMO_PASSWORD

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD", "seed_demo"]


@unit_of_work
def seed_demo(today: date | None = None, member_count: int = 217) -> Organization:
    """One transaction: the demo county lands whole or not at all."""
    today = today or local_today()
    org = county.seed(today, member_count)
    duties.seed(org, today)
    group_reports.seed(org, today)
    proposals.seed(org, today)
    assessment.seed(org, today)  # last: it scores what the others made
    return org
