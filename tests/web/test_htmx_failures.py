"""What htmx requests get when they cannot be served: an expired session answers 401 with the
login page that leads back (app.js shows it in Chinese and keeps the typed text)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from lvzhi import create_app
from lvzhi.clock import local_today
from lvzhi.extensions import db

from ..conftest import empty_database, make_config
from ..factories import world

TODAY = local_today()
PAGE = f"/group/reports/{TODAY.year}/{TODAY.month}"


def test_an_htmx_post_after_the_session_expired_gets_401_and_the_way_back(
    database_url, _schema, tmp_path
):
    app = create_app(make_config(database_url, tmp_path) | {"WTF_CSRF_ENABLED": True})
    with app.app_context():
        try:
            world()
            client = app.test_client()  # no session: its CSRF token is gone as well
            headers = {"HX-Request": "true", "HX-Current-URL": f"http://localhost{PAGE}"}
            r = client.post(f"{PAGE}/submit", data={"study-text": "写好的内容"}, headers=headers)
            assert r.status_code == 401
            login = urlsplit(r.headers["X-Login-Url"])
            assert login.path == "/login" and parse_qs(login.query)["next"] == [PAGE]
            # a plain form post still gets the Chinese page
            plain = client.post(f"{PAGE}/submit", data={"study-text": "写好的内容"})
            assert plain.status_code == 400 and "页面已过期" in plain.get_data(as_text=True)
        finally:
            db.session.remove()
            empty_database()
            db.engine.dispose()
