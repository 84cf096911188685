"""The moderation queue at city scale: its pages with 500 and 50,000 pending reports.

    python -m benchmarks.moderation                    # 500 and 50,000, 20 passes each
    python -m benchmarks.moderation --sizes 500 50000 --repeat 20 --markdown
    python -m benchmarks.moderation --analyze          # with SQLite's ANALYZE statistics
    DATABASE_URL=postgres://mapsite:mapsite@127.0.0.1:5432/mapsite_bench python -m benchmarks.moderation

Deep pages are fetched as the queue links them: after= the last camera of page 900 (keyset).

Each size is seeded into its own scratch SQLite file (benchmarks/.data/moderation-N.sqlite3)
with benchmarks.seeding's points and seed_demo's attribute draw, as pending residents'
reports (1 in 100 flagged, 1 in 10 demo data), then the queue's pages are fetched through
the Django test client as a signed-in moderator: p95 ms and KB a page.

On SQLite the camera table's ANALYZE statistics are dropped before measuring (unless
--analyze): a site never runs ANALYZE, and any migration that rebuilds the table drops them,
so the queue's plans must hold without them. With DATABASE_URL the pages are measured on
PostgreSQL instead: the database's name must contain "bench" (each size empties and reseeds it),
and it is VACUUM ANALYZEd after seeding, as autovacuum would.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import time

from benchmarks.database import DATA

TARGET_MS, TARGET_KB = 50.0, 100.0


def db_file(n: int):
    return DATA / f"moderation-{n}.sqlite3"


def seed(n: int) -> float | None:
    """n pending cameras (reused if the file already holds them); seconds taken, None if reused."""
    from django.db import connection
    from django.utils import timezone

    from benchmarks.seeding import camera_rows, synthetic_points
    from mapsite.cameras.bulk import bulk_insert_cameras
    from mapsite.cameras.models import Camera
    from mapsite.tiles.triggers import suspended_counters

    if Camera.objects.filter(status=Camera.Status.PENDING).count() == n:
        return None
    started = time.perf_counter()
    rng = random.Random(n)
    now = timezone.now()
    rows = camera_rows(synthetic_points(n), rng=rng, now=now)
    for i, row in enumerate(rows):
        demo = i % 10 == 9
        row.update(status=Camera.Status.PENDING, flagged=i % 100 == 0, is_demo=demo,
                   source=Camera.Source.DEMO if demo else Camera.Source.RESIDENT,
                   reported_at=now - dt.timedelta(minutes=rng.randrange(60 * 24 * 400)),
                   dispute_count=rng.randrange(3))
    with suspended_counters(rebuild=True):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM cameras_camera")
        bulk_insert_cameras(rows, {"updated_at": now})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def set_statistics(analyze: bool) -> str:
    """ANALYZE, or (SQLite only) drop the camera table's statistics; says which."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor != "sqlite":  # as autovacuum would: statistics and the visibility map
            cursor.execute("VACUUM ANALYZE")
            return "VACUUM ANALYZE"
        if analyze:
            cursor.execute("ANALYZE")
            return "ANALYZE statistics"
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone()[0]:
            cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'cameras_camera'")
    connection.close()  # a new connection reads the schema, and so the statistics, afresh
    return "no statistics on the camera table"


def queue_urls(n: int) -> dict[str, list[str]]:
    from django.urls import reverse

    from mapsite.moderation.queue import PAGE_SIZE

    q = reverse("moderation:queue")
    deep = max(1, (n * 9 // 10) // PAGE_SIZE)  # about the last page of the pending tab

    def cursor(query: str) -> str:
        """after= the camera that ends page `deep` of `query`, as the queue's "next" links carry it."""
        from django.http import QueryDict

        from mapsite.moderation.queue import QueueForm

        form = QueueForm(QueryDict(query))
        form.is_valid()
        last = form.matching().values_list("pk", flat=True)[deep * PAGE_SIZE - 1:deep * PAGE_SIZE].first()
        return f"{q}?{query}&after={last}"

    return {
        "tab flagged": [f"{q}?tab=flagged"],
        "tab pending p1": [f"{q}?tab=pending"],
        "tab pending deep page": [cursor("tab=pending")],
        "tab photos": [f"{q}?tab=photos"],
        "tab decided": [f"{q}?tab=decided"],
        "filter district": [f"{q}?tab=pending&district=E"],
        "filter kind+operator": [f"{q}?tab=pending&kind=dome&operator=police"],
        "filter age+confirms": [f"{q}?tab=pending&age=older&confirms=2"],
        "filter reason, photo": [f"{q}?tab=pending&reason=wrong_place&photo=yes"],
        "filter source any, deep": [cursor("tab=pending&source=any")],
        "filter trust level new": [f"{q}?tab=pending&trust=new"],
        "sort newest": [f"{q}?tab=pending&sort=newest"],
        "sort most confirmed": [f"{q}?tab=pending&sort=confirmed"],
        "sort most confirmed deep": [cursor("tab=pending&sort=confirmed")],
        "sort priority": [f"{q}?tab=pending&sort=priority"],
        "sort priority deep": [cursor("tab=pending&sort=priority")],
        "sort most disputed": [f"{q}?tab=pending&sort=disputed"],
        "sort nearest": [f"{q}?tab=pending&sort=nearest&near=22.3193,114.1694"],
        "queue map (Kowloon)": [reverse("moderation:pending_map") + "?tab=pending&bbox=114.15,22.30,114.19,22.33"],
    }


def measure(n: int, repeat: int) -> list[dict]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from benchmarks.measuring import measure_urls
    from mapsite.moderation.roles import make_moderator

    user, _ = get_user_model().objects.get_or_create(username="bench-moderator")
    make_moderator(user)
    client = Client()
    client.force_login(user)
    return [measure_urls(client, name, urls, repeat).as_dict() for name, urls in queue_urls(n).items()]


def profile_queries(n: int, repeat: int) -> list[dict]:
    """Per page, figures a loaded machine disturbs less than wall-clock time: the median process CPU
    time of a request, the median time of its SQL (each query timed by an execute wrapper), how many
    queries, and the plan of its slowest query (EXPLAIN QUERY PLAN on SQLite, EXPLAIN on PostgreSQL)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from mapsite.moderation.roles import make_moderator

    user, _ = get_user_model().objects.get_or_create(username="bench-moderator")
    make_moderator(user)
    client = Client()
    client.force_login(user)
    out = []
    for name, urls in queue_urls(n).items():
        cpu, sql, slowest = [], [], {}
        for _ in range(repeat + 1):
            timings: list[tuple[float, str, tuple]] = []

            def timer(execute, query, params, many, context, timings=timings):
                started = time.perf_counter()
                try:
                    return execute(query, params, many, context)
                finally:
                    timings.append((time.perf_counter() - started, query, params))

            started = time.process_time()
            with connection.execute_wrapper(timer):
                client.get(urls[0])
            cpu.append((time.process_time() - started) * 1000)
            sql.append(sum(t for t, _q, _p in timings) * 1000)
            top = max(timings)
            slowest.setdefault(top[1], []).append(top)
        cpu, sql = cpu[1:], sql[1:]  # the first pass warms caches
        query, runs = max(slowest.items(), key=lambda item: len(item[1]))
        params = runs[0][2]
        with connection.cursor() as cursor:
            explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
            cursor.execute(explain + query, params)
            plan = " | ".join(str(row[-1]).strip() for row in cursor.fetchall())
        out.append({"name": name, "cpu_ms": sorted(cpu)[len(cpu) // 2], "sql_ms": sorted(sql)[len(sql) // 2],
                    "queries": len(timings), "slowest_ms": sorted(t for t, _q, _p in runs)[len(runs) // 2] * 1000,
                    "plan": plan})
    return out


def markdown(results: dict[int, list[dict]], command: str) -> str:
    sizes = sorted(results)
    head = "| page | " + " | ".join(f"{n:,}: p95 ms / KB" for n in sizes) + " |"
    lines = ["## Moderation queue at 50,000 pending (benchmarks/moderation.py)", "", f"`{command}`", "", head,
             "|---|" + "---|" * len(sizes)]
    for i, row in enumerate(results[sizes[0]]):
        cells = [f"{results[n][i]['p95_ms']:.1f} / {results[n][i]['max_raw_kb']:.1f}" for n in sizes]
        lines.append(f"| {row['name']} | " + " | ".join(cells) + " |")
    big = results[sizes[-1]]
    worst = max(big, key=lambda r: r["p95_ms"])
    heaviest = max(big, key=lambda r: r["max_raw_kb"])
    lines += ["", f"Targets at {sizes[-1]:,}: ≤{TARGET_MS:.0f} ms p95 — worst {worst['p95_ms']:.1f} ms "
              f"({worst['name']}): {'met' if worst['p95_ms'] <= TARGET_MS else 'MISSED'}; "
              f"≤{TARGET_KB:.0f} KB — largest {heaviest['max_raw_kb']:.1f} KB uncompressed "
              f"({heaviest['name']}): {'met' if heaviest['max_raw_kb'] <= TARGET_KB else 'MISSED'}.", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 50_000])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--markdown", action="store_true", help="print a BENCHMARKS.md section")
    parser.add_argument("--analyze", action="store_true", help="SQLite: measure with ANALYZE statistics")
    parser.add_argument("--queries", action="store_true",
                        help="instead of wall-clock p95: CPU and SQL ms a page, and the slowest query's plan")
    args = parser.parse_args()
    postgres = bool(os.environ.get("DATABASE_URL"))
    if postgres and "bench" not in os.environ["DATABASE_URL"].rsplit("/", 1)[-1]:
        raise SystemExit("DATABASE_URL must name a scratch database whose name contains 'bench'; it is emptied.")
    from benchmarks.database import prepare_schema, start, use_database, vendor

    DATA.mkdir(parents=True, exist_ok=True)
    start(None if postgres else db_file(args.sizes[0]))
    results = {}
    for n in args.sizes:
        if not postgres:
            use_database(db_file(n))
            prepare_schema()
        took = seed(n)
        state = set_statistics(args.analyze)
        print(f"{n:,} pending on {vendor()} ({state}): " + (f"seeded in {took:.1f} s" if took else "reused"),
              flush=True)
        if args.queries:
            for row in profile_queries(n, args.repeat):
                print(f"  {row['name']:<28} CPU {row['cpu_ms']:6.1f} ms  SQL {row['sql_ms']:6.1f} ms in "
                      f"{row['queries']:2d} queries; slowest {row['slowest_ms']:5.1f} ms: {row['plan'][:160]}",
                      flush=True)
            continue
        results[n] = measure(n, args.repeat)
        for row in results[n]:
            print(f"  {row['name']:<28} p95 {row['p95_ms']:7.1f} ms  {row['max_raw_kb']:6.1f} KB", flush=True)
    if args.markdown and results:
        print(markdown(results, "python -m benchmarks.moderation " + " ".join(
            f"--sizes {' '.join(map(str, args.sizes))} --repeat {args.repeat}".split())))


if __name__ == "__main__":
    main()
