"""A place for everything: the package root holds only infrastructure, and names shared by
several layers are constants in one place."""

from __future__ import annotations

import re
from pathlib import Path

from lvzhi.domain.uploads import OWNER_TYPES
from lvzhi.files.owners import OWNER_CHECKS

PACKAGE = Path(__file__).resolve().parents[1] / "lvzhi"


def test_attachment_owner_types_are_spelled_only_in_the_domain():
    """Models, services, selectors, views and templates use ``domain.uploads.OWNER_…``."""
    spelled = re.compile("|".join(rf"""["']{re.escape(t)}["']""" for t in OWNER_TYPES))
    found = [
        f"{path.relative_to(PACKAGE)}:{n}"
        for path in sorted(PACKAGE.rglob("*"))
        if path.suffix in (".py", ".html") and "domain" not in path.relative_to(PACKAGE).parts
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if spelled.search(line)
    ]
    assert found == []


def test_every_attachment_owner_type_says_who_may_see_its_files():
    assert set(OWNER_CHECKS) == set(OWNER_TYPES)


# infrastructure only; everything else lives in a package (domain/, services/, a blueprint …)
ROOT_MODULES = {
    "__init__",
    "config",
    "extensions",
    "cli",
    "htmx",
    "clock",
    "database",
    "stamps",
    "web",
    "forms",
    "excel",
    "charts",
    "storage",
    "navigation",
}


def test_the_package_root_holds_only_infrastructure_modules():
    assert {p.stem for p in PACKAGE.glob("*.py")} - ROOT_MODULES == set()
