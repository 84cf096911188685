"""Fixtures for the tests of what several workers share."""

from __future__ import annotations

import os

import pytest
from django.conf import settings

from mapsite.lib.deployment import REDIS


@pytest.fixture
def redis_client():
    """A client of the Redis that CACHE_URL names. Without one the test is skipped, except in
    scripts/test's Redis pass (REDIS_REQUIRED=true), where a missing Redis is a failure."""
    cache = settings.CACHES["default"]
    if cache["BACKEND"] != REDIS:
        if os.environ.get("REDIS_REQUIRED") == "true":
            pytest.fail("REDIS_REQUIRED=true but CACHE_URL does not name a Redis server")
        pytest.skip("needs CACHE_URL=redis://... (scripts/test runs these against a Redis it starts)")
    import redis

    client = redis.Redis.from_url(cache["LOCATION"])
    client.ping()
    yield client
    client.close()
