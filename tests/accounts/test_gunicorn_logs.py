"""No client address reaches gunicorn's output, even in its own warnings."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.loadlib.server import free_port, listening

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
IP = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b|\b[0-9a-f]{0,4}::[0-9a-f:]*\b|::1", re.IGNORECASE)


def send(port: int, payload: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(payload)
        return s.recv(200)


def test_scripts_serve_uses_the_scrubbing_config():
    serve = (ROOT / "scripts" / "serve").read_text()
    assert "--config mapsite/gunicorn_conf.py" in serve
    # Nothing on the command line overrides the config's logging.
    for flag in ("--log-level", "--access-logfile", "--logger-class", "--log-config"):
        assert flag not in serve


def test_gunicorn_warnings_carry_no_address(tmp_path):
    port = free_port()
    env = {**os.environ, "SQLITE_PATH": str(tmp_path / "db.sqlite3"), "STATIC_ROOT": str(tmp_path)}
    proc = subprocess.Popen(
        [str(GUNICORN), "mapsite.wsgi", "--config", "mapsite/gunicorn_conf.py", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--threads", "2"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        assert listening(proc, port, 10), "gunicorn did not start"
        assert b"414" in send(port, b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert b"400" in send(port, b"G(T / HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert send(port, b"GET /static/none.css HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        time.sleep(0.5)  # let the worker write its warnings
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=10)
    output = out.decode() + err.decode()
    assert "Invalid request from ip=[address]" in output  # the warnings were provoked and kept
    assert "127.0.0.1" not in output
    assert IP.findall(output) == []
