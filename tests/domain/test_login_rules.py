from datetime import datetime, timedelta

from lvzhi.domain.login import (
    LoginAttempt,
    attempt_locks,
    is_locked,
    lock_end,
    locked_message,
    minutes_left,
)

NOW = datetime(2026, 11, 25, 9, 0)


def locked_at(now: datetime = NOW, minutes: int = 15) -> LoginAttempt:
    return LoginAttempt(0, lock_end(now, minutes))


def test_the_fifth_attempt_locks_and_the_fourth_does_not():
    assert not attempt_locks(4, max_failures=5)
    assert attempt_locks(5, max_failures=5)
    assert attempt_locks(6, max_failures=5)


def test_a_lock_lasts_exactly_fifteen_minutes():
    state = locked_at()
    assert state.locked_until == NOW + timedelta(minutes=15)
    assert is_locked(state, NOW)
    assert is_locked(state, NOW + timedelta(minutes=14, seconds=59))
    assert not is_locked(state, NOW + timedelta(minutes=15))
    assert not is_locked(state, NOW + timedelta(minutes=16))


def test_an_account_never_locked_is_not_locked():
    assert not is_locked(LoginAttempt(4, None), NOW)
    assert minutes_left(LoginAttempt(4, None), NOW) == 0


def test_minutes_left_round_up():
    state = locked_at()
    assert minutes_left(state, NOW) == 15
    assert minutes_left(state, NOW + timedelta(minutes=10)) == 5
    assert minutes_left(state, NOW + timedelta(minutes=10, seconds=30)) == 5
    assert minutes_left(state, NOW + timedelta(minutes=14, seconds=59)) == 1
    assert minutes_left(state, NOW + timedelta(minutes=15)) == 0


def test_locked_message_is_chinese_with_minutes_left():
    assert locked_message(locked_at(), NOW + timedelta(minutes=10, seconds=30)) == (
        "连续登录失败次数过多，账户已锁定，请 5 分钟后再试。"
    )


def test_locked_message_for_a_lock_just_lifted_still_says_one_minute():
    state = locked_at()
    assert "请 1 分钟后再试" in locked_message(state, NOW + timedelta(minutes=15))
