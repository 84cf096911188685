"""What a deployment may run on: the shared cache's URL, and how many gunicorn workers are safe.

Several workers need two things that one process gets for free: a database that lets
several processes write at once (PostgreSQL, not SQLite) and a cache they all see
(Redis, not each process's memory), or every rate limit lets WORKERS times as much
through. gunicorn's start-up hook (mapsite/gunicorn_conf.py) asks `refuse_unsafe_workers`
before any worker starts, so a deployment that lacks either is stopped with a message
rather than quietly weakened.
"""

from __future__ import annotations

import gc
import os
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from mapsite.lib.env import env_bool, env_int, env_str

LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
REDIS = "django.core.cache.backends.redis.RedisCache"
# Caches each process keeps to itself: a limit counted in one is unknown to the others.
IN_PROCESS_CACHES = {LOCMEM, "django.core.cache.backends.dummy.DummyCache"}
OVERRIDE = "ALLOW_UNSAFE_WORKERS"


def cache_config(url: str) -> dict[str, Any]:
    """The default cache for CACHE_URL: in-process memory when empty, else Redis.

    Redis waits at most a couple of seconds for a connection or an answer, so a
    Redis that has gone away makes a request fail rather than hang a worker.
    """
    if not url or url == "locmem://":
        return {"BACKEND": LOCMEM, "LOCATION": "mapsite"}
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix") or not (parts.netloc or parts.path):
        raise ImproperlyConfigured(
            f"CACHE_URL={url!r} is invalid: expected redis://host:port/db, rediss://... or unix:///path"
        )
    return {
        "BACKEND": REDIS,
        "LOCATION": url,
        "KEY_PREFIX": "mapsite",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }


def photo_storage_config(kind: str) -> dict[str, Any]:
    """The "photos" storage: files under MEDIA_ROOT ("local"), or an S3-compatible bucket ("s3")
    that every machine shares, named by the PHOTO_S3_* variables. The bucket stays private (no
    ACL is set): photos reach the public only through the view that checks approval."""
    if kind == "local":
        # No location: FileSystemStorage follows MEDIA_ROOT, also when a test changes it.
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"PHOTO_STORAGE={kind!r} is invalid: expected local or s3")
    bucket = env_str("PHOTO_S3_BUCKET")
    if not bucket:
        raise ImproperlyConfigured("PHOTO_STORAGE=s3 needs PHOTO_S3_BUCKET")
    options = {
        "bucket_name": bucket,
        "location": env_str("PHOTO_S3_PREFIX"),
        # Never replace a stored photo: a name taken gets another (as O_EXCL does on disk).
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": True,
    }
    # Unset, boto3 finds credentials and the region as it always does (environment, instance role).
    for option, variable in (
        ("endpoint_url", "PHOTO_S3_ENDPOINT_URL"),
        ("region_name", "PHOTO_S3_REGION"),
        ("access_key", "PHOTO_S3_ACCESS_KEY_ID"),
        ("secret_key", "PHOTO_S3_SECRET_ACCESS_KEY"),
        ("addressing_style", "PHOTO_S3_ADDRESSING_STYLE"),
    ):
        if value := env_str(variable):
            options[option] = value
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def cache_faults() -> tuple[type[BaseException], ...]:
    """What a shared cache raises when it cannot answer (Redis gone, a timeout): a passing
    fault, answered 503 like a busy database (mapsite/core/middleware.py)."""
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # no Redis client installed: the in-process cache cannot fail so
        return ()
    return (RedisConnectionError, RedisTimeoutError)


def unsafe_workers(workers: int, database_engine: str, cache_backend: str) -> list[str]:
    """Why `workers` processes are unsafe on this database and cache (empty when they are safe):
    the engine and backend are the dotted paths of settings.DATABASES and settings.CACHES."""
    if workers <= 1:
        return []
    problems = []
    if database_engine.endswith("sqlite3"):
        problems.append(
            f"{workers} workers on SQLite: SQLite lets one process write at a time, so the workers' "
            "writers queue on its lock for seconds and some fail with 'database is locked'. "
            "Run one worker with threads (scripts/serve does), or set DATABASE_URL to PostgreSQL."
        )
    if cache_backend in IN_PROCESS_CACHES:
        problems.append(
            f"{workers} workers on the in-process cache: each worker would count rate limits "
            f"on its own, so every limit would let up to {workers} times as much through. "
            "Set CACHE_URL=redis://host:port/0 so the workers share one cache."
        )
    return problems


def refuse_unsafe_workers(workers: int) -> None:
    """Raise RuntimeError (gunicorn prints it and exits 1) if `workers` is unsafe here,
    unless ALLOW_UNSAFE_WORKERS=1 says it is meant (a benchmark, a test of the failure)."""
    from django.conf import settings

    problems = unsafe_workers(
        workers, settings.DATABASES["default"]["ENGINE"], settings.CACHES["default"]["BACKEND"]
    )
    if problems and not env_bool(OVERRIDE, False):
        raise RuntimeError(
            "refusing to start: " + " ".join(problems) + f" ({OVERRIDE}=1 starts anyway, on purpose.)"
        )


def default_workers() -> int:
    """WORKERS if set; otherwise 2 x cores where several workers are safe, else 1."""
    from django.conf import settings

    return workers_for(settings.DATABASES["default"]["ENGINE"], settings.CACHES["default"]["BACKEND"])


def workers_for(database_engine: str, cache_backend: str) -> int:
    safe = not unsafe_workers(2, database_engine, cache_backend)
    return env_int("WORKERS", 2 * (os.cpu_count() or 1) if safe else 1, minimum=1)


def threads_for(workers: int) -> int:
    """THREADS if set; otherwise 8 for a lone worker, 1 for each of several.

    A lone worker needs threads to serve more than one visitor at a time. Several workers run
    behind nginx (docs/deploy.md), which reads each request whole before passing it on, so a
    slow client never holds a worker; one request per process then means requests are served in
    the order they came, without threads of a process taking turns on its one interpreter lock
    (BENCHMARKS.md: saturated through nginx, report p99 263-277 ms this way, 723-880 ms with 4 threads)."""
    return env_int("THREADS", 8 if workers == 1 else 1, minimum=1)


def settle_heap() -> None:
    """Take what a worker built at start (modules, classes, settings, the app registry) out of
    the garbage collector's reach: a full collection then scans only what requests have made
    since. Without it, the request that happens to trigger a full collection pays for scanning
    the whole of Django, about 35 ms (seen as one request in ten at 50 ms in the queue
    benchmark). Called once a worker has loaded the site (gunicorn_conf.post_worker_init)."""
    gc.collect()
    gc.freeze()
