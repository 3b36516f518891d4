"""The domain layer is pure Python: no Flask, no SQLAlchemy — in every module and sub-package."""

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "lvzhi" / "domain"
FORBIDDEN = ("flask", "sqlalchemy", "flask_sqlalchemy", "flask_login", "flask_wtf", "werkzeug")


def framework_imports(root: Path) -> list[str]:
    """Every import under ``root`` of a framework, or relative import that climbs out of it."""
    offenders = []
    for path in sorted(root.rglob("*.py")):
        depth = len(path.relative_to(root).parts)  # leading dots that stay inside root
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.ImportFrom) and node.level > depth:
                names = ["<parent package>"]
            offenders += [
                f"{path.relative_to(root)}: {n}"
                for n in names
                if n.split(".")[0] in FORBIDDEN or n == "<parent package>"
            ]
    return offenders


def test_domain_modules_import_no_framework():
    assert framework_imports(DOMAIN) == []


def test_the_purity_check_sees_sub_packages(tmp_path):
    """A framework import in a nested package of domain/ is caught, as is climbing out."""
    nested = tmp_path / "loops"
    nested.mkdir()
    (tmp_path / "ok.py").write_text("from .loops import spec\nfrom .workflow import step\n")
    (nested / "spec.py").write_text(
        "from flask import g\nfrom ...models import User\nfrom ..workflow import step\n"
    )
    assert framework_imports(tmp_path) == [
        "loops/spec.py: flask",
        "loops/spec.py: <parent package>",
    ]
