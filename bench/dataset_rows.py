"""Bulk rows for the province data set: ids handed out here (no RETURNING) and inserts by
COPY on PostgreSQL, executemany elsewhere."""

from __future__ import annotations

from sqlalchemy import func, select

from lvzhi.extensions import db


class Ids:
    """The next free id of each table, handed out here so inserts need no RETURNING."""

    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def take(self, model, count: int = 1) -> int:
        name = model.__tablename__
        if name not in self._next:
            self._next[name] = (db.session.scalar(select(func.max(model.id))) or 0) + 1
        first = self._next[name]
        self._next[name] += count
        return first


def bulk(table, rows: list[dict]) -> None:
    """Insert many rows: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return
    table = getattr(table, "__table__", table)
    _fill_defaults(table, rows)
    if db.engine.dialect.name != "postgresql":
        for start in range(0, len(rows), 50_000):
            db.session.execute(table.insert(), rows[start : start + 50_000])
        return
    columns = list(rows[0])
    raw = db.session.connection().connection.driver_connection
    with raw.cursor() as cur:
        names = ", ".join(f'"{c}"' for c in columns)
        with cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])


def _fill_defaults(table, rows: list[dict]) -> None:
    """The columns' scalar Python defaults for the columns a row leaves out (COPY does not
    apply them) and NULL for the other nullable ones, so every row has the same keys."""
    missing = [c for c in table.columns if c.name not in rows[0]]
    for column in missing:
        default = column.default
        if default is not None and default.is_scalar:
            value = default.arg
        elif column.nullable or column.server_default is not None or column.primary_key:
            continue
        else:
            raise ValueError(f"{table.name}.{column.name} needs a value")
        for row in rows:
            row.setdefault(column.name, value)
