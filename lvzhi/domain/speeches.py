"""Plenary speeches (大会发言) and work suggestions (政协工作建议): the words and the one
deadline rule their screens need. The workflows are ``loop_specs.SPEECH`` and
``loop_specs.WORK_SUGGESTION``.

A selected speech is given as a written (书面) or an oral (口头) speech — the matter's
``kind``; only an oral one is the speaker's 重点协商发言 (十个一 item 6). A leader's
instruction (批示) names who gave it and at which level. An instructed speech's written
feedback is due at next year's plenary 预备会议 — counted from the speech's plenary year,
so it reads "下一年度全会预备会议前" until that meeting is in the calendar, and follows the
meeting when it is moved.
"""

from __future__ import annotations

from datetime import date

from .calendar import Meetings
from .loop_specs import SPEECH
from .loops import Due, due

ORAL, WRITTEN = "oral", "written"
SPEECH_MODES = {ORAL: "口头发言", WRITTEN: "书面发言"}
INSTRUCTION_LEVELS = {
    "county": "县级",
    "city": "市级",
    "province": "省级",
    "national": "全国",
}
# an instructed speech's feedback is running from the 批示 until the department's reply
SPEECH_FEEDBACK_RUNNING = ("instructed", "assigned", "handling")
WORK_SUGGESTION_ANSWERS = {"adopt": "采纳", "note": "已知悉"}


def speech_feedback_due(year: int, meetings: Meetings = ()) -> Due:
    """The written feedback on an instructed speech of ``year``'s plenary: next year's
    全会预备会议 (its date once scheduled, else the words)."""
    return due(SPEECH.deadline("feedback"), date(year, 1, 1), meetings)


def instruction_note(leader: str, level: str, text: str) -> str:
    """The timeline's line for a 批示: who, at which level, what."""
    return f"{INSTRUCTION_LEVELS[level]} {leader.strip()} 批示：{text.strip()}"
