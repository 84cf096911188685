"""Rate limits held in Redis (CACHE_URL): one limit however many processes count it, and
nothing in Redis that names a visitor.

Two gunicorns, each with one worker, stand for several workers or machines behind a proxy:
requests alternate between them, so each process sees every other request. (Inside one
gunicorn the kernel decides which worker accepts a connection, so a test could not be
sure both had counted.)
"""

from __future__ import annotations

import contextlib
import itertools
import uuid
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client

from benchmarks.loadlib import server as srv
from mapsite.lib.deployment import cache_config
from tests.helpers import solve_challenge

pytestmark = pytest.mark.redis

LIMIT = 3  # sign-ups per network an hour, in the servers below
CLIENT_ADDR = "198.51.100.23"


def sign_up(port: int) -> int:
    """A visitor's whole sign-up on the server at `port`: the form, its challenge, the post."""
    client = srv.Client(port, timeout=30)
    status, page = client.get("/accounts/signup/")
    assert status == 200
    password = "wide harbour lantern 47"
    form = {
        "csrfmiddlewaretoken": client.cookies["csrftoken"],
        "username": "u" + uuid.uuid4().hex[:12],
        "password1": password,
        "password2": password,
        "altcha": solve_challenge(page.decode()),
    }
    status, _ = client.request(
        "POST", "/accounts/signup/", urlencode(form).encode(), {"Content-Type": "application/x-www-form-urlencoded"}
    )
    client.close()
    return status


@contextlib.contextmanager
def two_servers(tmp_path, name: str, **env: str):
    base = srv.server_env(
        SQLITE_PATH=str(tmp_path / "site.sqlite3"),
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        SECRET_KEY="shared-by-both-" + uuid.uuid4().hex,  # the machines of one site share it
        RATELIMIT_ENABLE="true",
        SIGNUP_RATE_NETWORK=f"{LIMIT}/h",
        SIGNUP_CHALLENGE_MAX_NUMBER="1000",
        ALLOW_UNSAFE_WORKERS="0",
    )
    for variable in ("DATABASE_URL", "CACHE_URL"):
        base.pop(variable, None)
    base.update(env)
    if not (tmp_path / "site.sqlite3").exists():
        srv.manage(base, "migrate", "--noinput")
    servers = [srv.Gunicorn(base, tmp_path / f"{name}-{i}.log", workers=1, threads=2) for i in (1, 2)]
    try:
        for server in servers:
            server.start()
        yield [server.port for server in servers]
    finally:
        for server in servers:
            server.stop()


def outcomes(ports: list[int], attempts: int) -> list[int]:
    return [sign_up(port) for port, _ in zip(itertools.cycle(ports), range(attempts), strict=False)]


def test_one_sign_up_limit_holds_across_two_servers(tmp_path, redis_client):
    with two_servers(tmp_path, "redis", CACHE_URL=settings.CACHES["default"]["LOCATION"]) as ports:
        assert outcomes(ports, LIMIT + 2) == [302] * LIMIT + [429, 429]


def test_without_the_shared_cache_each_server_counts_alone(tmp_path, redis_client):
    """The same two servers on the in-process cache let twice the limit through: what the
    test above guards against (and the start-up check refuses for several workers)."""
    with two_servers(tmp_path, "locmem") as ports:
        assert outcomes(ports, 2 * LIMIT + 1) == [302] * (2 * LIMIT) + [429]


def test_rate_limit_counters_in_redis_are_digests_that_expire(redis_client, settings, db):
    settings.LOGIN_RATE_NETWORK = "2/15m"
    visitor = Client(REMOTE_ADDR=CLIENT_ADDR)
    for _ in range(2):
        assert visitor.post("/accounts/login/", {"username": "nobody", "password": "wrong"}).status_code == 200
    assert visitor.post("/accounts/login/", {"username": "nobody", "password": "wrong"}).status_code == 429

    keys = list(redis_client.scan_iter())
    assert keys, "the limit should have counted in Redis"
    for key in keys:
        assert CLIENT_ADDR.encode() not in key
        assert b"nobody" not in key
        value = redis_client.dump(key) or b""
        assert CLIENT_ADDR.encode() not in value and b"nobody" not in value
        # Each counter expires with its window (django-ratelimit adds a few seconds).
        assert 0 < redis_client.ttl(key) <= 15 * 60 + 5, key


def test_a_cache_that_stops_answering_is_a_503_to_retry(settings, db):
    """Redis gone: a rate-limited form answers 503 with Retry-After (a passing fault, as a
    busy database is), not a 500. Needs no Redis: it names one that is not there."""
    original = settings.CACHES
    settings.CACHES = {"default": cache_config(f"redis://127.0.0.1:{srv.free_port()}/0")}
    try:
        response = Client().post("/accounts/login/", {"username": "nobody", "password": "wrong"})
    finally:
        settings.CACHES = original
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Something went wrong" not in response.content.decode()
