"""How many gunicorn workers may start: several only on PostgreSQL with a shared cache.

The refusals are checked as an operator meets them: gunicorn started with the site's
config exits before any worker runs, naming what is wrong and the way out.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from benchmarks.loadlib import server as srv
from mapsite.lib.deployment import LOCMEM, REDIS, cache_config, threads_for, unsafe_workers, workers_for

PG_URL = "postgres://mapsite:mapsite@127.0.0.1:5432/unused"  # parsed, never connected to
SQLITE = "django.db.backends.sqlite3"
POSTGRES = "django.db.backends.postgresql"


def gunicorn_env(tmp_path, **env: str) -> dict[str, str]:
    base = srv.server_env(SQLITE_PATH=str(tmp_path / "db.sqlite3"), STATIC_ROOT=str(tmp_path / "static"))
    for name in ("DATABASE_URL", "CACHE_URL", "WORKERS", "ALLOW_UNSAFE_WORKERS"):
        base.pop(name, None)
    return {**base, **env}


def start_gunicorn(env: dict[str, str], workers: int) -> subprocess.CompletedProcess:
    """gunicorn as scripts/serve runs it; a refused start ends on its own within seconds."""
    args = [str(srv.BIN / "gunicorn"), "mapsite.wsgi", "--config", "mapsite/gunicorn_conf.py"]
    args += ["--bind", f"127.0.0.1:{srv.free_port()}", "--workers", str(workers)]
    return subprocess.run(args, cwd=srv.ROOT, env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("database", "cache", "expected"),
    [
        ({}, {}, ["2 workers on SQLite", "2 workers on the in-process cache"]),
        ({"DATABASE_URL": PG_URL}, {}, ["2 workers on the in-process cache"]),
        ({}, {"CACHE_URL": "redis://127.0.0.1:1/0"}, ["2 workers on SQLite"]),
    ],
    ids=["sqlite-locmem", "postgres-locmem", "sqlite-redis"],
)
def test_several_workers_where_unsafe_are_refused_at_start(tmp_path, database, cache, expected):
    done = start_gunicorn(gunicorn_env(tmp_path, **database, **cache), workers=2)
    assert done.returncode == 1
    assert "refusing to start" in done.stderr
    assert "ALLOW_UNSAFE_WORKERS=1 starts anyway" in done.stderr
    for problem in ["2 workers on SQLite", "2 workers on the in-process cache"]:
        assert (problem in done.stderr) == (problem in expected), done.stderr


def test_the_override_starts_several_workers_on_purpose(tmp_path):
    server = srv.Gunicorn(gunicorn_env(tmp_path, ALLOW_UNSAFE_WORKERS="1"), tmp_path / "g.log", workers=2)
    srv.manage(server.env, "migrate", "--noinput")
    server.start()
    try:
        assert len(server.pids()) == 3  # the master and two workers
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("workers", "engine", "backend", "problems"),
    [
        (1, SQLITE, LOCMEM, 0),
        (1, POSTGRES, LOCMEM, 0),
        (2, POSTGRES, REDIS, 0),
        (16, POSTGRES, REDIS, 0),
        (2, POSTGRES, "django.core.cache.backends.dummy.DummyCache", 1),
        (2, SQLITE, REDIS, 1),
        (2, SQLITE, LOCMEM, 2),
    ],
)
def test_which_combinations_are_safe(workers, engine, backend, problems):
    assert len(unsafe_workers(workers, engine, backend)) == problems


def test_workers_default_to_one_on_sqlite_and_two_per_core_where_safe(monkeypatch):
    monkeypatch.delenv("WORKERS", raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 3)
    assert workers_for(SQLITE, REDIS) == 1
    assert workers_for(POSTGRES, LOCMEM) == 1
    assert workers_for(POSTGRES, REDIS) == 6
    monkeypatch.setenv("WORKERS", "3")
    assert workers_for(POSTGRES, REDIS) == 3
    assert workers_for(SQLITE, LOCMEM) == 3  # asked for: the start-up check then refuses it
    monkeypatch.setenv("WORKERS", "0")
    with pytest.raises(ImproperlyConfigured, match="WORKERS"):
        workers_for(POSTGRES, REDIS)


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("", LOCMEM),
        ("locmem://", LOCMEM),
        ("redis://127.0.0.1:6379/0", REDIS),
        ("rediss://cache.internal:6380/1", REDIS),
    ],
)
def test_cache_url_chooses_the_backend(url, backend):
    assert cache_config(url)["BACKEND"] == backend


@pytest.mark.parametrize("url", ["memcached://127.0.0.1:11211", "redis://", "127.0.0.1:6379"])
def test_a_malformed_cache_url_stops_the_site(url):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_config(url)


def test_the_old_cache_variables_stop_the_site(tmp_path):
    env = gunicorn_env(tmp_path, CACHE_BACKEND="django.core.cache.backends.locmem.LocMemCache")
    done = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=srv.ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1
    assert "CACHE_BACKEND is no longer read: set CACHE_URL" in done.stderr


def test_a_worker_takes_what_it_loaded_out_of_the_collectors_reach(monkeypatch):
    import gc

    from mapsite import gunicorn_conf
    from mapsite.publication import scheduler

    monkeypatch.setattr(scheduler, "start", lambda: None)
    assert gc.get_freeze_count() == 0
    try:
        gunicorn_conf.post_worker_init(worker=None)
        assert gc.get_freeze_count() > 10_000  # Django and the site's modules, at the least
    finally:
        gc.unfreeze()


def test_a_lone_worker_has_threads_and_several_serve_one_request_each(monkeypatch):
    monkeypatch.delenv("THREADS", raising=False)
    assert threads_for(1) == 8
    assert threads_for(4) == 1  # gunicorn's sync worker, behind nginx's buffering (docs/deploy.md)
    monkeypatch.setenv("THREADS", "3")
    assert threads_for(4) == 3
    monkeypatch.setenv("THREADS", "0")
    with pytest.raises(ImproperlyConfigured, match="THREADS"):
        threads_for(1)
