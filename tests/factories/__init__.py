"""Test data with good defaults: gen_*(**overrides), and world() — two organizations with
a user for every role. One module a subject (core, records, files, loops); every name is
importable from ``tests.factories`` itself."""

from __future__ import annotations

from .core import World, gen_member, gen_named, gen_org, gen_user, world
from .files import checked_png, gen_photo, heic_bytes, png_bomb_bytes, png_bytes
from .loops import (
    edited_sheet,
    gen_assigned_proposal,
    gen_department,
    gen_department_user,
    gen_instructed_opinion,
    gen_loop_matter,
    gen_matter,
    gen_meeting,
    gen_opinion,
    gen_proposal,
    gen_suggestion,
    gen_suggestions,
    gen_topic,
)
from .records import gen_duty_items, gen_group_report, gen_invited, gen_record

__all__ = [
    "World",
    "checked_png",
    "edited_sheet",
    "gen_assigned_proposal",
    "gen_department",
    "gen_department_user",
    "gen_duty_items",
    "gen_group_report",
    "gen_instructed_opinion",
    "gen_invited",
    "gen_loop_matter",
    "gen_matter",
    "gen_meeting",
    "gen_member",
    "gen_named",
    "gen_opinion",
    "gen_org",
    "gen_photo",
    "gen_proposal",
    "gen_record",
    "gen_suggestion",
    "gen_suggestions",
    "gen_topic",
    "gen_user",
    "heic_bytes",
    "png_bomb_bytes",
    "png_bytes",
    "world",
]
