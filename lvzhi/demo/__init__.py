"""The demo county (海盐县政协), so `make run` shows a living system on first start:
the county and its people (``county``), this year's 十个一 records (``duties``), the
past quarters' 十加一 reports (``group_reports``), this year's session of proposals
(``proposals``), this year's 社情民意 with two 《社情民意》 issues (``public_opinion``),
the last plenary's speeches with a few work suggestions (``speeches``) and this year's
consultation plan and supervision (``consultations``) with the two seed topics' numbered
suggestions (``suggestions``) and this year's attendance at meetings and group activities
(``attendance``), then this year's points rules and assessment (``assessment``).

Every step looks up what exists first, so running it twice adds nothing.
"""

from __future__ import annotations

from datetime import date

from ..clock import local_today
from ..models import Organization
from ..services import unit_of_work
from . import (
    assessment,
    attendance,
    consultations,
    county,
    duties,
    group_reports,
    proposals,
    public_opinion,
    speeches,
)
from . import suggestions as demo_suggestions
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
    public_opinion.seed(org, today)
    speeches.seed(org, today)
    consultations.seed(org, today)
    demo_suggestions.seed(org, today)  # after the others: it finds their consultations
    attendance.seed(org, today)
    assessment.seed(org, today)  # last: it scores what the others made
    return org
