"""Every audit action code a service writes has a Chinese label (the log shows labels, never
codes). The codes are collected from the source, so a new ``audit(...)`` call without a label
fails here."""

from __future__ import annotations

import ast
from itertools import product
from pathlib import Path

from lvzhi.domain.audit import ACTION_LABELS, action_label, loop_move_labels
from lvzhi.services import structure

PACKAGE = Path(__file__).resolve().parents[2] / "lvzhi"
# parameters a code is built from, with the values their callers may pass
PARAMETERS = {
    ("structure.py", "kind"): set(structure.NAMED),
    ("loops.py", "code"): set(loop_move_labels()),  # services.loops.move: "<loop>.<action>"
}


def _values(node: ast.expr, function: ast.AST, filename: str) -> set[str]:
    """Every string the expression can evaluate to."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _values(node.body, function, filename) | _values(node.orelse, function, filename)
    if isinstance(node, ast.JoinedStr):
        parts = [
            _values(p.value if isinstance(p, ast.FormattedValue) else p, function, filename)
            for p in node.values
        ]
        return {"".join(combo) for combo in product(*parts)}
    if isinstance(node, ast.Name):
        if (filename, node.id) in PARAMETERS:
            return PARAMETERS[(filename, node.id)]
        assigned = [
            a.value
            for a in ast.walk(function)
            if isinstance(a, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == node.id for t in a.targets)
        ]
        if assigned:
            return set().union(*(_values(v, function, filename) for v in assigned))
    raise AssertionError(f"{filename}:{node.lineno}: cannot tell which action codes this makes")


def audit_codes() -> set[str]:
    codes: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for call in ast.walk(function):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id == "audit"
                ):
                    action = call.args[2] if len(call.args) > 2 else None
                    action = action or next(k.value for k in call.keywords if k.arg == "action")
                    codes |= _values(action, function, path.name)
    return codes


def test_every_action_code_written_anywhere_has_a_chinese_label():
    codes = audit_codes()
    assert {"login", "user.create", "duty_record.submit", "sector.create"} <= codes
    assert sorted(codes - set(ACTION_LABELS)) == []


def test_labels_are_chinese_and_an_unknown_code_is_never_shown():
    assert all(not any("a" <= ch <= "z" for ch in label) for label in ACTION_LABELS.values())
    assert action_label("no.such_code") == "其他操作"
    assert action_label("duty_record.submit") == "提交履职记录"
