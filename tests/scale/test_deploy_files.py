"""deploy/: the systemd units are valid and start what docs/deploy.md says, and every
variable the example environment sets is one the site reads."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from benchmarks.loadlib import server as srv

DEPLOY = srv.ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").iterdir())


def unit(name: str) -> str:
    return (DEPLOY / "systemd" / name).read_text()


def test_the_units_pass_systemd_analyze_verify(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    done = subprocess.run([analyze, "verify", "--man=no", *map(str, UNITS)], capture_output=True, text=True)
    # The one thing it cannot find here is the deployment's own virtualenv.
    problems = [line for line in done.stderr.splitlines() if line and "/srv/mapsite/.venv/bin/" not in line]
    assert problems == []


def test_gunicorn_runs_with_the_sites_config_and_no_access_log():
    start = next(line for line in unit("mapsite.service").splitlines() if line.startswith("ExecStart="))
    assert "--config mapsite/gunicorn_conf.py" in start
    assert "--bind 127.0.0.1:8000" in start  # where deploy/nginx.conf's upstream points
    for flag in ("--access-logfile", "--log-level", "--workers", "--threads"):
        assert flag not in start
    assert "server 127.0.0.1:8000;" in (DEPLOY / "nginx.conf").read_text()


def test_the_timer_runs_the_publication_every_five_minutes():
    assert "ExecStart=/srv/mapsite/.venv/bin/python manage.py publish" in unit("mapsite-publish.service")
    assert "OnCalendar=*:0/5" in unit("mapsite-publish.timer")


def test_every_variable_in_the_example_environment_is_read_by_the_site():
    example = (DEPLOY / "env.example").read_text()
    names = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, re.MULTILINE))
    source = "\n".join(p.read_text() for p in (srv.ROOT / "mapsite").rglob("*.py"))
    read = set(re.findall(r'"([A-Z][A-Z0-9_]+)"', source))  # env_str("NAME") and the tables of names
    assert names, "the example sets variables"
    assert names - read == set()
