"""The server killed (SIGKILL, master and workers) in the middle of a burst of camera reports.

Everything runs in subprocesses on a SQLite file of its own: a real gunicorn cannot see
pytest-django's test database, and a kill -9 has to hit a real process. After the crash the
server is started again on the same file; then every 201 the clients received must be a row
(with the submission token that made it), the votes and the tile/district counters must equal
a fresh recount, and SQLite must find the file intact.
"""

from __future__ import annotations

import http.client
import json
import random
import sqlite3
import threading
import time
import uuid

from benchmarks.loadlib import server as srv
from benchmarks.loadlib.server import Client, Gunicorn

MONG_KOK = (22.3193, 114.1694)
USERS = [f"crash-writer-{i}" for i in range(3)]
THREADS_PER_USER = 3
KILL_AFTER = 40  # 201s received before the kill: enough rows that a lost commit would show
BURST_SECONDS = 20


def report(client: Client, rng: random.Random) -> tuple[int, dict, str]:
    token = str(uuid.uuid4())
    lat = MONG_KOK[0] + rng.uniform(-0.004, 0.004)
    lon = MONG_KOK[1] + rng.uniform(-0.004, 0.004)
    body = {"latitude": lat, "longitude": lon, "kind": "dome", "submission_token": token, "confirm_different": True}
    status, data = client.post_json("/api/cameras", body)
    return status, (json.loads(data) if status == 201 else {}), token


def burst(client: Client, seed: int, created: dict, lock: threading.Lock, failures: list, stop):
    rng = random.Random(seed)
    deadline = time.monotonic() + BURST_SECONDS
    for _ in range(2000):
        if stop.is_set() or time.monotonic() > deadline:
            return
        try:
            status, feature, token = report(client, rng)
        except (OSError, http.client.HTTPException) as exc:  # the kill: reset, refused or cut short
            failures.append(type(exc).__name__)
            return
        if status == 201:
            with lock:
                created[feature["id"]] = token
        else:
            failures.append(status)


def test_every_201_survives_a_kill_mid_burst(tmp_path):
    db = tmp_path / "crash.sqlite3"
    env = srv.server_env(
        SQLITE_PATH=str(db),
        SECRET_KEY="crash-test-" + uuid.uuid4().hex,
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    # The suite's PostgreSQL pass sets DATABASE_URL; this test is about a file the kill can hit.
    env.pop("DATABASE_URL", None)
    srv.manage(env, "migrate", "--noinput")
    srv.manage(env, "load_districts")
    srv.create_users(env, USERS)

    server = Gunicorn(env, tmp_path / "gunicorn.log", workers=2, threads=4).start()
    created: dict[int, str] = {}
    failures: list = []
    lock, stop = threading.Lock(), threading.Event()
    try:
        sessions = [Client(server.port, timeout=15) for _ in USERS]
        for session, name in zip(sessions, USERS, strict=True):
            session.login(name)
        threads = [
            threading.Thread(target=burst, args=(session.clone(), i, created, lock, failures, stop))
            for i, session in enumerate(sessions * THREADS_PER_USER)
        ]
        for t in threads:
            t.start()
        deadline = time.monotonic() + BURST_SECONDS
        while len(created) < KILL_AFTER and time.monotonic() < deadline:
            time.sleep(0.01)
        workers = len(server.pids()) - 1
        server.kill()
        killed_at = len(created)
        stop.set()
        for t in threads:
            t.join(20)
    finally:
        stop.set()
        server.kill()

    assert killed_at >= KILL_AFTER, f"only {killed_at} cameras were created before the deadline: {failures}"
    assert workers >= 1, "the kill hit the workers too"
    # The kill interrupted the burst: the writers still running saw their connection fail.
    assert any(isinstance(f, str) for f in failures), failures
    assert not [f for f in failures if isinstance(f, int)], f"refusals before the kill: {failures}"

    restarted = Gunicorn(env, tmp_path / "gunicorn.log", workers=2, threads=4).start()
    try:
        client = Client(restarted.port)
        client.login(USERS[0])
        status, after, token = report(client, random.Random(99))
        assert status == 201, "the restarted server accepts reports"
        created[after["id"]] = token
        for camera_id in random.Random(1).sample(sorted(created), 10):
            assert client.get(f"/api/cameras/{camera_id}.geojson")[0] == 200
    finally:
        restarted.stop()

    connection = sqlite3.connect(db)
    try:
        cursor = connection.cursor()
        assert cursor.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert srv.missing_rows(cursor, created) == []
        assert srv.vote_drift(cursor) == []
        assert srv.counter_drift(cursor) == {"cells": [], "districts": []}
        # Rows the clients never heard about (committed as the kill landed) are allowed, and counted.
        total = cursor.execute("SELECT count(*) FROM cameras_camera").fetchone()[0]
        assert len(created) <= total <= len(created) + len(threads)
    finally:
        connection.close()
