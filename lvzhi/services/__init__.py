"""Services: the only code that writes. Each loads, applies domain rules, saves, audits.

Every public service is one unit of work (``@unit_of_work``): it commits when it returns and
rolls back when anything goes wrong, so views never commit or roll back themselves. A
service called from inside another joins the caller's transaction: only the outermost one
commits, and an error anywhere rolls the whole of it back.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")

DUPLICATE = "记录已存在，请勿重复提交。"


class ServiceError(Exception):
    """A rule refused the change; the message is shown to the user as is (Chinese)."""

    def __init__(self, message: str, field: str | None = None, others: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.others: dict[str, str] = others or {}  # more fields refused at once: field → message


def refuse_fields(problems: list[tuple[str, str]]) -> None:
    """Refuse with every (field, message) at once — a form shows each next to its field, so
    the user fixes them all in one go — or return when there is none."""
    if problems:
        (field, message), *rest = problems
        raise ServiceError(message, field=field, others=dict(rest))


class ConflictError(ServiceError):
    """Someone else changed the same thing since the form was opened."""

    def __init__(self, message: str = "该内容已被他人修改，请刷新页面后重新编辑。"):
        super().__init__(message)


_DEPTH = "lvzhi.unit_of_work_depth"
_AFTER = "lvzhi.unit_of_work_after"


def after_commit(fn: Callable[[], object], on_rollback: Callable[[], object] | None = None) -> None:
    """Run ``fn`` once the outermost unit of work has committed (e.g. delete a removed
    attachment's file), and ``on_rollback`` if it rolls back instead (e.g. delete files
    written for rows that were never stored). Outside a unit, ``fn`` runs at once."""
    from ..extensions import db

    if not in_unit_of_work():
        fn()
        return
    db.session.info.setdefault(_AFTER, []).append((fn, on_rollback))


def _settle(committed: bool) -> None:
    from ..extensions import db

    for done, undone in db.session.info.pop(_AFTER, []):
        action = done if committed else undone
        if action is not None:
            action()


def in_unit_of_work() -> bool:
    from ..extensions import db

    return db.session.info.get(_DEPTH, 0) > 0


def unit_of_work(
    fn: Callable[P, T] | None = None, *, duplicate: str = DUPLICATE
) -> Callable[P, T] | Callable[[Callable[P, T]], Callable[P, T]]:
    """Make a service one transaction: commit on return, roll back on any exception.

    Nested calls join the outermost unit. A concurrent edit caught at commit becomes
    ``ConflictError``; a unique-constraint clash becomes ``ServiceError(duplicate)``."""

    def decorate(func: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            from sqlalchemy.exc import IntegrityError
            from sqlalchemy.orm.exc import StaleDataError

            from ..extensions import db

            info = db.session.info
            depth = info.get(_DEPTH, 0)
            info[_DEPTH] = depth + 1
            try:
                result = func(*args, **kwargs)
                if depth == 0:
                    db.session.commit()
                    _settle(committed=True)
                return result
            except StaleDataError as exc:
                if depth:
                    raise
                _rollback()
                raise ConflictError() from exc
            except IntegrityError as exc:
                if depth:
                    raise
                _rollback()
                raise ServiceError(duplicate) from exc
            except BaseException:
                if depth == 0:
                    _rollback()
                raise
            finally:
                info[_DEPTH] = depth

        return wrapper

    return decorate(fn) if fn is not None else decorate


def clash_rollback() -> None:
    """A unique clash decided a unit's outcome (a parallel request created the same row
    first): undo what the unit wrote so far, so it can read the row that came first. Meant
    for a unit's first write: with no savepoint (SQLite's driver would commit its release),
    everything before it is undone too."""
    from ..extensions import db

    db.session.rollback()


def _rollback() -> None:
    from ..extensions import db

    db.session.rollback()
    _settle(committed=False)
