"""gunicorn settings for one lvzhi node behind nginx (deploy/lvzhi.service starts it with
``gunicorn --config deploy/gunicorn.conf.py wsgi:app``; command-line options win).

Workers × threads is how many requests a node serves at once, and at most how many database
connections it holds: 2 × cores + 1 processes of 4 threads (a 4-core node: 9 × 4 = 36). Keep
the sum over all nodes, plus cron jobs, under PostgreSQL's max_connections (100 by default).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))

# an .xlsx import or export may take a while; nginx waits 120 s (lvzhi-locations.conf)
timeout = 90
graceful_timeout = 30  # a restart lets running requests finish
keepalive = 5  # nginx keeps connections to the node open (upstream keepalive)
# a worker is replaced after this many requests: memory stays flat over months
max_requests = 2000
max_requests_jitter = 200

# the app writes one JSON line per request (lvzhi/ops/request_log.py): no access log here
accesslog = None
errorlog = "-"  # stderr: journald under systemd
loglevel = "info"

# proxy headers are the app's business (LVZHI_PROXY_COUNT, werkzeug's ProxyFix); gunicorn
# must not read X-Forwarded-Proto on its own, even from 127.0.0.1
forwarded_allow_ips = ""

# gunicorn 24+'s control socket ($HOME/.gunicorn/gunicorn.ctl): systemd's signals do its job,
# and two nodes on one machine would share the one path
control_socket_disable = True
