"""deploy/nginx.conf run for real: in the foreground under a temporary prefix, on a port of its
own, in front of a gunicorn (loadlib.server.Gunicorn). The shipped file is used with only its
addresses and paths changed, and, for a load run from one address, its limit on POSTs per
address left out (the site's own limits are off in such a run too)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from benchmarks.loadlib.server import ROOT, cpu_seconds, free_port, group_pids, listening

CONFIG = ROOT / "deploy" / "nginx.conf"
POST_LIMIT = "    limit_req zone=mapsite_posts burst=30 nodelay;\n"


def binary() -> str | None:
    return shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)


def site_config(prefix: Path, *, listen: int | None = None, upstream: int | None = None, post_limit=True) -> str:
    """The shipped file with its cache and log under `prefix`, and optionally its ports."""
    text = CONFIG.read_text()
    changes = {
        "/var/cache/nginx/mapsite": str(prefix / "cache"),
        "/var/log/nginx/mapsite-error.log": str(prefix / "site-error.log"),
    }
    if listen is not None:
        changes["listen 80;"] = f"listen 127.0.0.1:{listen};"
        changes["listen [::]:80;"] = ""
    if upstream is not None:
        changes["server 127.0.0.1:8000;"] = f"server 127.0.0.1:{upstream};"
    if not post_limit:
        changes[POST_LIMIT] = ""
    for old, new in changes.items():
        if text.count(old) != 1:
            raise AssertionError(f"deploy/nginx.conf should say {old!r} once")
        text = text.replace(old, new)
    return text


def main_config(prefix: Path, site: str) -> str:
    (prefix / "site.conf").write_text(site)
    # As root, nginx's workers would run as nobody, who cannot enter a private tmp directory.
    user = "user root;\n" if os.geteuid() == 0 else ""
    main = prefix / "nginx.conf"
    main.write_text(
        f"{user}pid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  include {prefix}/site.conf;\n}}\n"
    )
    return str(main)


class Nginx:
    def __init__(self, prefix: Path, upstream: int, *, post_limit: bool = True):
        prefix.mkdir(parents=True, exist_ok=True)
        self.prefix, self.port = prefix, free_port()
        self.conf = main_config(prefix, site_config(prefix, listen=self.port, upstream=upstream, post_limit=post_limit))
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 20) -> Nginx:
        self.proc = subprocess.Popen(
            [binary() or "nginx", "-p", str(self.prefix), "-c", self.conf, "-g", "daemon off;",
             "-e", str(self.prefix / "stderr.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        if listening(self.proc, self.port, timeout):
            return self
        if self.proc.poll() is not None:
            raise RuntimeError(f"nginx exited: {(self.prefix / 'stderr.log').read_text(errors='replace')}")
        self.stop()
        raise RuntimeError("nginx did not listen")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)

    def cpu_seconds(self) -> float:
        return cpu_seconds(group_pids(self.proc.pid)) if self.proc else 0.0
