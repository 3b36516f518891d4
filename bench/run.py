"""Page benchmark at province scale, under load. Not a test: it prints a table.

    make bench                                   # SQLite
    make bench DB=postgresql://user:pw@host/db   # PostgreSQL (a scratch database!)
    .venv/bin/python -m bench.run --duration 5 --orgs 20

1. Builds the province data set (bench/dataset.py: 100 bodies × 250 members × 5 years) in a
   scratch database, once: the SQLite file is kept under instance/bench/ and a PostgreSQL
   database remembers the data set it holds, both keyed by the data-set version, the size,
   the month and the schema, so a re-run starts serving at once.
2. Serves lvzhi with gunicorn as ``make run`` does (2 workers × 4 threads, without the access
   log), and beside it a bare Flask app rendering 8 KB of Jinja with the same settings.
3. Logs in as each demo role (with the CSRF token, like a browser), checks every key page
   answers 200 and reads its SQL statement count, then loads it with wrk (Debian package
   ``wrk``) at 16 connections with the session cookie set by a Lua script, spread over both
   workers (``load``: a run whose connections one worker took most of is started again).
   The first rows, "empty lvzhi page", are ``base.html`` with empty content for each role
   (bench.empty_page, served by bench.wsgi only): the floor any page of that role pays.
   With ``--writes N``, a writer commits N writes a minute in the logged-in users' body
   during the load (``writer``): each gives the body a new stamp, as any write does, so the
   pages the workers keep (lvzhi.stamps) are built again after each, as in use. Without
   it nothing is written, and every kept page is served from its kept copy after the first.
4. Prints a Markdown table: req/s, p50, p99, the share of the bare page's req/s measured in
   the same run, the CPU time gunicorn spent per request (read from /proc; unlike req/s it
   hardly moves when other processes share the machine) and its share (bare CPU ÷ page CPU:
   the share of the bare page's req/s the page would reach when CPU-bound), statements and
   size per page.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "lvzhi2026"
EMPTY_PAGE = "/_bench/empty"  # served by bench.empty_page
ROLES = (
    ("委员", "weiyuan"),
    ("室组", "shizu"),
    ("专委会", "zhuanwei"),
    ("机关", "jiguan"),
    ("领导", "lingdao"),
    ("承办", "chengban"),
)


@dataclass
class Page:
    role: str
    username: str
    path: str
    label: str


@dataclass
class Result:
    label: str
    role: str
    status: int = 0
    statements: int = 0
    size: int = 0
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    errors: int = 0
    cpu_ms: float = 0.0  # gunicorn's CPU time per request: steady on a busy machine
    split: list[int] = field(default_factory=list)  # connections each worker held
    even: bool = True  # … and each held a fair part of them (``balanced``)
    tries: int = 0  # runs started to get there


def key_pages(year: int, month: int, quarter: int, prev: tuple[int, int], prev_q) -> list[Page]:
    py, pm = prev
    qy, qq = prev_q
    return [
        # the floor any page pays: base.html with empty content (bench.empty_page)
        *(Page(role, user, EMPTY_PAGE, f"empty lvzhi page ({role})") for role, user in ROLES),
        Page("委员", "weiyuan", "/member/", "`/member/`"),
        Page("委员", "weiyuan", f"/member/duties/{year}/proposal", "`/member/duties/<y>/<item>`"),
        Page("委员", "weiyuan", "/member/archive", "`/member/archive`"),
        Page("委员", "weiyuan", f"/showcase/{py}/{pm}", "`/showcase/<y>/<m>`"),
        Page("室组", "shizu", "/group/", "`/group/` (head home)"),
        Page("室组", "shizu", "/group/?sort=done", "`/group/?sort=done` (head grid)"),
        Page("室组", "shizu", "/group/duties/pending", "`/group/duties/pending`"),
        Page("专委会", "zhuanwei", "/committee/", "`/committee/` (home + grid)"),
        Page("机关", "jiguan", "/secretariat/", "`/secretariat/`"),
        Page("机关", "jiguan", "/secretariat/members", "`/secretariat/members`"),
        Page("机关", "jiguan", "/secretariat/duties", "`/secretariat/duties` (grid)"),
        Page("领导", "lingdao", "/board/", "`/board/` (leader home)"),
        Page("领导", "lingdao", f"/board/ranking/{qy}/{qq}", "`/board/ranking/<y>/<q>`"),
        # the closed loops, attendance and the assessment
        Page("委员", "weiyuan", "/member/opinions", "`/member/opinions`"),
        Page("委员", "weiyuan", "/member/assessment", "`/member/assessment`"),
        Page("委员", "weiyuan", "/attendance/", "`/attendance/` (my attendance)"),
        Page("机关", "jiguan", "/secretariat/opinions", "`/secretariat/opinions` (queue)"),
        Page("机关", "jiguan", "/secretariat/consultations", "`/secretariat/consultations`"),
        Page("机关", "jiguan", "/secretariat/suggestions", "`/secretariat/suggestions`"),
        Page("机关", "jiguan", "/secretariat/overdue", "`/secretariat/overdue`"),
        Page("机关", "jiguan", "/secretariat/assessment", "`/secretariat/assessment`"),
        Page("领导", "lingdao", "/dashboard/", "`/dashboard/` (leaders' board)"),
        Page("领导", "lingdao", "/board/opinions", "`/board/opinions`"),
        Page("领导", "lingdao", "/board/assessment", "`/board/assessment`"),
        Page("承办", "chengban", "/department/", "`/department/` (department home)"),
    ]


# --- the data set ----------------------------------------------------------------------------


@contextlib.contextmanager
def bench_app(url: str, **config):
    """lvzhi's app on the database at ``url`` as the benchmark's tools make it (``config`` adds
    or overrides settings): its upload and work folders a scratch folder, removed after."""
    from lvzhi import create_app

    scratch = tempfile.mkdtemp(prefix="lvzhi-bench-")
    try:
        yield create_app(
            {
                "SECRET_KEY": "bench",
                **config,
                "SQLALCHEMY_DATABASE_URI": url,
                "UPLOAD_FOLDER": scratch,
                "WORK_FOLDER": scratch,
            }
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def prepare(url: str | None, orgs: int, members: int, years: int, rebuild: bool) -> tuple:
    """The database URL to serve, built or reused, and a line describing its size."""
    from sqlalchemy import func, select

    from lvzhi.clock import local_today
    from lvzhi.extensions import db
    from lvzhi.models import DutyRecord, GroupReport, Member

    from . import dataset

    today = local_today()
    with bench_app(url or "sqlite://") as probe, probe.app_context():
        key = dataset.dataset_key(orgs, members, years, today)
    if url is None:
        folder = ROOT / "instance" / "bench"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"province-{key}.sqlite3"
        url = f"sqlite:///{path}"
        if rebuild or not path.exists():
            for old in folder.glob(f"province-{orgs}x{members}x{years}-*"):
                old.unlink()  # the same size built for an earlier version, month or schema
            building = path.with_suffix(".building")
            building.unlink(missing_ok=True)
            with bench_app(f"sqlite:///{building}") as builder:
                _build(builder, orgs, members, years, today, key)
            building.rename(path)
    with bench_app(url) as app, app.app_context():
        if url.startswith("postgres") and (rebuild or dataset.stored_key() != key):
            db.session.remove()
            _build(app, orgs, members, years, today, key)
        counts = [
            db.session.scalar(select(func.count(model.id)))
            for model in (Member, DutyRecord, GroupReport)
        ]
        db.session.remove()
        db.engine.dispose()
    return url, "{:,} members, {:,} duty records, {:,} group reports".format(*counts)


def _build(app, orgs, members, years, today, key) -> None:
    from sqlalchemy import text

    from lvzhi.extensions import db

    from . import dataset

    started = time.perf_counter()
    print(f"building the data set {key} …", flush=True)
    with app.app_context():
        db.session.execute(text("DROP TABLE IF EXISTS bench_dataset"))
        db.session.commit()
        db.drop_all()
        db.create_all()
        dataset.build(orgs, members, years, today)
        dataset.store_key(key)
        db.session.remove()
        db.engine.dispose()
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)


# --- serving ---------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(target: str, env: dict, log: Path):
    """gunicorn as ``make run`` runs it, on a free port; yields the base URL and its pid."""
    port = _free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [
                str(gunicorn),
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--no-control-socket",  # one socket path for every gunicorn on the machine
                target,
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"gunicorn {target} did not start; see {log}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}", proc.pid
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()


def login(base: str, username: str) -> tuple[urllib.request.OpenerDirector, str]:
    """Log in like a browser (CSRF token from the form); the opener and the Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    html = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    if token is None:
        raise SystemExit("no CSRF token on the login page")
    form = {"login": username, "password": PASSWORD, "csrf_token": token.group(1)}
    response = opener.open(f"{base}/login", urllib.parse.urlencode(form).encode())
    if urllib.parse.urlparse(response.geturl()).path == "/login":
        raise SystemExit(f"could not log in as {username}")
    return opener, "; ".join(f"{c.name}={c.value}" for c in jar)


def check(opener, base: str, path: str) -> tuple[int, int, int]:
    """Status, SQL statement count and size of one page; a redirect elsewhere is a failure."""
    try:
        response = opener.open(base + path)
    except urllib.error.HTTPError as exc:
        return exc.code, 0, 0
    body = response.read()
    landed = urllib.parse.urlparse(response.geturl())
    wanted = urllib.parse.urlparse(base + path)
    status = response.status if (landed.path, landed.query) == (wanted.path, wanted.query) else 302
    return status, int(response.headers.get("X-Bench-Statements", 0)), len(body)


def _family(master: int):
    """(pid, /proc stat fields after the name) of a gunicorn master and of its workers."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            pid = int(stat.parent.name)
            if master in (pid, int(fields[1])):
                yield pid, fields


def cpu_seconds(master: int) -> float:
    """CPU time (user + system) used so far by a gunicorn master and its workers."""
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(int(f[11]) + int(f[12]) for _pid, f in _family(master)) / ticks


LUA = """
wrk.headers["Cookie"] = "%s"
done = function(summary, latency, requests)
  io.write(string.format("WRK %%d %%d %%.0f %%.0f %%d %%d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(99), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def established_inodes(proc_net_tcp: str, port: int) -> set[int]:
    """The socket inodes of the established TCP connections on local ``port``, from the text
    of /proc/net/tcp (or tcp6): columns local address (hex ``addr:port``), remote, state
    (``01`` established), …, inode (the 10th)."""
    inodes = set()
    for line in proc_net_tcp.splitlines()[1:]:
        fields = line.split()
        if len(fields) > 9 and fields[3] == "01" and int(fields[1].rsplit(":", 1)[1], 16) == port:
            inodes.add(int(fields[9]))
    return inodes


def connections_per_worker(master: int, port: int) -> list[int]:
    """How many of the load's connections each worker holds. A connection stays with the
    worker that accepted it, and which one does is a race: one worker can take all 16 of
    wrk's keep-alive connections and serve them on one core while the other idles."""
    inodes: set[int] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            inodes |= established_inodes(Path(table).read_text(), port)
    counts = []
    for pid in sorted(pid for pid, _f in _family(master) if pid != master):
        held = 0
        for fd in Path(f"/proc/{pid}/fd").glob("*"):
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith("socket:[") and int(target[8:-1]) in inodes:
                    held += 1
        counts.append(held)
    return counts


def balanced(split: list[int], connections: int) -> bool:
    """Every worker holds at least a quarter of the connections (4 of 16): then each always
    has requests waiting and both cores work, as under many browsers' connections."""
    return len(split) > 1 and sum(split) == connections and min(split) >= connections // 4


BALANCE_TRIES = 12


def load(url: str, cookie: str, args, result: Result, server: int) -> Result:
    """Warm up, then load ``url`` with wrk; fills req/s, latencies, the CPU time per request
    of the ``server`` (gunicorn master pid) and the connections each worker held into
    ``result``. A run whose connections landed unevenly on the workers (``balanced``) is
    stopped after half a second and started again, up to ``BALANCE_TRIES`` times: otherwise
    the same page reads 2× apart from run to run, by the luck of the accept race."""
    port = urllib.parse.urlsplit(url).port
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % cookie.replace('"', '\\"'))
    try:
        base = ["wrk", f"-t{args.threads}", f"-c{args.connections}", "-s", script.name, url]
        subprocess.run([*base[:3], "-d1s", *base[3:]], capture_output=True, check=True)
        for attempt in range(1, BALANCE_TRIES + 1):
            cpu = cpu_seconds(server)
            run = subprocess.Popen(
                [*base[:3], f"-d{args.duration}s", "--timeout", "10s", *base[3:]],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            time.sleep(0.5)
            result.split = connections_per_worker(server, port)
            result.even, result.tries = balanced(result.split, args.connections), attempt
            if result.even or attempt == BALANCE_TRIES:
                break  # the last try is kept however its connections fell (the table says)
            run.kill()
            run.wait()
        out, _ = run.communicate()
        cpu = cpu_seconds(server) - cpu
    finally:
        os.unlink(script.name)
    line = next(x for x in out.splitlines() if x.startswith("WRK "))
    requests, duration_us, p50, p99, bad_status, socket_errors = (
        float(v) for v in line.split()[1:]
    )
    result.rps = requests / (duration_us / 1e6)
    result.p50_ms, result.p99_ms = p50 / 1000, p99 / 1000
    result.errors = int(bad_status + socket_errors)
    result.cpu_ms = 1000 * cpu / requests if requests else 0.0
    return result


@contextlib.contextmanager
def writer(url: str, per_minute: float, username: str = "jiguan"):
    """Commit ``per_minute`` writes a minute in ``username``'s body while the block runs: an
    audit event each, a real write (it changes the body's stamp like any other). Yields the
    count of writes made, as a one-item list."""
    import threading

    made = [0]
    if per_minute <= 0:
        yield made
        return
    from sqlalchemy import select

    from lvzhi.extensions import db
    from lvzhi.models import User
    from lvzhi.services.audit import audit

    stop = threading.Event()

    def run(app) -> None:
        with app.app_context():
            actor = db.session.scalar(select(User).where(User.username == username))
            while not stop.wait(60 / per_minute):
                audit(actor, actor.org_id, "bench.write", None, "基准测试的写入")
                db.session.commit()
                made[0] += 1

    with bench_app(url) as app:
        thread = threading.Thread(target=run, args=(app,), daemon=True)
        thread.start()
        try:
            yield made
        finally:
            stop.set()
            thread.join()


# --- the table -------------------------------------------------------------------------------


def _uneven(r: Result) -> str:
    """The split of a run whose connections no try spread evenly, for its row's label."""
    return "" if r.even else f" (connections {'/'.join(map(str, r.split))})"


def table(bare: Result, results: list[Result]) -> str:
    lines = [
        "| page | role | req/s | p50 | p99 | share of bare | CPU per request | CPU share "
        "| statements | KB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| bare 8 KB Jinja page{_uneven(bare)} | – | {bare.rps:,.0f} | {bare.p50_ms:.1f} ms "
        f"| {bare.p99_ms:.0f} ms | 1.00 | {bare.cpu_ms:.2f} ms | 1.00 | 0 | {bare.size / 1024:.1f} |",
    ]
    for r in results:
        flag = "" if r.status == 200 and not r.errors else f" (**{r.status}, {r.errors} errors**)"
        flag += _uneven(r)
        cpu_share = bare.cpu_ms / r.cpu_ms if r.cpu_ms else 0
        lines.append(
            f"| {r.label}{flag} | {r.role} | {r.rps:,.0f} | {r.p50_ms:.1f} ms | {r.p99_ms:.0f} ms "
            f"| {r.rps / bare.rps:.2f} | {r.cpu_ms:.1f} ms | {cpu_share:.2f} | {r.statements} "
            f"| {r.size / 1024:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db",
        default=os.environ.get("DB") or os.environ.get("LVZHI_BENCH_DATABASE_URL") or None,
        help="PostgreSQL URL of a scratch database (default: a cached SQLite file)",
    )
    parser.add_argument("--orgs", type=int, default=100)
    parser.add_argument("--members", type=int, default=250)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--duration", type=int, default=8, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the data set")
    parser.add_argument(
        "--writes",
        type=float,
        default=0,
        help="writes a minute in the users' body during the load (default 0: none)",
    )
    parser.add_argument(
        "--only", default="", help="only pages whose path contains one of these (comma-separated)"
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    from lvzhi.clock import local_today
    from lvzhi.domain.group_ranking import previous_quarter, quarter_of

    started = time.perf_counter()
    url, size = prepare(args.db, args.orgs, args.members, args.years, args.rebuild)
    today = local_today()
    quarter = quarter_of(today.month)
    last_month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    pages = [
        p
        for p in key_pages(
            today.year, today.month, quarter, last_month, previous_quarter(today.year, quarter)
        )
        if not args.only or any(part in p.path for part in args.only.split(","))
    ]
    log = ROOT / "instance" / "bench" / "gunicorn.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_bytes(b"")  # this run's log only: every request writes a line (lvzhi.ops)
    env = {"LVZHI_DATABASE_URL": url, "LVZHI_SECRET_KEY": "bench-secret"}
    results: list[Result] = []
    with (
        serve("bench.bare:app", {}, log) as (bare_base, bare_pid),
        serve("bench.wsgi:app", env, log) as (base, pid),
        writer(url, args.writes) as writes,
    ):
        bare = Result("bare", "–", 200)
        bare.size = len(urllib.request.urlopen(bare_base + "/").read())
        load(bare_base + "/", "", args, bare, bare_pid)
        print(
            f"bare page: {bare.rps:,.0f} req/s, {bare.cpu_ms:.2f} ms CPU, "
            f"connections per worker {bare.split}",
            flush=True,
        )
        sessions: dict[str, tuple] = {}
        for page in pages:
            if page.username not in sessions:
                sessions[page.username] = login(base, page.username)
            opener, cookie = sessions[page.username]
            result = Result(page.label, page.role)
            result.status, result.statements, result.size = check(opener, base, page.path)
            if result.status == 200:
                load(base + page.path, cookie, args, result, pid)
            results.append(result)
            print(
                f"{page.path}: {result.rps:,.0f} req/s, p99 {result.p99_ms:.0f} ms, "
                f"{result.cpu_ms:.1f} ms CPU per request, {result.statements} statements, "
                f"connections per worker {result.split} (run {result.tries})",
                flush=True,
            )
    kind = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print()
    print(
        f"{kind}, {args.orgs} bodies: {size}; gunicorn 2 workers × 4 threads; "
        f"wrk {args.threads} threads, {args.connections} connections, {args.duration} s per page; "
        f"{os.cpu_count()} CPUs; {time.perf_counter() - started:.0f} s in all; "
        + (
            f"{writes[0]} writes in the users' body ({args.writes:g} a minute)"
            if args.writes
            else "no writes (every kept page served kept)"
        )
    )
    print()
    print(table(bare, results))


if __name__ == "__main__":
    main()
