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
import shutil
import socket
import subprocess
import time
import uuid

import pytest

from benchmarks.loadlib import server as srv

CONFIG = srv.ROOT / "deploy" / "nginx.conf"
TILE = "/api/tiles/11/1673/893.json"  # Kowloon and around: demo cameras in clusters


@pytest.fixture(scope="module")
def nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is not installed (scripts/test installs it under CI=true)")
        pytest.skip("nginx is not installed")
    return found


def site_config(tmp_path, *, listen: int | None = None, upstream: int | None = None) -> str:
    """The shipped file with its cache and log under tmp_path, and optionally its ports."""
    text = CONFIG.read_text()
    changes = {
        "/var/cache/nginx/mapsite": str(tmp_path / "cache"),
        "/var/log/nginx/mapsite-error.log": str(tmp_path / "site-error.log"),
    }
    if listen is not None:
        changes["listen 80;"] = f"listen 127.0.0.1:{listen};"
        changes["listen [::]:80;"] = ""
    if upstream is not None:
        changes["server 127.0.0.1:8000;"] = f"server 127.0.0.1:{upstream};"
    for old, new in changes.items():
        assert text.count(old) == 1, f"deploy/nginx.conf should say {old!r} once"
        text = text.replace(old, new)
    return text


def main_config(tmp_path, site: str) -> str:
    (tmp_path / "site.conf").write_text(site)
    # As root, nginx's workers would run as nobody, who cannot enter pytest's private tmp directory.
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"{user}pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    return str(main)


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
        ] * 3, f"{header} is cleared in every location and never set"


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "nginx exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("nginx did not listen")


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


def test_nginx_keeps_versioned_tiles_and_passes_revalidating_ones(nginx, tmp_path):
    env = srv.server_env(
        SQLITE_PATH=str(tmp_path / "site.sqlite3"),
        STATIC_ROOT=str(tmp_path / "static"),
        SECRET_KEY="nginx-test-" + uuid.uuid4().hex,
    )
    env.pop("DATABASE_URL", None)
    env.pop("CACHE_URL", None)
    srv.manage(env, "migrate", "--noinput")
    srv.manage(env, "load_districts")
    srv.manage(env, "seed_demo", "--count", "200")
    app = srv.Gunicorn(env, tmp_path / "gunicorn.log", workers=1, threads=2).start()
    port = srv.free_port()
    conf = main_config(tmp_path, site_config(tmp_path, listen=port, upstream=app.port))
    proxy = subprocess.Popen(
        [nginx, "-p", str(tmp_path), "-c", conf, "-g", "daemon off;", "-e", str(tmp_path / "stderr.log")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        wait_for_port(port, proxy)
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

        app.stop()  # from here on only nginx's cache can answer
        again = fetch(port, named, "en")  # another language, the same bytes
        assert (again.status, again.body) == (200, first.body)
        assert again.headers["ETag"] == first.headers["ETag"]
        assert again.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        # The revalidating tile was not kept: with gunicorn gone nginx has nothing to send.
        assert fetch(port, TILE).status == 502
    finally:
        app.stop()
        proxy.terminate()
        proxy.wait(10)
