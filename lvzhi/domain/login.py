"""Login lockout rule: after N failed attempts the account is locked for M minutes."""

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


def minutes_left(state: LoginAttempt, now: datetime) -> int:
    if not is_locked(state, now):
        return 0
    assert state.locked_until is not None
    return max(1, math.ceil((state.locked_until - now).total_seconds() / 60))


def after_failure(
    state: LoginAttempt, now: datetime, max_failures: int = 5, lock_minutes: int = 15
) -> LoginAttempt:
    """Count one failure; the max_failures-th failure locks the account."""
    if state.locked_until is not None and now >= state.locked_until:
        state = LoginAttempt(0, None)  # an expired lock starts a fresh count
    count = state.failed_count + 1
    if count >= max_failures:
        return LoginAttempt(0, now + timedelta(minutes=lock_minutes))
    return LoginAttempt(count, state.locked_until)


def after_success() -> LoginAttempt:
    return LoginAttempt(0, None)


def locked_message(state: LoginAttempt, now: datetime) -> str:
    return f"连续登录失败次数过多，账户已锁定，请 {minutes_left(state, now)} 分钟后再试。"
