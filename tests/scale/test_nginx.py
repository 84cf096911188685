"""deploy/nginx.conf: nginx accepts it as shipped, and in front of a real gunicorn it keeps
a tile named by its version (and answers it again with gunicorn gone), while a tile that
must be revalidated always goes to the site.

nginx runs in the foreground under a temporary prefix, on a port of its own; the shipped
file is used with only its addresses and paths changed.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import subprocess
import uuid

import pytest

from benchmarks.loadlib import server as srv
from benchmarks.loadlib.nginx import CONFIG, POST_LIMIT, Nginx, binary, main_config, site_config

TILE = "/api/tiles/11/1673/893.json"  # Kowloon and around: demo cameras in clusters
EXPORT = "/export/cameras.csv?include_demo=1"


@pytest.fixture(scope="module")
def nginx() -> str:
    found = binary()
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is not installed (scripts/test installs it under CI=true)")
        pytest.skip("nginx is not installed")
    return found


def test_the_shipped_config_passes_nginx_t(nginx, tmp_path):
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", main_config(tmp_path, site_config(tmp_path)), "-e", "stderr"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


def test_the_config_sends_and_logs_no_client_address():
    lines = [line.split("#")[0] for line in CONFIG.read_text().splitlines()]
    text = "\n".join(lines)
    assert "access_log off;" in text
    assert "log_format" not in text
    for header in ("X-Forwarded-For", "X-Real-IP"):
        assert [line.strip() for line in lines if header in line] == [
            f'proxy_set_header {header} "";'
        ] * text.count("proxy_pass "), f"{header} is cleared in every location and never set"


class Fetched:
    def __init__(self, status: int, headers, body: bytes):
        self.status, self.headers, self.body = status, headers, body


def fetch(port: int, path: str, language: str = "en") -> Fetched:
    """One GET through nginx as a browser sends it (gzip, a language)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept-Encoding": "gzip", "Accept-Language": language})
        response = conn.getresponse()
        return Fetched(response.status, response.headers, response.read())
    finally:
        conn.close()


def site_env(tmp_path) -> dict[str, str]:
    """A migrated SQLite site with its districts, as gunicorn's environment (the config's defaults
    for workers and threads, no shared cache)."""
    env = srv.server_env(
        SQLITE_PATH=str(tmp_path / "site.sqlite3"),
        STATIC_ROOT=str(tmp_path / "static"),
        SECRET_KEY="nginx-test-" + uuid.uuid4().hex,
    )
    for name in ("DATABASE_URL", "CACHE_URL", "THREADS"):
        env.pop(name, None)
    srv.manage(env, "migrate", "--noinput")
    srv.manage(env, "load_districts")
    return env


def test_nginx_keeps_versioned_tiles_and_exports_and_passes_revalidating_ones(nginx, tmp_path):
    env = site_env(tmp_path)
    srv.manage(env, "seed_demo", "--count", "200")
    app = srv.Gunicorn(env, tmp_path / "gunicorn.log", workers=1, threads=2).start()
    proxy = Nginx(tmp_path, upstream=app.port).start()
    port = proxy.port
    try:
        # Without ?v= a tile must be revalidated every time, and its ETag names its version.
        plain = fetch(port, TILE)
        assert plain.status == 200
        assert plain.headers["Cache-Control"] == "public, no-cache"
        version = plain.headers["ETag"].removeprefix("W/").strip('"').rsplit(".", 1)[1]
        named = f"{TILE}?v={version}"

        first = fetch(port, named, "zh-hant")
        assert first.status == 200
        assert first.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert first.headers["Content-Encoding"] == "gzip"
        tile = json.loads(gzip.decompress(first.body))
        assert tile["type"] == "FeatureCollection" and tile["features"], "the demo cameras are in this tile"

        export = fetch(port, EXPORT)
        assert export.status == 200 and export.headers["Cache-Control"] == "public, max-age=300"

        app.stop()  # from here on only nginx's cache can answer
        # An export (about 30 s of a worker at a million cameras) is built once and kept.
        assert (fetch(port, EXPORT, "zh-hant").status, fetch(port, EXPORT).body) == (200, export.body)
        again = fetch(port, named, "en")  # another language, the same bytes
        assert (again.status, again.body) == (200, first.body)
        assert again.headers["ETag"] == first.headers["ETag"]
        assert again.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        # The revalidating tile was not kept: with gunicorn gone nginx has nothing to send.
        assert fetch(port, TILE).status == 502
    finally:
        app.stop()
        proxy.stop()


def test_a_report_goes_through_nginx_to_workers_of_one_request_each(nginx, tmp_path):
    """As deployed: several workers at the config's default of one request each (gunicorn's sync
    worker, mapsite/lib/deployment.threads_for) behind nginx: a resident logs in and reports."""
    env = site_env(tmp_path)
    srv.create_users(env, ["nginx-resident"])
    app = srv.Gunicorn(env, tmp_path / "gunicorn.log", workers=2, threads=None).start()
    proxy = Nginx(tmp_path, upstream=app.port).start()
    try:
        resident = srv.Client(proxy.port, timeout=30)
        resident.login("nginx-resident")
        status, body = resident.post_json(
            "/api/cameras",
            {"latitude": 22.3193, "longitude": 114.1694, "kind": "dome", "operator": "police",
             "submission_token": str(uuid.uuid4())},
        )
        assert status == 201, body
        assert json.loads(body)["properties"]["status"] == "pending"
        workers = [pid for pid in app.pids() if pid != app.proc.pid]
        assert len(workers) == 2
    finally:
        app.stop()
        proxy.stop()


def test_the_load_benchmarks_config_leaves_out_only_the_post_limit(nginx, tmp_path):
    """benchmarks/load.py --nginx runs the shipped file without its per-address POST limit (every
    client there is one address); nginx must still accept it."""
    site = site_config(tmp_path, post_limit=False)
    assert site == site_config(tmp_path).replace(POST_LIMIT, "")
    assert "limit_req zone=" not in site and "limit_req_zone" in site
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", main_config(tmp_path, site), "-e", "stderr"],
        capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
