"""Body stamps: a number that every committed write to a body's rows changes, and the figures
each worker keeps across requests under it.

A few figures in the top bar of every staff page are the same for every request of the body
until something in the body changes or the day turns: the secretariat's late matters, the
leaders' and departments' overdue count, the body's meeting calendar the deadline rules read.
Yet each is a statement over the body's open matters plus their judging in Python, ≈ 2 ms of
CPU on a secretariat or leader page at province scale, half of its floor. ``kept`` keeps them
per worker under (the body's stamp, today): a request reads the stamp (a primary-key read,
once per transaction), and a figure is computed again only when the stamp or the day moved.

The stamp changes in the transaction that writes, so no worker can miss another's write:

- every flush notes the bodies of the rows it inserts, updates or deletes (their ``org_id``;
  for the few tables without one, the request user's body; every body when neither is known,
  as in a command), and so does every INSERT, UPDATE or DELETE statement run by the session
  (the ``org_id`` of its parameters, else the same fallbacks);
- the commit gives each noted body a new random stamp, in the same transaction;
- a write that changes no body's figures (the login bookkeeping) says so with the execution
  option ``unstamped``, or is to a table in ``UNSTAMPED_TABLES``.

A body without a stamp row keeps nothing, nor does a transaction that has written (what it
sees is under no stamp yet, and may be rolled back). Figures kept must depend only on the body's rows
and the day (not the time of day, not the user), and be immutable: they are shared by the
worker's threads."""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import (
    Flask,
    current_app,
    g,
    has_app_context,
    has_request_context,
    render_template,
    request,
)
from flask_sqlalchemy.session import Session
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import bindparam, event, select
from sqlalchemy.dialects import postgresql, sqlite

from .clock import local_today
from .domain.roles import LEADER, ROLE_BLUEPRINT, SECRETARIAT
from .extensions import db
from .models import BodyStamp, Organization

T = TypeVar("T")

EVERY = "every body"
UNSTAMPED = "unstamped"  # execution option of a write that changes no body's figures
UNSTAMPED_TABLES = frozenset({"login_sessions", "body_stamps"})
FIGURES, BOARDS = "lvzhi.kept", "lvzhi.kept_boards"  # the worker's two stores (app.extensions)
KEPT_FIGURES = 8192  # per worker, small (≈ 1 KB): the badges of the users active lately, and
# a province's hundred bodies × a few figures × two days
KEPT_BOARDS = 128  # per worker, of ≈ 250 KB each (a leaders' board): ≈ 32 MB at most

_NOTED = "lvzhi.stamps.noted"  # session.info: bodies written in this transaction
_READ = "lvzhi.stamps.read"  # g: stamps read in this request's transaction
_STAMP = select(BodyStamp.stamp).where(BodyStamp.org_id == bindparam("org_id"))


def unstamped(stmt):
    """The write ``stmt`` marked as changing no body's figures (the login bookkeeping)."""
    return stmt.execution_options(**{UNSTAMPED: True})


def _request_body() -> int | str:
    """The body of the user the request has loaded (Flask-Login keeps it in ``g``)."""
    if has_request_context():
        org_id = getattr(g.get("_login_user"), "org_id", None)
        if org_id is not None:
            return org_id
    return EVERY


def _body_of(obj) -> int | str | None:
    if obj.__table__.name in UNSTAMPED_TABLES:
        return None
    if isinstance(obj, Organization):
        return EVERY if obj.id is None else obj.id
    org_id = getattr(obj, "org_id", None)
    return org_id if org_id is not None else _request_body()


def _before_flush(session, _context, _instances) -> None:
    written = [
        *session.new,
        *session.deleted,
        *(o for o in session.dirty if session.is_modified(o)),
    ]
    bodies = {_body_of(o) for o in written} - {None}
    if bodies:
        session.info.setdefault(_NOTED, set()).update(bodies)


def _on_execute(state) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if state.execution_options.get(UNSTAMPED) or getattr(table, "name", "") in UNSTAMPED_TABLES:
        return
    params = state.parameters
    rows = params if isinstance(params, list | tuple) else [params or {}]
    bodies = {row.get("org_id") for row in rows} if rows else {None}
    if None in bodies:
        bodies = (bodies - {None}) | {_request_body()}
    state.session.info.setdefault(_NOTED, set()).update(bodies)


def _before_commit(session) -> None:
    session.flush()  # the flush notes what it writes
    noted = session.info.pop(_NOTED, None)
    if not noted:
        return
    conn = session.connection()
    bodies = select(Organization.id)  # those that still exist: a body deleted needs none
    if EVERY not in noted:
        bodies = bodies.where(Organization.id.in_(noted))
    ids = conn.scalars(bodies).all()
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    insert = dialect.insert(BodyStamp.__table__)
    upsert = insert.on_conflict_do_update(
        index_elements=["org_id"], set_={"stamp": insert.excluded.stamp}
    )
    # in the bodies' order: two transactions never wait for each other's rows crosswise
    rows = [{"org_id": org_id, "stamp": secrets.randbits(62)} for org_id in sorted(ids)]
    if rows:
        conn.execute(upsert, rows)


def _after_transaction_end(session, transaction) -> None:
    if transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(_NOTED, None)
        forget_read(session)


def _read(session) -> dict:
    """The stamps read in this transaction: kept in the request's (or command's) ``g``, and
    dropped with the transaction, so a page rendered after its write reads the new one."""
    return g.setdefault(_READ, {}) if has_app_context() else session.info.setdefault(_READ, {})


def forget_read(session) -> None:
    if has_app_context():
        g.pop(_READ, None)
    session.info.pop(_READ, None)


def init_app(app: Flask) -> None:
    app.extensions[FIGURES] = Kept(KEPT_FIGURES)
    app.extensions[BOARDS] = Kept(KEPT_BOARDS)
    for name, fn in (
        ("before_flush", _before_flush),
        ("do_orm_execute", _on_execute),
        ("before_commit", _before_commit),
        ("after_transaction_end", _after_transaction_end),
    ):
        if not event.contains(Session, name, fn):
            event.listen(Session, name, fn)


def forget_kept() -> None:
    """Drop everything the worker keeps: the next page builds its figures, as the first
    after a write would."""
    for store in (FIGURES, BOARDS):
        current_app.extensions[store].clear()


def stamp_seen(org_id: int, stamp: int | None) -> None:
    """The body's stamp read along with another statement (the session user's, first of every
    request): this transaction's read of it, unless one came before. Read before anything the
    page shows, it is never newer than what is kept under it."""
    _read(db.session).setdefault(org_id, stamp)


def stamp_of(org_id: int) -> int | None:
    """The body's stamp as this transaction sees it (read once per transaction)."""
    read = _read(db.session)
    if org_id not in read:
        read[org_id] = db.session.scalar(_STAMP, {"org_id": org_id})
    return read[org_id]


class Kept:
    """The worker's kept figures, the least recently used dropped beyond ``size``."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]  # type: ignore[return-value]
        value = compute()  # outside the lock: two threads may compute the same, both right
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def _writing(session) -> bool:
    """Whether this transaction has written, or is about to: what it sees may be rolled back,
    and is not yet under any stamp."""
    return bool(session.info.get(_NOTED) or session.new or session.dirty or session.deleted)


def kept(
    name: str, org_id: int, args: Hashable, compute: Callable[[], T], *, board: bool = False
) -> T:
    """``compute()``'s figure for the body, kept by the worker until the body's stamp or the
    day changes. ``args`` tells apart the figures of one ``name`` (a department, a flag); a
    ``board`` (a whole page's figures) is kept among fewer, for its size."""
    if not has_app_context() or _writing(db.session):
        return compute()
    stamp = stamp_of(org_id)
    if stamp is None:
        return compute()
    store: Kept = current_app.extensions[BOARDS if board else FIGURES]
    return store.get((name, org_id, args, stamp, local_today()), compute)


# What a kept page's forms carry while it is rendered for every viewer: each request puts its
# own session's form token in its place (``kept_html``). Unguessable, so no text a user typed
# can stand for it.
_FORM_MARK = f"kept-form-token-{secrets.token_hex(16)}"


_CSRF_FIELD = "csrf_token"  # where flask_wtf keeps the request's token in g (its default)
_TOKENS = re.compile(r'csrf_token"[^>]*\svalue="([^"]*)"')  # a form's (or a row form's) token


def kept_html(name: str, org_id: int, args: Hashable, template: str, context: Callable[[], dict]):
    """A page's content rendered from ``template`` with ``context()``, kept like a board
    (``kept``) for every viewer of the body's page: the template shows nobody's own things
    (no name of the viewer, no form filled for them); its links are written under the request's
    prefix, which is part of the key. Its forms are rendered with a mark for the form token,
    and each request is served the content with its own session's token in the mark's place
    (a token kept and served to others would refuse their forms)."""

    def render() -> tuple[str, bool]:
        field = _CSRF_FIELD
        had, mine = field in g, g.get(field)
        setattr(g, field, _FORM_MARK)  # flask_wtf's generate_csrf returns g's token if set
        try:
            html = render_template(template, **context())
        finally:
            if had:
                setattr(g, field, mine)
            else:
                g.pop(field, None)
        if any(token != _FORM_MARK for token in _TOKENS.findall(html)):
            # a form built before the render carries the session's own token
            raise RuntimeError(
                f"{template} holds a form token of its own: build its forms in context"
            )
        return html, _FORM_MARK in html

    prefix = request.script_root if has_request_context() else ""
    html, has_form = kept(name, org_id, (args, prefix), render, board=True)
    if has_form:
        html = html.replace(_FORM_MARK, generate_csrf())
    return Markup(html)


_WHOLE_BODY = frozenset({SECRETARIAT, LEADER, ROLE_BLUEPRINT[SECRETARIAT], ROLE_BLUEPRINT[LEADER]})


def kept_query_page(
    name: str,
    org_id: int,
    role: str,
    template: str,
    context: Callable[[], dict],
    scope: Hashable = (),
):
    """A role's page of the body as its query (filters, sort, page) asks, kept (``kept_html``)
    for every viewer of the role with the same ``scope`` (the groups a head heads, the
    committees, the department): the role's links and choices are its own. Without a scope
    the page is the whole body's, which only the secretariat and the leaders see (a role, or
    its blueprint's name): any other role's page kept without its scope would be shown to
    every holder of the role."""
    if scope == () and role not in _WHOLE_BODY:
        raise RuntimeError(f"{name}: the {role} role's page is kept only with its scope")
    args = (role, scope, tuple(request.args.items(multi=True)))
    return kept_html(name, org_id, args, template, context)
