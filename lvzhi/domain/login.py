"""Login lockout rule: the Nth login attempt in a row that does not succeed locks the account
for M minutes.

An attempt is counted when it starts, before its password is checked, so however many guesses
arrive at once no more than N passwords are checked per lock. The attempt that reaches N locks
the account at once; if its password turns out right, the success clears the count and the
lock again. Locking starts a fresh count for when the lock ends."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class LoginAttempt:
    failed_count: int
    locked_until: datetime | None


def is_locked(state: LoginAttempt, now: datetime) -> bool:
    return state.locked_until is not None and now < state.locked_until


def attempt_locks(attempt: int, max_failures: int) -> bool:
    """Does the attempt with this number (1 = the first since the last success or lock) lock
    the account?"""
    return attempt >= max_failures


def lock_end(now: datetime, lock_minutes: int) -> datetime:
    return now + timedelta(minutes=lock_minutes)


def minutes_left(state: LoginAttempt, now: datetime) -> int:
    if not is_locked(state, now):
        return 0
    assert state.locked_until is not None
    return max(1, math.ceil((state.locked_until - now).total_seconds() / 60))


def locked_message(state: LoginAttempt, now: datetime) -> str:
    minutes = max(1, minutes_left(state, now))  # a lock lifted a moment ago still reads sensibly
    return f"连续登录失败次数过多，账户已锁定，请 {minutes} 分钟后再试。"
