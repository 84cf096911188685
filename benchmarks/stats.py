"""The growth charts' data and the Atom feeds at city scale (issue 16's speed target:
at most 50 ms p95 at 1,000,000 cameras).

    python -m benchmarks.stats                        # 1,000,000 cameras, 20 passes
    python -m benchmarks.stats --sizes 10000 1000000 --repeat 20
    DATABASE_URL=postgres://mapsite:mapsite@127.0.0.1:5432/mapsite_bench python -m benchmarks.stats

Each size is seeded once into its own scratch SQLite file (benchmarks/.data/stats-N.sqlite3,
reused when it already holds N cameras), or into the PostgreSQL database DATABASE_URL names
(its name must contain "bench"): benchmarks.seeding's points and attribute draw,
published over 36 months, 80% residents' reports, 5% each official, OpenStreetMap,
moderators' and demo cameras; verified residents' cameras verified up to 90 days after
publication. The monthly counters' triggers are off while the rows go in and rebuilt
once after. Every URL is fetched through the Django test client: the first (cold) pass
is reported apart, then p50/p95 of the warm passes; each group twice, with the answers
kept per data version, and built afresh for every request (as after every write). For comparison, the naive
alternative (grouping the cameras table by month on every request) is timed too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import time

from benchmarks.database import DATA

TARGET_MS = 50.0
SOURCES = (("resident", 80), ("official", 5), ("import", 5), ("moderator", 5), ("demo", 5))


def db_file(n: int):
    return DATA / f"stats-{n}.sqlite3"


def seed(n: int) -> float | None:
    from django.db import connection

    from benchmarks.seeding import camera_rows, synthetic_points
    from mapsite.cameras.bulk import bulk_insert_cameras
    from mapsite.cameras.models import Camera
    from mapsite.stats import triggers
    from mapsite.tiles.triggers import suspended_counters

    if Camera.objects.count() == n:
        return None
    started = time.perf_counter()
    rng = random.Random(n)
    start = dt.datetime(2023, 12, 1, tzinfo=dt.UTC)
    rows = camera_rows(synthetic_points(n), rng=rng, now=start)
    names, weights = zip(*SOURCES, strict=True)
    for row in rows:
        source = rng.choices(names, weights)[0]
        published = start + dt.timedelta(seconds=rng.randrange(36 * 30 * 86400))
        verified = row["status"] == Camera.Status.VERIFIED and source in ("resident", "moderator")
        row.update(source=source, is_demo=source == "demo", published_at=published, reported_at=published,
                   verified_at=published + dt.timedelta(seconds=rng.randrange(90 * 86400)) if verified else None)
    with connection.cursor() as cursor:
        for sql in triggers.drop_statements(connection.vendor):
            cursor.execute(sql)
    with suspended_counters(rebuild=True):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM cameras_camera")
        bulk_insert_cameras(rows, {"updated_at": start})
    triggers.install(connection, force=True)  # recreated, and every month recounted in one aggregate
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def urls() -> dict[str, list[str]]:
    timeline = "/api/stats/timeline.json"
    return {
        "timeline, all": [timeline],
        "timeline, district": [f"{timeline}?district={code}" for code in "AEJRS"],
        "timeline, kind": [f"{timeline}?kind={kind}" for kind in ("dome", "fixed", "anpr")],
        "timeline, operator": [f"{timeline}?operator={op}" for op in ("police", "private", "mtr")],
        "timeline, all filters": [f"{timeline}?district=E&kind=dome&operator=police"],
        "districts, now": ["/api/stats/districts.json"],
        "districts, as of": [f"/api/stats/districts.json?as_of=2025-{m:02d}" for m in (1, 6, 12)],
        "feed, all": ["/feeds/cameras.atom"],
        "feed, district": [f"/districts/{code}/feed.atom" for code in "aejrs"],
        "growth page": ["/stats/"],
    }


def naive_ms(repeat: int) -> float:
    """p95 of the aggregate the counters replace: every public camera grouped by month."""
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from benchmarks.measuring import pct
    from mapsite.cameras.models import Camera

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        list(Camera.objects.public().exclude(is_demo=True).annotate(m=TruncMonth("published_at"))
             .values("m", "source").annotate(n=Count("id")).order_by())
        times.append((time.perf_counter() - started) * 1000)
    return pct(times, 95)


def cpu_ms(client, group: list[str], repeat: int) -> float:
    """p95 of this process's CPU time per request built afresh. SQLite runs inside the process, so
    this is the whole work of an answer (on PostgreSQL the server's share is not in it), and unlike
    wall time it does not grow with what else the machine is running."""
    from django.core.cache import cache

    from benchmarks.measuring import pct

    times = []
    for _ in range(repeat):
        for url in group:
            cache.clear()
            started = time.process_time()
            client.get(url)
            times.append((time.process_time() - started) * 1000)
    return pct(times, 95)


def measure(repeat: int) -> list[dict]:
    """Each group kept (the same data version between requests, as between two writes) and
    built afresh (the kept answers dropped before every request, as after every write)."""
    from django.core.cache import cache
    from django.test import Client

    from benchmarks.measuring import measure_urls

    client = Client()
    rows = []
    for name, group in urls().items():
        rows.append(measure_urls(client, name, group, repeat).as_dict())
        built = measure_urls(client, f"{name}, built", group, repeat, before=cache.clear).as_dict()
        rows.append({**built, "cpu_p95_ms": round(cpu_ms(client, group, repeat), 2)})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    postgres = os.environ.get("DATABASE_URL", "")
    if postgres and "bench" not in postgres.rsplit("/", 1)[-1]:
        raise SystemExit("DATABASE_URL must name a scratch database whose name contains 'bench'; it is reseeded.")
    from benchmarks.database import prepare_schema, start, use_database

    DATA.mkdir(parents=True, exist_ok=True)
    start(None if postgres else db_file(args.sizes[0]))
    for n in args.sizes:
        use_database(None if postgres else db_file(n))
        prepare_schema()
        took = seed(n)
        print(f"{n:,} cameras: " + (f"seeded in {took:.1f} s" if took else "reused"), flush=True)
        print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"  {'what':<31} {'cold p50':>9} {'p50':>8} {'p95':>8} {'KB':>7}  target ≤{TARGET_MS:.0f} ms p95"
              "  (built: CPU ms p95)")
        for row in measure(args.repeat):
            met = "met" if row["p95_ms"] <= TARGET_MS else "MISSED"
            cpu = f"  CPU {row['cpu_p95_ms']:.1f}" if "cpu_p95_ms" in row else ""
            print(f"  {row['name']:<31} {row['first_p50_ms']:8.1f} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} "
                  f"{row['max_raw_kb']:7.1f}  {met}{cpu}", flush=True)
        print(f"  load average {os.getloadavg()[0]:.1f}")
        print(f"  naive GROUP BY month over the cameras table: p95 {naive_ms(max(3, args.repeat // 4)):.1f} ms",
              flush=True)


if __name__ == "__main__":
    main()
