#!/usr/bin/env python
"""Load over real HTTP: writers and readers against gunicorn on 127.0.0.1, then consistency checks.

    .venv/bin/python benchmarks/load.py                          # SQLite, 20 writers, 50 readers, 60 s
    .venv/bin/python benchmarks/load.py --database postgres      # scratch PostgreSQL database mapsite_load
    DATABASE_URL=postgres://u:p@127.0.0.1:5432/x_load .venv/bin/python benchmarks/load.py
    .venv/bin/python benchmarks/load.py --writers 5 --readers 10 --seconds 10 --workers 2 --json out.json
    .venv/bin/python benchmarks/load.py --database postgres --workers 4 --threads 4 --nginx  # as deployed

It builds its own scratch database (SQLite: benchmarks/.data/load.sqlite3, replaced on every run;
PostgreSQL: a database whose name contains "load", dropped and recreated), migrates, loads the
districts, seeds demo cameras, creates one account per writer, starts gunicorn as scripts/serve
does, runs the load, stops gunicorn and compares what the clients were told with the database:
lost writes (201s without a row), lost votes, each camera's vote counts against its Vote rows and
the tile/district counters against a fresh recount. Rate limits are off (RATELIMIT_ENABLE=false):
20 writers on one address would otherwise be refused by design after 120 reports an hour.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import random
import resource
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"
sys.path.insert(0, str(ROOT))

from benchmarks.loadlib import server as srv  # noqa: E402
from benchmarks.loadlib.nginx import Nginx  # noqa: E402
from benchmarks.loadlib.report import expected, report  # noqa: E402  (needs ROOT on sys.path)

PG_URL = "postgres://mapsite:mapsite@127.0.0.1:5432/mapsite_load"
MAX_REQUESTS = 1_000_000  # per client thread: a bound besides the clock
# What a map visitor's browser asks for, roughly: mostly tiles (with the ?v= the map adds),
# camera pages, the region versions' poll, the district shading now and then.
READS = (("tile", 60), ("camera_page", 25), ("version", 10), ("districts", 5))


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120, **kw)


def scratch_postgres() -> str:
    """Recreate mapsite_load, owned by the role scripts/test uses (created if missing)."""
    subprocess.run(["pg_ctlcluster", "15", "main", "start"], capture_output=True, timeout=60)
    psql = ["runuser", "-u", "postgres", "--", "psql", "-q", "-tAc"]
    if "1" not in run([*psql, "SELECT 1 FROM pg_roles WHERE rolname='mapsite'"]).stdout:
        run([*psql, "CREATE ROLE mapsite LOGIN CREATEDB PASSWORD 'mapsite'"])
    run(["runuser", "-u", "postgres", "--", "dropdb", "--if-exists", "mapsite_load"])
    run(["runuser", "-u", "postgres", "--", "createdb", "-O", "mapsite", "mapsite_load"])
    return PG_URL


def reset_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def prepare(args) -> dict[str, str]:
    DATA.mkdir(exist_ok=True)
    (DATA / "load-static").mkdir(exist_ok=True)
    env = srv.server_env(STATIC_ROOT=str(DATA / "load-static"), MEDIA_ROOT=str(DATA / "load-media"))
    if args.database == "sqlite":
        env.pop("DATABASE_URL", None)
        db = DATA / "load.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        env["SQLITE_PATH"] = str(db)
    else:
        url = os.environ.get("DATABASE_URL")
        if url:
            if "load" not in urlsplit(url).path:
                sys.exit('DATABASE_URL must name a scratch database whose name contains "load": it is emptied')
            reset_postgres(url)
        else:
            url = scratch_postgres()
        env["DATABASE_URL"] = url
    step = time.monotonic()
    srv.manage(env, "migrate", "--noinput")
    srv.manage(env, "load_districts")
    srv.manage(env, "seed_demo", "--count", str(args.seed_count), "--seed", "1")
    srv.create_users(env, [f"load-writer-{i}" for i in range(args.writers)])
    print(f"database ready in {time.monotonic() - step:.1f} s", flush=True)
    return env


def django_setup(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def world(args) -> dict:
    """What the clients pick from: seeded cameras (pages, tile anchors) and report positions that
    the district lookup places in Hong Kong (near seeded cameras, so they land where people live)."""
    from django.db import connections

    from mapsite.cameras.models import Camera
    from mapsite.districts.lookup import district_codes_at

    rng = random.Random(2)
    seeded = list(Camera.objects.values_list("id", "latitude", "longitude"))
    trial = [(lat + rng.uniform(-0.002, 0.002), lon + rng.uniform(-0.002, 0.002)) for _, lat, lon in seeded]
    points = [p for p, code in zip(trial, district_codes_at(trial), strict=True) if code]
    connections.close_all()
    return {"seeded": seeded, "points": points, "kinds": Camera.Kind.values, "operators": Camera.Operator.values}


class Recorder:
    """One thread's figures: latencies per request type and outcomes (status or exception name)."""

    def __init__(self):
        self.times: dict[str, list[float]] = defaultdict(list)
        self.outcomes: dict[str, Counter] = defaultdict(Counter)
        self.samples: list[str] = []  # a few unexpected answers, to say what went wrong

    def timed(self, kind: str, call):
        start = time.perf_counter()
        try:
            status, body = call()
        except (OSError, http.client.HTTPException) as exc:  # timeouts, resets: errors, by name
            status, body = type(exc).__name__, b""
        self.times[kind].append((time.perf_counter() - start) * 1000)
        self.outcomes[kind][status] += 1
        if status != expected(kind) and len(self.samples) < 3:
            self.samples.append(f"{kind} {status}: {body[:300].decode(errors='replace')}")
        return status, body


class Shared:
    def __init__(self):
        self.lock = threading.Lock()
        self.created: dict[int, tuple[str, int]] = {}  # camera id -> (submission token, writer)
        self.created_ids: list[tuple[int, int]] = []
        self.confirmed: set[tuple[int, int]] = set()  # (camera id, writer) answered 200 "confirm"


def think(rng: random.Random, w: dict, deadline: float) -> bool:
    """A user's pause before the next request (exponential, mean --think ms; none by default,
    which measures the server saturated); True once the run is over."""
    if w["think"]:
        time.sleep(min(rng.expovariate(1 / w["think"]), max(0.0, deadline - time.monotonic())))
    return time.monotonic() >= deadline


def writer(i: int, client, shared: Shared, rec: Recorder, w: dict, deadline: float) -> None:
    rng = random.Random(1000 + i)
    mine: set[int] = set()
    for n in range(MAX_REQUESTS):
        if think(rng, w, deadline):
            return
        if n % 2 == 0:
            lat, lon = rng.choice(w["points"])
            token = str(uuid.uuid4())
            body = {
                "latitude": lat + rng.uniform(-1e-5, 1e-5),
                "longitude": lon + rng.uniform(-1e-5, 1e-5),
                "kind": rng.choice(w["kinds"]),
                "operator": rng.choice(w["operators"]),
                "submission_token": token,
                # Positions repeat near seeded cameras; the duplicate check is a form rule, not load.
                "confirm_different": True,
            }
            status, data = rec.timed("create", lambda b=body: client.post_json("/api/cameras", b))
            if status == 201:
                camera_id = json.loads(data)["id"]
                with shared.lock:
                    shared.created[camera_id] = (token, i)
                    shared.created_ids.append((camera_id, i))
            continue
        target = None
        for _ in range(10):
            with shared.lock:
                pick = rng.choice(shared.created_ids) if shared.created_ids else None
            if pick and pick[1] != i and pick[0] not in mine:
                target = pick[0]
                break
        if target is None:  # early on nobody else has reported yet: confirm a seeded camera
            target = rng.choice(w["seeded"])[0]
            if target in mine:
                continue
        mine.add(target)
        status, data = rec.timed("confirm", lambda t=target: client.post_json(f"/cameras/{t}/confirm/", {}))
        if status == 200 and json.loads(data).get("your_vote") == "confirm":
            with shared.lock:
                shared.confirmed.add((target, i))


def reader(i: int, client, rec: Recorder, w: dict, deadline: float) -> None:
    from mapsite.lib.quadkeys import lonlat_to_tile
    from mapsite.tiles.versions import tile_version_in  # the ?v= the map builds (tiles.js)

    rng = random.Random(2000 + i)
    kinds, weights = zip(*READS, strict=True)
    versions = None
    for _ in range(MAX_REQUESTS):
        if think(rng, w, deadline):
            return
        kind = rng.choices(kinds, weights)[0]
        if kind == "tile":
            if versions is None:
                kind = "version"
            else:
                z = rng.randrange(11, 20)
                _, lat, lon = rng.choice(w["seeded"])
                x, y = lonlat_to_tile(lon, lat, z)
                band = "tile z11-13" if z <= 13 else "tile z14-16" if z <= 16 else "tile z17-19"
                path = f"/api/tiles/{z}/{x}/{y}.json?v={tile_version_in(versions, z, x, y)}"
                rec.timed(band, lambda p=path: client.get(p, **GZIP))
                continue
        if kind == "version":
            status, data = rec.timed(kind, lambda: client.get("/api/tiles/versions.json", **GZIP))
            if status == 200:
                versions = json.loads(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
        elif kind == "districts":
            rec.timed(kind, lambda: client.get("/api/districts.geojson", **GZIP))
        else:
            camera_id = rng.choice(w["seeded"])[0]
            rec.timed("camera page", lambda p=f"/cameras/{camera_id}/": client.get(p, **GZIP))


GZIP = {"Accept-Encoding": "gzip"}  # as a browser sends it: the server compresses


def load(args, env: dict[str, str], w: dict) -> dict:
    log = DATA / f"load-gunicorn-{args.database}.log"
    log.unlink(missing_ok=True)
    server = srv.Gunicorn(env, log, workers=args.workers, threads=args.threads).start()
    # Through deploy/nginx.conf, as a deployment serves: nginx keeps versioned tiles and spreads
    # requests over its pooled connections to gunicorn, where a client's own keep-alive
    # connection would stay with one worker. Its limit on POSTs per address is left out: every
    # client here is one address, and the site's own limits are off too.
    proxy = Nginx(DATA / "load-nginx", upstream=server.port, post_limit=False).start() if args.nginx else None
    port = proxy.port if proxy else server.port
    try:
        writers = [srv.Client(port) for _ in range(args.writers)]
        login_started = time.monotonic()
        logins = [threading.Thread(target=c.login, args=(f"load-writer-{i}",)) for i, c in enumerate(writers)]
        for t in logins:
            t.start()
        for t in logins:
            t.join(120)
        print(f"{len(writers)} writers logged in in {time.monotonic() - login_started:.1f} s", flush=True)
        shared, recorders = Shared(), []
        cpu_proxy = proxy.cpu_seconds() if proxy else 0.0
        cpu_server, cpu_client = server.cpu_seconds(), resource.getrusage(resource.RUSAGE_SELF)
        load_before = os.getloadavg()[0]
        started = time.monotonic()
        deadline = started + args.seconds
        threads = []
        for i, client in enumerate(writers):
            recorders.append(Recorder())
            threads.append(threading.Thread(target=writer, args=(i, client, shared, recorders[-1], w, deadline)))
        for i in range(args.readers):
            recorders.append(Recorder())
            client = srv.Client(port)
            threads.append(threading.Thread(target=reader, args=(i, client, recorders[-1], w, deadline)))
        for t in threads:
            t.start()
        for t in threads:
            t.join(max(1.0, deadline - time.monotonic()) + 90)
        elapsed = time.monotonic() - started
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu = {
            "server_s": round(server.cpu_seconds() - cpu_server, 1),
            "client_s": round(usage.ru_utime + usage.ru_stime - cpu_client.ru_utime - cpu_client.ru_stime, 1),
        }
        if proxy:
            cpu["nginx_s"] = round(proxy.cpu_seconds() - cpu_proxy, 1)
        stuck = sum(t.is_alive() for t in threads)
        # The 1-minute load average before and at the end: anything else running on the machine shows here.
        cpu["loadavg_before_after"] = (round(load_before, 1), round(os.getloadavg()[0], 1))
    finally:
        if proxy:
            proxy.stop()
        server.stop()
    return {"elapsed": elapsed, "recorders": recorders, "shared": shared, "cpu": cpu, "stuck": stuck, "log": log}


def check(shared: Shared) -> dict:
    """Compare what the clients were told with the database (the server is stopped by now)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from mapsite.cameras.models import Camera
    from mapsite.votes.models import Vote

    users = dict(get_user_model().objects.filter(username__startswith="load-writer-").values_list("pk", "username"))
    writer_of = {pk: int(name.rsplit("-", 1)[1]) for pk, name in users.items()}
    rows = set(Camera.objects.filter(reporter_id__in=users).values_list("pk", flat=True))
    votes = {
        (camera, writer_of[user])
        for camera, user in Vote.objects.filter(user_id__in=users, kind="confirm").values_list("camera_id", "user_id")
    }
    with connection.cursor() as cursor:
        lost = srv.missing_rows(cursor, {pk: token for pk, (token, _) in shared.created.items()})
        drift = srv.vote_drift(cursor)
        counters = srv.counter_drift(cursor)
    return {
        "created_201": len(shared.created),
        "camera_rows_by_writers": len(rows),
        "lost_writes": lost,
        "rows_without_201": sorted(rows - shared.created.keys()),
        "confirm_200": len(shared.confirmed),
        "confirm_rows_by_writers": len(votes),
        "lost_votes": sorted(shared.confirmed - votes),
        "votes_without_200": sorted(votes - shared.confirmed),
        "vote_count_drift": drift,
        "counter_drift": counters,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers (scripts/serve: 1)")
    srv.add_threads_argument(parser)
    parser.add_argument("--database", choices=["sqlite", "postgres"],
                        default="postgres" if os.environ.get("DATABASE_URL") else "sqlite")  # fmt: skip
    parser.add_argument("--seed-count", type=int, default=3000, help="demo cameras seeded before the load")
    parser.add_argument("--think", type=float, default=0, help="each client's mean pause (ms) between "
                        "requests: 0 keeps the server saturated; else the offered load is clients / (pause + latency)")
    parser.add_argument("--nginx", action="store_true", help="send every request through deploy/nginx.conf")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    args.threads = srv.config_threads(args.workers, args.threads)
    if not (0 < args.seconds <= 3600 and 0 <= args.writers <= 500 and 0 <= args.readers <= 500):
        sys.exit("--seconds must be in (0, 3600], --writers and --readers in [0, 500]")
    env = prepare(args)
    django_setup(env)
    w = world(args)
    w["think"] = args.think / 1000
    result = load(args, env, w)
    summary = report(args, result, check(result["shared"]))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, default=str))
    failed = summary["errors"] or any(summary["checks"][k] for k in ("lost_writes", "lost_votes", "vote_count_drift"))
    sys.exit(1 if failed or summary["checks"]["counter_drift_rows"] else 0)


if __name__ == "__main__":
    main()
