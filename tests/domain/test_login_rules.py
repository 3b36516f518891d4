from datetime import datetime, timedelta

from lvzhi.domain.login import (
    LoginAttempt,
    after_failure,
    after_success,
    is_locked,
    locked_message,
    minutes_left,
)

NOW = datetime(2026, 11, 25, 9, 0)


def fail(times: int, start: LoginAttempt | None = None, now: datetime = NOW) -> LoginAttempt:
    state = start or LoginAttempt(0, None)
    for _ in range(times):
        state = after_failure(state, now)
    return state


def test_four_failures_do_not_lock():
    state = fail(4)
    assert state.failed_count == 4
    assert not is_locked(state, NOW)


def test_fifth_failure_locks_for_fifteen_minutes():
    state = fail(5)
    assert is_locked(state, NOW)
    assert is_locked(state, NOW + timedelta(minutes=14, seconds=59))
    assert not is_locked(state, NOW + timedelta(minutes=15))
    assert minutes_left(state, NOW) == 15


def test_locked_message_is_chinese_with_minutes_left():
    state = fail(5)
    assert locked_message(state, NOW + timedelta(minutes=10, seconds=30)) == (
        "连续登录失败次数过多，账户已锁定，请 5 分钟后再试。"
    )


def test_failure_after_expired_lock_starts_a_fresh_count():
    state = fail(5)
    later = NOW + timedelta(minutes=16)
    state = after_failure(state, later)
    assert state.failed_count == 1
    assert not is_locked(state, later)


def test_success_clears_failures():
    assert after_success() == LoginAttempt(0, None)
