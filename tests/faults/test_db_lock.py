"""The database locked by another writer for longer than the wait allows.

While the lock is held a vote, POST /api/cameras, the report form and log-in
each answer 503 with Retry-After (JSON for the JSON clients, the form kept as
typed for the report page) and save nothing; once it is released the same
requests go through whole.

On SQLite the lock is a raw connection's BEGIN IMMEDIATE and the wait is the
busy timeout; on PostgreSQL it is LOCK TABLE from a second connection and the
wait is lock_timeout. Either way the wait is cut to 0.2 s so the test is quick.
"""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import contextmanager

import orjson
import pytest
from django.db import connection
from django.test import Client

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from tests.helpers import CENTRAL, PASSWORD, SHA_TIN, csrf_token, text
from tests.hostile.conftest import row_counts

pytestmark = pytest.mark.django_db(transaction=True)
WAIT_S = 0.2
NOTES = "On the lamp post by the minibus stop"
API_TOKEN = str(uuid.uuid4())


@contextmanager
def short_wait():
    """Writers give up after WAIT_S instead of the deployment's 20 s."""
    if connection.vendor == "sqlite":
        options = connection.settings_dict["OPTIONS"]
        saved = options.get("timeout")
        connection.close()
        options["timeout"] = WAIT_S
        try:
            yield
        finally:
            connection.close()
            options["timeout"] = saved
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = '{int(WAIT_S * 1000)}ms'")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
    else:
        pytest.skip(f"no write lock to hold on {connection.vendor}")


def _tables() -> list[str]:
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session

    from mapsite.audit.models import AuditEntry
    from mapsite.cameras.models import Camera
    from mapsite.votes.models import Vote

    return [m._meta.db_table for m in (Camera, Vote, AuditEntry, get_user_model(), Session)]


@contextmanager
def write_lock():
    """Another connection holding the write lock until the block ends."""
    if connection.vendor == "sqlite":
        other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
    else:
        import psycopg

        other = psycopg.connect(**connection.get_connection_params())
        # EXCLUSIVE lets plain reads through (as SQLite's WAL does) and stops every write.
        other.execute(f"LOCK TABLE {', '.join(_tables())} IN EXCLUSIVE MODE")
        try:
            yield
        finally:
            other.rollback()
            other.close()


def vote(client, camera):
    return client.post(f"/cameras/{camera.pk}/confirm/", b"{}", content_type="application/json")


def api_report(client):
    token = csrf_token(client)
    body = {"latitude": SHA_TIN[0], "longitude": SHA_TIN[1], "submission_token": API_TOKEN}
    return client.post("/api/cameras", orjson.dumps(body), content_type="application/json",
                       headers={"X-CSRFToken": token})


def page_report(client, token: str):
    return client.post("/report/", {"latitude": CENTRAL[0], "longitude": CENTRAL[1], "direction": "270",
                                    "notes": NOTES, "submission_token": token})


def log_in(client):
    return client.post("/accounts/login/", {"username": "resident", "password": PASSWORD})


def _unavailable_json(response) -> None:
    assert response.status_code == 503, response.content[:300]
    assert response["Retry-After"] == "60"
    assert "json" in response["Content-Type"]
    assert "nothing was saved" in orjson.loads(response.content)["error"]


def test_a_held_write_lock_is_a_503_and_nothing_is_half_saved(districts, make_camera, reporter, resident):
    camera = make_camera(reporter=reporter)
    voter, api_client = Client(), Client(enforce_csrf_checks=True)
    voter.force_login(resident)
    api_client.force_login(resident)
    page_token = str(uuid.uuid4())
    before = row_counts()

    with short_wait():
        with write_lock():
            _unavailable_json(vote(voter, camera))
            _unavailable_json(api_report(api_client))

            response = page_report(voter, page_token)
            assert response.status_code == 503
            assert response["Retry-After"] == "60"
            page = text(response)
            assert "your report is not saved yet" in page
            assert NOTES in page and 'value="270"' in page and page_token in page

            response = log_in(Client())
            assert response.status_code == 503
            assert response["Retry-After"] == "60"
            assert "nothing was saved" in text(response)
            assert row_counts() == before

        # The lock is gone: the very same requests now go through.
        assert vote(voter, camera).status_code == 200
        assert api_report(api_client).status_code == 201
        assert page_report(voter, page_token).status_code == 302
        assert log_in(Client()).status_code == 302

    after = row_counts()
    assert after["Camera"] == before["Camera"] + 2
    assert after["Vote"] == before["Vote"] + 1
    # Every camera made has its "reported" audit entry: nothing stopped half-way.
    for made in Camera.objects.exclude(pk=camera.pk):
        assert AuditEntry.objects.filter(camera=made, action=AuditEntry.Action.REPORTED).count() == 1
