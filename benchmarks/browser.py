"""Time to the first markers in headless Chromium, over real HTTP against gunicorn.

The seeded SQLite file is prepared in a subprocess of its own (python -m benchmarks.seeding):
Django is configured once per process, and this process may be measuring another database.
"""

# The subprocesses run this interpreter, manage.py and gunicorn with arguments built here.

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.chromium import ARGS, CHROMIUM
from benchmarks.database import ROOT, sqlite_file
from benchmarks.measuring import pct

# Paths every page load requests: a deployed server's workers have served them before.
WARM_PATHS = ("/", "/api/districts.geojson", "/api/tiles/version.json", "/api/tiles/11/1673/893.json")
# The map marks itself once the first markers or clusters are on screen (map.js);
# the selectors are a fallback for a map drawn with DOM markers.
DRAWN = ("() => document.querySelector('[data-cameras-drawn]') || "
         "document.querySelector('.leaflet-marker-icon, .marker-cluster, path.leaflet-interactive')")
DRAWN_AT = ("() => { const el = document.querySelector('[data-cameras-drawn]');"
            " return el ? Number(el.dataset.camerasDrawn) : performance.now(); }")


def _without_database_url() -> dict[str, str]:
    """The browser run always uses its SQLite file, whatever the rest of the benchmark measures."""
    return {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}


def seed_in_subprocess(cameras: int) -> Path:
    subprocess.run([sys.executable, "-m", "benchmarks.seeding", str(cameras)], cwd=ROOT,
                   env=_without_database_url(), check=True)
    return sqlite_file(cameras)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)


def _first_markers_s(browser, base: str) -> float:
    """Seconds from navigation to the first drawn cameras, in a new context (an empty HTTP cache)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    # The machines have no internet: map tiles and anything else off this server are refused at once.
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
    page.goto(base + "/", wait_until="commit")
    page.wait_for_function(DRAWN, timeout=30_000)
    drawn_ms = page.evaluate(DRAWN_AT)
    context.close()
    return drawn_ms / 1000


def measure_browser(db_path: Path, runs: int) -> dict:
    """Time from navigation until the first camera markers or clusters are drawn, real HTTP to gunicorn."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    env = {**_without_database_url(), "SQLITE_PATH": str(db_path), "STATIC_ROOT": str(static_root),
           "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    python = sys.executable
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    gunicorn = shutil.which("gunicorn", path=str(Path(python).parent)) or "gunicorn"
    server = subprocess.Popen(
        [gunicorn, "mapsite.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(port)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            # The first run, reported apart: a server just started (its workers' first requests pay
            # for imports, the URL resolver, templates) and a browser's first renderer.
            first = _first_markers_s(browser, base)
            # Then the workers as a deployed server has them, and runs in a browser already running.
            for _ in range(10):
                for path in WARM_PATHS:
                    urllib.request.urlopen(base + path, timeout=30).read()  # noqa: S310 (our own http:// server)
            times = [_first_markers_s(browser, base) for _ in range(runs)]
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(static_root, ignore_errors=True)
    return {"runs": runs, "first_s": round(first, 3), "p50_s": round(pct(times, 50), 3),
            "p95_s": round(pct(times, 95), 3), "times_s": [round(t, 3) for t in times],
            "server": "gunicorn -w 2 (real HTTP)"}


def run(cameras: int, runs: int) -> dict:
    """Seed (or reuse) the browser's database, measure, and say what was measured."""
    browser = {"cameras": cameras, **measure_browser(seed_in_subprocess(cameras), runs)}
    print(f"\n== Browser ({cameras:,} cameras): first markers, first (cold) run {browser['first_s']} s; "
          f"warm p50 {browser['p50_s']} s, runs {browser['times_s']} ({browser['server']})")
    return browser

