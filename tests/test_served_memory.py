"""The served app's garbage collector settings (lvzhi.ops.settle_after_start, wsgi.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wsgi_hides_what_start_up_made_from_the_collector_and_collects_less_often(tmp_path):
    # in a fresh interpreter: the test process's own collector is left as it is
    probe = (
        "import gc, wsgi, lvzhi.ops as ops; "
        "print(gc.get_freeze_count(), gc.get_threshold() == ops.GC_THRESHOLD, "
        "ops.GC_THRESHOLD[0] > 700)"
    )
    env = {
        **os.environ,
        "LVZHI_DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "LVZHI_SECRET_KEY": "test",
    }
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    frozen, settled, rarer = int(out[0]), out[1], out[2]
    assert frozen > 50_000  # the app, its modules and templates: out of the collector's sight
    assert settled == "True" and rarer == "True"
