"""Login, lockout, landing pages, role switching, passwords, CSRF."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from lvzhi import create_app
from lvzhi.extensions import db
from lvzhi.models.base import utcnow
from lvzhi.services import accounts

from ..conftest import AuthActions, make_config
from ..factories import world


@pytest.mark.parametrize(
    "username, home",
    [
        ("weiyuan", "/member/"),
        ("shizu", "/group/"),
        ("zhuanwei", "/committee/"),
        ("jiguan", "/secretariat/"),
        ("lingdao", "/board/"),
    ],
)
def test_each_role_lands_on_its_own_home(app, client, auth, username, home):
    world()
    response = auth.login(username)
    assert response.status_code == 303
    assert response.headers["Location"] == home
    assert client.get(home).status_code == 200


def test_member_can_log_in_with_mobile_number(app, client, auth):
    w = world()
    response = auth.login(w.member.mobile)
    assert response.headers["Location"] == "/member/"


def test_wrong_password_is_refused_in_chinese(app, client, auth):
    world()
    page = auth.login("weiyuan", "wrong").get_data(as_text=True)
    assert "用户名或密码不正确。" in page
    assert client.get("/member/").status_code == 302


def test_five_failures_lock_the_account_for_fifteen_minutes(app, client, auth):
    w = world()
    for _ in range(4):
        assert "用户名或密码不正确" in auth.login("weiyuan", "wrong").get_data(as_text=True)
    page = auth.login("weiyuan", "wrong").get_data(as_text=True)
    assert "账户已锁定，请 15 分钟后再试" in page
    # even the right password is refused while locked
    page = auth.login("weiyuan").get_data(as_text=True)
    assert "账户已锁定" in page
    # fifteen minutes later it works again
    w.member_user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    # and the count starts afresh: one more wrong password does not lock it again
    assert "用户名或密码不正确" in auth.login("weiyuan", "wrong").get_data(as_text=True)
    assert auth.login("weiyuan").headers["Location"] == "/member/"


def test_deactivated_member_cannot_log_in(app, client, auth):
    w = world()
    w.member_user.active = False
    db.session.commit()
    assert "该账户已停用" in auth.login("weiyuan").get_data(as_text=True)


def test_user_with_several_roles_switches_between_homes(app, client, auth):
    world()
    auth.login("shizu")
    page = client.get("/group/").get_data(as_text=True)
    assert "切换身份" in page and "委员" in page
    response = client.post("/switch/member")
    assert response.headers["Location"] == "/member/"
    assert client.get("/").headers["Location"] == "/member/"
    assert client.post("/switch/secretariat").status_code == 403


def test_logout_ends_the_session(app, client, auth):
    world()
    auth.login("weiyuan")
    assert auth.logout().headers["Location"] == "/login"
    assert client.get("/member/").status_code == 302


# ``next`` exactly as it arrives in the query string (percent-encoded)
FOREIGN_NEXT = [
    "/%09/evil.example",  # a tab the browser drops: //evil.example
    "//evil.example",
    "/%5Cevil.example",  # /\evil.example, which a browser reads as //evil.example
    "%5C%5Cevil.example",
    "/%0D%0A/evil.example",
    "%0D%0ASet-Cookie:%20x=1",
    "https://evil.example/member/",
    "https:evil.example",
    "%20//evil.example",
    "%01//evil.example",
    "javascript:alert(1)",
    "member/",
    "/member/%00",
]
LOCAL_NEXT = [
    ("/member/", "/member/"),
    ("/group/reports/2026/11%3Fx%3D1", "/group/reports/2026/11?x=1"),
    ("/member/%0D%0Aprofile", "/member/profile"),  # a browser drops the newline too
]


def login_with_next(client, raw_next: str):
    response = client.post(
        f"/login?next={raw_next}", data={"login": "weiyuan", "password": "secret123"}
    )
    assert response.status_code == 303
    return response.headers["Location"]


@pytest.mark.parametrize("raw_next", FOREIGN_NEXT)
def test_next_parameter_never_leaves_the_site(app, client, raw_next):
    world()
    assert login_with_next(client, raw_next) == "/member/"


@pytest.mark.parametrize("raw_next, location", LOCAL_NEXT)
def test_next_parameter_goes_to_a_path_on_the_site(app, client, raw_next, location):
    world()
    assert login_with_next(client, raw_next) == location


def change_password(client, current: str, new: str, confirm: str | None = None):
    data = {"current_password": current, "new_password": new, "confirm": confirm or new}
    return client.post("/password", data=data)


def logged_in_browser(app, username: str = "weiyuan"):
    browser = app.test_client()
    AuthActions(browser).login(username)
    return browser


def test_logout_ends_that_session_for_good_and_no_other(app, client, auth):
    world()
    other = logged_in_browser(app)
    auth.login("weiyuan")
    copy = app.test_client()
    copy.set_cookie("session", client.get_cookie("session").value)
    assert copy.get("/member/").status_code == 200
    auth.logout()
    assert copy.get("/member/").status_code == 302
    assert other.get("/member/").status_code == 200


def test_a_login_lasts_thirty_days_to_the_minute(app, client, auth):
    from lvzhi.models import LoginSession

    world()
    auth.login("weiyuan")
    [row] = db.session.scalars(db.select(LoginSession))
    assert app.config["LOGIN_SESSION_DAYS"] == 30

    def opened_at(moment) -> int:
        row.created_at = moment
        db.session.commit()
        return client.get("/member/").status_code

    thirty_days_ago = utcnow() - timedelta(days=30)
    assert opened_at(thirty_days_ago + timedelta(minutes=1)) == 200
    assert opened_at(thirty_days_ago - timedelta(minutes=1)) == 302  # log in again


def test_password_change_logs_out_the_other_browsers_but_not_this_one(app, client, auth):
    world()
    other = logged_in_browser(app)
    auth.login("weiyuan")
    response = change_password(client, "secret123", "newpass123")
    assert response.status_code == 303
    assert client.get("/member/").status_code == 200
    assert other.get("/member/").headers["Location"].startswith("/login")


def test_secretariat_reset_logs_out_every_browser_of_the_member(app, client, auth):
    w = world()
    phone, desk = logged_in_browser(app), logged_in_browser(app)
    auth.login("jiguan")
    client.post(f"/secretariat/members/{w.member.id}/password-reset")
    assert phone.get("/member/").headers["Location"].startswith("/login")
    assert desk.get("/member/").headers["Location"].startswith("/login")
    assert client.get("/secretariat/").status_code == 200


def test_only_the_newest_sessions_of_a_user_are_kept(app, client, auth):
    world()
    app.config["LOGIN_SESSIONS_KEPT"] = 2
    oldest = logged_in_browser(app)
    logged_in_browser(app)
    auth.login("weiyuan")
    assert client.get("/member/").status_code == 200
    assert oldest.get("/member/").status_code == 302


def _message(response) -> str:
    import re

    found = re.search(
        r"(用户名或密码不正确。|连续登录失败次数过多[^<]*)", response.get_data(as_text=True)
    )
    return found.group(1) if found else ""


def test_an_unknown_name_is_answered_and_locked_exactly_as_an_account_is(app, client, auth):
    w = world()
    known, unknown = w.member.mobile, "13800009999"  # a member's mobile, and nobody's
    for attempt in range(1, 8):  # the 5th locks both; the 6th and 7th read the lock
        answers = {_message(auth.login(name, f"guess{attempt}")) for name in (known, unknown)}
        assert len(answers) == 1, (attempt, answers)
        locked = "连续登录失败次数过多，账户已锁定，请 15 分钟后再试。"
        assert answers == {locked if attempt >= 5 else "用户名或密码不正确。"}
    # the lock ends for both at the same minute, and both count afresh
    from lvzhi.models import UnknownLogin

    w.member_user.locked_until = utcnow() - timedelta(seconds=1)
    for row in db.session.scalars(db.select(UnknownLogin)):
        row.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    for name in (known, unknown):
        assert _message(auth.login(name, "again")) == "用户名或密码不正确。"


def test_unknown_login_checks_a_password_all_the_same(app, client, auth, monkeypatch):
    w = world()
    checked = []
    real = accounts.check_password_hash

    def counting(pwhash, password):
        checked.append((pwhash.split("$", 1)[0], password))
        return real(pwhash, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting)
    method = w.member_user.password_hash.split("$", 1)[0]
    assert "用户名或密码不正确。" in auth.login("nobody", "guess1").get_data(as_text=True)
    assert "用户名或密码不正确。" in auth.login("weiyuan", "guess2").get_data(as_text=True)
    assert checked == [(method, "guess1"), (method, "guess2")]


def test_a_login_on_a_one_time_hash_also_checks_a_full_cost_hash(app, client, auth, monkeypatch):
    """Imported members' one-time passwords use a cheaper hash; their logins must not be
    faster than anyone else's, or timing would tell who still has one."""
    w = world()
    full = w.member_user.password_hash.split("$", 1)[0]
    with app.test_request_context():
        w.member_user.password_hash = accounts.hash_temporary_password("onetime-pass")
    db.session.commit()
    cheap = w.member_user.password_hash.split("$", 1)[0]
    assert cheap == app.config["TEMPORARY_PASSWORD_HASH_METHOD"] != full
    checked = []
    real = accounts.check_password_hash

    def counting(pwhash, password):
        checked.append(pwhash.split("$", 1)[0])
        return real(pwhash, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting)
    assert auth.login("weiyuan", "onetime-pass").status_code == 303
    assert checked == [full, cheap]
    checked.clear()
    client.post("/logout")
    assert auth.login("shizu").status_code == 303  # a full-cost hash is checked once
    assert checked == [full]


def test_member_changes_password(app, client, auth):
    world()
    auth.login("weiyuan")
    page = change_password(client, "nope", "newpass123").get_data(as_text=True)
    assert "当前密码不正确。" in page
    page = change_password(client, "secret123", "newpass123", "other").get_data(as_text=True)
    assert "两次输入的新密码不一致。" in page
    response = change_password(client, "secret123", "newpass123")
    assert response.status_code == 303
    auth.logout()
    assert "用户名或密码不正确" in auth.login("weiyuan").get_data(as_text=True)
    assert auth.login("weiyuan", "newpass123").status_code == 303


def test_secretariat_reset_forces_a_new_password_at_next_login(app, client, auth):
    w = world()
    auth.login("jiguan")
    response = client.post(
        f"/secretariat/members/{w.member.id}/password-reset", follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "临时密码：" in page
    temporary = re.search(r"临时密码：([a-z0-9]+)", page).group(1)
    auth.logout()
    response = auth.login("weiyuan", temporary)
    assert response.headers["Location"] == "/password"
    # every other page sends them back to the password form until they change it
    assert client.get("/member/").headers["Location"] == "/password"
    change_password(client, temporary, "mine12345")
    assert client.get("/member/").status_code == 200


def test_post_without_csrf_token_is_refused(database_url, _schema, tmp_path):
    config = make_config(database_url, tmp_path) | {"WTF_CSRF_ENABLED": True}
    app = create_app(config)
    with app.app_context():
        try:
            world()
            client = app.test_client()
            response = client.post("/login", data={"login": "weiyuan", "password": "secret123"})
            assert response.status_code == 400
            assert "页面已过期" in response.get_data(as_text=True)
            assert client.get("/member/").status_code == 302
        finally:
            from ..conftest import empty_database

            db.session.remove()
            empty_database()
            db.engine.dispose()


def test_error_pages_are_chinese(app, client, auth):
    world()
    assert "页面不存在" in client.get("/no/such/page").get_data(as_text=True)
    auth.login("weiyuan")
    response = client.get("/secretariat/")
    assert response.status_code == 403
    assert "没有访问权限" in response.get_data(as_text=True)


def test_server_error_page_is_chinese(app, client):
    def boom():
        raise RuntimeError("boom")

    app.add_url_rule("/boom-for-test", "boom_for_test", boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom-for-test")
    assert response.status_code == 500
    assert "系统出错了" in response.get_data(as_text=True)


def test_the_current_password_is_not_guessed_more_freely_than_at_the_login(app, client, auth):
    """Someone holding a logged-in browser guesses the password on 修改密码: each wrong guess
    counts as a failed login, the fifth locks the account (the real password is refused too
    until the lock ends) and logs every browser of it out; a right one resets the count."""
    from lvzhi.models import User

    world()
    auth.login("weiyuan")
    assert change_password(client, "nope", "newpass123").status_code == 200
    assert change_password(client, "secret123", "newpass123").status_code == 303  # reset
    user = db.session.scalar(select(User).where(User.username == "weiyuan"))
    db.session.refresh(user)
    assert user.failed_logins == 0
    for guess in range(1, 5):
        page = change_password(client, f"guess{guess}", "another123").get_data(as_text=True)
        assert "当前密码不正确。" in page
    page = change_password(client, "guess5", "another123").get_data(as_text=True)
    assert "账户已锁定" in page
    db.session.refresh(user)
    assert user.locked_until is not None
    assert client.get("/member/").status_code == 302  # this browser is logged out too
    refused = auth.login("weiyuan", "newpass123").get_data(as_text=True)
    assert "账户已锁定" in refused
