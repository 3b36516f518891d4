"""The domain layer is pure Python: no Flask, no SQLAlchemy."""

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "lvzhi" / "domain"
FORBIDDEN = ("flask", "sqlalchemy", "flask_sqlalchemy", "flask_login", "flask_wtf", "werkzeug")


def test_domain_modules_import_no_framework():
    offenders = []
    for path in DOMAIN.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.ImportFrom) and node.level > 1:
                names = ["<parent package>"]
            offenders += [
                f"{path.name}: {n}"
                for n in names
                if n.split(".")[0] in FORBIDDEN or n == "<parent package>"
            ]
    assert offenders == []
