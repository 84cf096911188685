"""A real gunicorn on 127.0.0.1, a small session-keeping HTTP client, and the consistency checks
shared by benchmarks/load.py and tests/faults/test_crash.py (the benchmark never imports the tests).

Standard library only (plus mapsite.tiles.triggers for the recount SQL), so the test suite
imports nothing heavy and the load client spends its CPU on requests, not on a client library.
"""

# The subprocesses run this interpreter's manage.py and gunicorn with arguments built here;
# the SQL below is built from integers and mapsite.tiles.triggers' constants only.
# ruff: noqa: S608

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "load test password 7f3a9c"  # noqa: S105 (accounts on a throwaway database)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def add_threads_argument(parser) -> None:
    """--threads for a benchmark's gunicorn; left out, the config's default for its workers."""
    parser.add_argument("--threads", type=int, help="threads per worker (default: the config's, 8 for one "
                        "worker and 1 for each of several; mapsite/lib/deployment.threads_for)")


def config_threads(workers: int, threads: int | None) -> int:
    """`threads`, or what mapsite/gunicorn_conf.py gives this many workers."""
    from mapsite.lib.deployment import threads_for

    return threads if threads is not None else threads_for(workers)


def listening(proc: subprocess.Popen, port: int, timeout: float) -> bool:
    """Whether something accepts connections on 127.0.0.1:port within `timeout` seconds, while
    `proc` (the server being started) is still running."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def server_env(**overrides: str) -> dict[str, str]:
    """The environment the server and manage.py run in: production settings (DEBUG off), no rate
    limits (the load and the burst would otherwise be throttled by design, not by capacity), no
    publication window."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mapsite.settings",
        "DEBUG": "false",
        "RATELIMIT_ENABLE": "false",
        "PUBLISH_WINDOW_HOURS": "0",  # votes count at once, so the end's checks can compare counts with votes
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONUNBUFFERED": "1",
        # Benchmarks and fault tests run several workers on SQLite or the in-process cache on
        # purpose (to measure them; rate limits are off anyway): the start-up check allows it.
        "ALLOW_UNSAFE_WORKERS": "1",
    }
    env.update(overrides)
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 900) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def group_pids(leader: int) -> list[int]:
    """Every process in the process group `leader` started (start_new_session=True)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == leader:
                found.append(int(entry.name))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU the processes have used so far (from /proc; 0 where unreadable)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


class Gunicorn:
    """gunicorn mapsite.wsgi started as scripts/serve starts it (the same config: no access log,
    addresses scrubbed, the start-up check on workers), in its own process group so
    kill() can SIGKILL the master and every worker at once, as a crash or an OOM kill would."""

    def __init__(self, env: dict[str, str], log: Path, *, workers: int = 1, threads: int | None = 8, port: int = 0):
        self.env, self.log_path, self.workers, self.threads = env, log, workers, threads
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> Gunicorn:
        args = [str(BIN / "gunicorn"), "mapsite.wsgi", "--config", "mapsite/gunicorn_conf.py"]
        args += ["--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)]
        if self.threads is not None:  # else the config's default for this many workers
            args += ["--threads", str(self.threads)]
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}:\n{self.log()}")
            try:
                status, _ = Client(self.port, timeout=5).request("GET", "/api/tiles/version.json")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"gunicorn did not answer within {timeout} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def pids(self) -> list[int]:
        """The master and its workers (every process in the group)."""
        return group_pids(self.proc.pid) if self.proc else []

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.pids())

    def stop(self, timeout: float = 30) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self, timeout: float = 10) -> None:
        """SIGKILL the whole group, then wait until no process of it is left."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout)
        deadline = time.monotonic() + timeout
        while self.pids() and time.monotonic() < deadline:
            time.sleep(0.05)


class Client:
    """One keep-alive connection with a cookie jar: a browser tab, as far as Django can tell."""

    # gunicorn closes a connection idle for --keep-alive (2 s): reconnect before that, so a POST
    # is never written into a socket the server is closing (its outcome would be unknown).
    IDLE_LIMIT = 1.0

    def __init__(self, port: int, *, timeout: float = 60):
        self.port, self.timeout = port, timeout
        self.conn: http.client.HTTPConnection | None = None
        self.cookies: dict[str, str] = {}
        self.last_used = 0.0

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        if self.conn is not None and time.monotonic() - self.last_used > self.IDLE_LIMIT:
            self.close()
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except BaseException:
            self.close()
            raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.will_close:
            self.close()
        self.last_used = time.monotonic()
        return response.status, data

    def clone(self) -> Client:
        """Another connection in the same session (another tab of the same browser)."""
        other = Client(self.port, timeout=self.timeout)
        other.cookies = dict(self.cookies)
        return other

    def get(self, path: str, **headers: str):
        return self.request("GET", path, headers=headers)

    def post_json(self, path: str, payload: dict):
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
        }
        return self.request("POST", path, json.dumps(payload).encode(), headers)

    def login(self, username: str, password: str = PASSWORD) -> None:
        """The log-in form, as a browser posts it (its CSRF token is the cookie's value)."""
        self.get("/accounts/login/")
        form = {"username": username, "password": password, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            urlencode(form).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"log-in as {username} answered {status}")


def create_users(env: dict[str, str], names: list[str]) -> None:
    """Resident accounts with PASSWORD, hashed once (PBKDF2 costs ~0.3 s per hash here)."""
    code = (
        "import json, sys\n"
        "from django.contrib.auth import get_user_model\n"
        "from django.contrib.auth.hashers import make_password\n"
        "User = get_user_model(); hashed = make_password(sys.argv[-2])\n"
        "User.objects.bulk_create([User(username=n, password=hashed) for n in json.loads(sys.argv[-1])])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code, PASSWORD, json.dumps(names)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"creating users failed:\n{done.stderr}")


# --- Consistency checks (any DB-API cursor: sqlite3, psycopg, Django's) ----------------------


def missing_rows(cursor, written: dict[int, str]) -> list[int]:
    """Ids of cameras the client was told were created (201) that are not in the table with
    the submission token that created them."""
    found: dict[int, str] = {}
    ids = sorted(written)
    for start in range(0, len(ids), 500):
        chunk = ",".join(str(int(i)) for i in ids[start : start + 500])
        cursor.execute(f"SELECT id, submission_token FROM cameras_camera WHERE id IN ({chunk})")
        found.update((row[0], uuid.UUID(str(row[1])).hex if row[1] else "") for row in cursor.fetchall())
    return [i for i in ids if found.get(i) != uuid.UUID(written[i]).hex]


def vote_drift(cursor) -> list[tuple]:
    """Cameras whose confirm_count or dispute_count differs from their Vote rows (the reporter's
    own votes never count, as in votes.rules.tally)."""
    live = "FROM votes_vote v WHERE v.camera_id = c.id AND (c.reporter_id IS NULL OR v.user_id <> c.reporter_id)"
    cursor.execute(
        f"SELECT c.id, c.confirm_count, c.dispute_count, "
        f"(SELECT count(*) {live} AND v.kind = 'confirm'), (SELECT count(*) {live} AND v.kind = 'dispute') "
        "FROM cameras_camera c"
    )
    return [row for row in cursor.fetchall() if (row[1], row[2]) != (row[3], row[4])]


def _differ(want: dict, have: dict, key) -> bool:
    a, b = want.get(key), have.get(key)
    if a is None or b is None or a[0] != b[0]:
        return True
    return any(abs(x - y) > 1e-6 for x, y in zip(a[1:], b[1:], strict=True))


def counter_drift(cursor) -> dict[str, list]:
    """Counter rows that differ from a fresh recount (the triggers module's own recount, so it is
    by definition what a rebuild would write). Rows at zero are kept by design and ignored;
    float sums get a tolerance."""
    from mapsite.tiles.triggers import CELLS, TALLY, recount_queries

    fresh_cells, fresh_tally = recount_queries()[CELLS], recount_queries()[TALLY]
    drift: dict[str, list] = {}
    for name, fresh, stored, width in (
        ("cells", fresh_cells, f"SELECT level, cell, status, kind, operator, count, sum_lat, sum_lon FROM {CELLS}", 5),
        ("districts", fresh_tally, f"SELECT district_id, status, count FROM {TALLY}", 2),
    ):
        cursor.execute(fresh)
        want = {tuple(r[:width]): tuple(r[width:]) for r in cursor.fetchall()}
        cursor.execute(stored)
        have = {tuple(r[:width]): tuple(r[width:]) for r in cursor.fetchall() if r[width] != 0}
        drift[name] = [(k, want.get(k), have.get(k)) for k in want.keys() | have.keys() if _differ(want, have, k)]
    return drift
