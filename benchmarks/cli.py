"""City-scale benchmark: the map's requests at 10k, 100k and 1M cameras.

    .venv/bin/python benchmarks/run.py                      # SQLite, N = 10k, 100k, 1M
    .venv/bin/python benchmarks/run.py --sizes 10000 --repeat 3
    DATABASE_URL=postgres://mapsite:mapsite@127.0.0.1:5432/mapsite_bench .venv/bin/python benchmarks/run.py
    .venv/bin/python benchmarks/run.py --browser            # headless chromium, 60k cameras, live gunicorn:
                                                            # first markers and zoom steps, desktop and phone
    .venv/bin/python benchmarks/run.py --markdown BENCHMARKS.md   # also rewrite the results section there

(`python -m benchmarks` is the same command.)

Each N gets its own SQLite file under benchmarks/.data/ (never the dev
database); a file already seeded with N cameras is reused (--reseed to redo).
On PostgreSQL the database name must contain "bench": it is emptied and reseeded.

Requests go through the full Django stack with django.test.Client (URL
routing, every middleware including GZip, the views, the ORM): no network
hop, so a deployment behind gunicorn adds its own per-request overhead.
The browser measurement uses real HTTP against gunicorn.
Targets are checked here, never by timed tests.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from benchmarks import browser as browser_run
from benchmarks import database, report
from benchmarks.suite import flat_growth, run_size


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="benchmarks/run.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated camera counts")
    parser.add_argument("--repeat", type=int, default=10, help="measured passes over each URL list")
    parser.add_argument("--tiles", type=int, default=40, help="tiles sampled at zooms 14, 17 and 19")
    parser.add_argument("--import-count", type=int, default=100_000)
    parser.add_argument("--no-import", action="store_true")
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--browser", action="store_true", help="also the headless-chromium measurement")
    parser.add_argument("--browser-only", action="store_true")
    parser.add_argument("--browser-cameras", type=int, default=60_000)
    parser.add_argument("--browser-runs", type=int, default=5,
                        help="per viewport: warm first-markers runs, and cached zoom steps each way per start view")
    parser.add_argument("--markdown", type=Path, help="rewrite the results section of this file")
    parser.add_argument("--json", type=Path, help="write raw results here")
    parser.add_argument("--profile", action="append", default=[], metavar="URL",
                        help="after the measurements, profile 50 GETs of URL with pyinstrument (repeatable)")
    return parser.parse_args(argv)


def measure_sizes(sizes: list[int], args, postgres: bool) -> list[dict]:
    """Every size in turn; Django starts once, then the connection moves from file to file."""
    results = []
    for i, n in enumerate(sizes):
        db = None if postgres else database.sqlite_file(n)
        if i == 0:
            database.start(db)
        else:
            database.use_database(db)
            database.prepare_schema()
        results.append(run_size(n, args))
    return results


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    postgres = bool(os.environ.get("DATABASE_URL"))
    if postgres and "bench" not in os.environ["DATABASE_URL"].rsplit("/", 1)[-1]:
        raise SystemExit("DATABASE_URL must name a scratch database whose name contains 'bench'; it is emptied.")
    database.DATA.mkdir(parents=True, exist_ok=True)
    sizes = [] if args.browser_only else [int(s) for s in args.sizes.split(",") if s]
    header = report.header(postgres)
    print(header, flush=True)
    results = measure_sizes(sizes, args, postgres)
    flat = None
    if not postgres and len(results) >= 2:
        flat = flat_growth(min(results, key=lambda r: r["n"]), max(results, key=lambda r: r["n"]), args.repeat)

    browser = None
    if args.browser or args.browser_only:
        if postgres:
            print("(the browser measurement always uses SQLite)")
        browser = browser_run.run(args.browser_cameras, args.browser_runs)

    report.print_verdicts(report.verdicts(results, browser, flat))
    if args.json:
        args.json.write_text(json.dumps({"header": header, "results": results, "browser": browser, "flat": flat},
                                        indent=1))
    if args.markdown:
        report.write_markdown(args.markdown, report.markdown(results, browser, header, flat))
        print(f"\nResults written to {args.markdown}")
