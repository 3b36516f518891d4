"""What comes in with a request, made safe in one place: numbers in URLs and query strings
stay within what the database and the calendar can hold, and text carries no NUL bytes.

- ``<int:…>`` in every route accepts 0 … ``MAX_ID`` (a larger number cannot be a row id);
  ``<year:…>`` accepts ``FIRST_YEAR`` … ``LAST_YEAR``. Anything else is a 404.
- ``int_arg()``, ``year_arg()``, ``page_arg()`` and ``date_arg()`` read query arguments, and
  ``form_ids()`` a form's ticked ids; a hand-edited or out-of-range value is ignored, as if it
  were not there.
- Query arguments and form fields lose any NUL byte (PostgreSQL cannot store one and nobody
  types one); a URL path holding one is a 404.
"""

from __future__ import annotations

from datetime import date

from flask import Flask, abort, request
from flask import Request as FlaskRequest
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter
from werkzeug.utils import cached_property

MAX_ID = 2**31 - 1  # the largest value of an integer column on PostgreSQL
FIRST_YEAR, LAST_YEAR = 2000, 2100
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)


class IdConverter(IntegerConverter):
    """Flask's ``int`` converter with an upper bound, so no route sees a number it cannot
    look up."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002  (werkzeug's parameter name)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class YearConverter(IntegerConverter):
    """``<year:year>``: a calendar year the system works with."""

    def __init__(self, map):  # noqa: A002
        super().__init__(map, min=FIRST_YEAR, max=LAST_YEAR)


def int_arg(name: str, low: int = 0, high: int = MAX_ID) -> int | None:
    """The query argument ``name`` as an int in ``low … high``, else None."""
    try:
        value = int(request.args.get(name, ""))
    except ValueError:  # empty, not a number, or thousands of digits
        return None
    return value if low <= value <= high else None


def form_ids(name: str) -> list[int]:
    """The ids ticked in the checkboxes ``name``; anything that cannot be an id is left out."""
    return [n for n in map(_id_or_none, request.form.getlist(name)) if n is not None]


def _id_or_none(value: str) -> int | None:
    if not (value.isascii() and value.isdigit() and len(value) <= len(str(MAX_ID))):
        return None
    return int(value) if int(value) <= MAX_ID else None


def year_arg(name: str = "year") -> int | None:
    return int_arg(name, FIRST_YEAR, LAST_YEAR)


def page_arg() -> int:
    return int_arg("page", 1) or 1


def date_arg(name: str) -> date | None:
    """An ISO date from the query string, brought within the years the system knows (a
    filter from 0001-01-01 means "from the start"); None when empty or malformed."""
    try:
        value = date.fromisoformat(request.args.get(name) or "")
    except ValueError:
        return None
    return min(max(value, FIRST_DAY), LAST_DAY)


def _without_nul(params: ImmutableMultiDict) -> ImmutableMultiDict:
    if not any("\0" in k or "\0" in v for k, v in params.items(multi=True)):
        return params
    return ImmutableMultiDict(
        (k.replace("\0", ""), v.replace("\0", "")) for k, v in params.items(multi=True)
    )


class Request(FlaskRequest):
    """Query arguments and form fields without NUL bytes, for every form at once."""

    @cached_property
    def args(self) -> ImmutableMultiDict:
        return _without_nul(super().args)

    def _load_form_data(self) -> None:
        if "form" in self.__dict__:
            return
        super()._load_form_data()
        self.__dict__["form"] = _without_nul(self.__dict__["form"])


def init_app(app: Flask) -> None:
    """Call before any blueprint is registered: the converters apply as routes are added."""
    app.request_class = Request
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["year"] = YearConverter

    @app.before_request
    def _no_nul_in_path():
        if "\0" in request.path:
            abort(404)
