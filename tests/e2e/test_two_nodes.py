"""Two gunicorn nodes behind nginx (deploy/two_node_test.py): a member logs in, saves a record
with a photo, one node is killed — still logged in, the photo still served, nothing lost;
logout on one node ends the session on the other; /healthz 503 while PostgreSQL refuses.

On PostgreSQL (LVZHI_TEST_DATABASE_URL) the script makes its own scratch database on that
server; otherwise the nodes share one SQLite file. Without nginx the test skips, unless
LVZHI_REQUIRE_E2E=1 (CI installs nginx)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from ..conftest import PG_URL
from .conftest import REQUIRE

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "two_node_test.py"
NGINX = Path("/usr/sbin/nginx")


def test_two_nodes_behind_nginx_survive_one_node_dying(tmp_path):
    if not NGINX.exists():
        reason = f"nginx not found at {NGINX} (apt-get install nginx)"
        if REQUIRE:
            pytest.fail(f"LVZHI_REQUIRE_E2E=1 but {reason}")
        pytest.skip(reason)
    if PG_URL:
        url = make_url(PG_URL)
        scratch = url.set(database=f"{url.database}_two_node")
        database = ["--pg", scratch.render_as_string(hide_password=False)]
    else:
        database = ["--database-url", f"sqlite:///{tmp_path / 'two-node.sqlite3'}"]
    run = subprocess.run(
        [sys.executable, str(SCRIPT), *database],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    print(run.stdout, run.stderr)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "two-node test passed" in run.stdout
