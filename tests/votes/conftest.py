from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.conftest import PASSWORD


@pytest.fixture
def reporter(db):
    return get_user_model().objects.create_user(username="reporter", password=PASSWORD)


@pytest.fixture
def reporter_client(reporter) -> Client:
    client = Client()
    client.force_login(reporter)
    return client


@pytest.fixture
def residents(db):
    """Factory: residents(n) -> n fresh resident accounts."""
    User = get_user_model()
    counter = {"n": 0}

    def make(n: int) -> list:
        users = []
        for _ in range(n):
            counter["n"] += 1
            users.append(User.objects.create_user(username=f"voter{counter['n']}", password=PASSWORD))
        return users

    return make


@pytest.fixture
def camera(make_camera, reporter):
    return make_camera(reporter=reporter)
