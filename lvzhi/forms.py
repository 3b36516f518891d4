"""Small shared pieces of WTForms plumbing."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TypeVar

from flask import Response, flash
from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import DateField, HiddenField, MultipleFileField, SelectField
from wtforms.validators import Length, Optional, StopValidation
from wtforms.widgets import Select

from .domain.uploads import MAX_FILES_PER_RECORD, check_file_count
from .htmx import hx_redirect
from .services import ServiceError
from .web import FIRST_DAY, LAST_DAY

T = TypeVar("T")


class IdSelect(Select):
    """WTForms' select, its plain options written directly: a roster filter lists every
    group, committee and sector, and the stock ``render_option`` (``html_params``, sorted
    keys, a ``Markup.format`` per option) was most of the filter's cost. The same HTML."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw:
            return super().render_option(choice, **kwargs)
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        label = escape(choice.label or choice.value)
        selected = "selected " if choice.selected else ""
        return Markup(f'<option {selected}value="{escape(value)}">{label}</option>')


class Options:
    """The plain ``<option>``s of (value, label) pairs, escaped once, for a select repeated on
    every row of a table: ``options(selected)`` writes them (``IdSelect``'s HTML) with the
    row's value selected — a Jinja loop per row was most of a long bulk table's cost."""

    def __init__(self, choices):
        self._options = [
            (value, f'value="{escape(value)}">{escape(label)}</option>') for value, label in choices
        ]

    def __call__(self, selected) -> Markup:
        return Markup(
            "".join(
                f"<option selected {tail}" if value == selected else f"<option {tail}"
                for value, tail in self._options
            )
        )


class OptionalIdField(SelectField):
    """A select of ids where the empty choice means None."""

    widget = IdSelect()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators or [Optional()], coerce=_id_or_none, **kwargs)

    def pre_validate(self, form):
        if self.data is None:
            return
        super().pre_validate(form)


class DayField(DateField):
    """A date typed as 年-月-日 within the calendar the app keeps (2000 … 2100): a date that
    does not exist (2026-02-30) or is out of that range is refused in words next to the field,
    before the field's own "请填写…" (which would say it was left empty)."""

    def process_formdata(self, valuelist):
        if not valuelist:
            return  # not in the post (another form's): the default stays, as DateField's
        if not " ".join(valuelist).strip():
            self.data = None  # left empty: the field's own validators say so
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(f"“{valuelist[0][:20]}”不是有效的日期，请按 年-月-日 填写。") from None

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # its message is already the field's error
        if self.data is not None and not FIRST_DAY <= self.data <= LAST_DAY:
            raise StopValidation(f"日期应在 {FIRST_DAY.year} 年至 {LAST_DAY.year} 年之间。")


def _id_or_none(value):
    if value in (None, "", "None"):
        return None
    return int(value)


def id_choices(rows, empty: str | None = "— 请选择 —") -> list[tuple]:
    choices = [("", empty)] if empty is not None else []
    return choices + [(row.id, row.name) for row in rows]


def at_most(limit: int, label: str) -> Length:
    """The length check every free-text field carries, in the words users read."""
    return Length(max=limit, message=f"{label}最多 {limit} 字。")


STALE = -1  # no row has this version: a form that sent junk for one conflicts


class VersionField(HiddenField):
    """Carries the row version the form was opened on, for conflict detection. Left out or
    empty: None (a form for a new row), or ``STALE`` when ``required`` (a form on a row that
    exists: only a crafted post leaves it out). Anything but a plain number is ``STALE`` too,
    so it conflicts instead of skipping the check."""

    def __init__(self, *args, required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.required = required  # a form on an existing row: posted without one is STALE

    def process_formdata(self, valuelist):
        raw = valuelist[0].strip() if valuelist else ""
        if not raw:
            self.data = STALE if self.required else None
        elif raw.isascii() and raw.isdigit() and len(raw) <= 10:
            self.data = int(raw)
        else:
            self.data = STALE


# what a phone's file picker offers: photos (HEIC too) and PDFs
ACCEPT_FILES = ".jpg,.jpeg,.png,.heic,.heif,.pdf,image/*"


def files_field(label: str = "照片或文件") -> MultipleFileField:
    """A record's photos or files, at most ``MAX_FILES_PER_RECORD`` (the label says so)."""
    return MultipleFileField(
        f"{label}（最多 {MAX_FILES_PER_RECORD} 个）", render_kw={"accept": ACCEPT_FILES}
    )


class Uploads:
    """For a form with a ``files`` field: the files actually chosen."""

    def uploads(self) -> list:
        return [f for f in (self.files.data or []) if f and getattr(f, "filename", "")]


class PostedOnce:
    """For a form with a ``token`` field: a fresh token on the blank form, so the same post
    sent twice (a double tap) is told from a new one."""

    def fresh_token(self) -> None:
        if not self.token.data:
            self.token.data = secrets.token_urlsafe(16)


class ConfirmForm(FlaskForm):
    """An empty form: a POST button with its CSRF token and the row version."""

    version = VersionField()


def form_action(
    form,
    action: Callable[[], T],
    message: str | Callable[[T], str] | None,
    redirect_to: str | Callable[[T], str],
) -> Response | None:
    """The one shape of a form post: validate → call the service → on a refusal show its
    message on the form → flash → redirect (303, or HX-Redirect for htmx).

    Returns the redirect on success, None when the form should be shown again (invalid, or
    refused: the service has already rolled back, and the form keeps what was typed)::

        done = form_action(form, lambda: member_update(...), "已保存。", url_for(...))
        return done or render_template("page.html", form=form)
    """
    if not form.validate_on_submit():
        return None
    try:
        result = action()
    except ServiceError as exc:
        show_service_error(form, exc)
        return None
    if message:
        flash(message(result) if callable(message) else message, "success")
    return hx_redirect(redirect_to(result) if callable(redirect_to) else redirect_to)


def button_action(
    action: Callable[[], T],
    message: str | Callable[[T], str] | None,
    redirect_to: str | Callable[[T], str],
    refused_to: str | None = None,
) -> Response:
    """The one shape of a button's post (its CSRF form already checked): call the service →
    flash its success, or its refusal → redirect (303, or HX-Redirect for htmx). A refusal
    goes to ``refused_to`` when given, else to ``redirect_to`` (then a plain address)::

        return button_action(lambda: member_set_active(...), "已停用。", url_for(...))
    """
    try:
        result = action()
    except ServiceError as exc:
        flash(exc.message, "error")
        target = refused_to or redirect_to
        assert isinstance(target, str), "a redirect that needs the result needs refused_to"
        return hx_redirect(target)
    if message:
        flash(message(result) if callable(message) else message, "success")
    return hx_redirect(redirect_to(result) if callable(redirect_to) else redirect_to)


def show_service_error(form, exc) -> None:
    """Put a service's refusal next to the field it names, else at the top of the form."""
    for name, message in [(exc.field, exc.message), *exc.others.items()]:
        field = getattr(form, name, None) if name else None
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)


def checked_uploads(form, field: str = "files") -> list | None:
    """The form's uploads (``form.uploads()``) through the attachment checks; None when one
    was refused (each refusal is next to the file field)."""
    from .services.attachments import attachment_check

    files = form.uploads()
    too_many = check_file_count(0, len(files))  # before decoding any: a post of 40 images
    if too_many:
        getattr(form, field).errors = [*getattr(form, field).errors, too_many + "。"]
        return None
    checked = []
    for f in files:
        try:
            checked.append(attachment_check(f, field))
        except ServiceError as exc:
            show_service_error(form, exc)
    return None if getattr(form, field).errors else checked
