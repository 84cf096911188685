"""The load run's summary: latency percentiles per request type, errors, and the checks."""

from __future__ import annotations

import os
import platform
import sys
from collections import Counter, defaultdict
from pathlib import Path

EXPECTED = {"create": 201, "confirm": 200}


def expected(kind: str) -> int:
    return EXPECTED.get(kind, 200)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] if ordered else float("nan")


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    mem = int(next(line.split()[1] for line in meminfo if line.startswith("MemTotal"))) // 1024**2
    return f"{cpu}, {os.cpu_count()} cores, {mem} GB RAM, Linux {platform.release()}, Python {sys.version.split()[0]}"


def report(args, result: dict, checks: dict) -> dict:
    times: dict[str, list[float]] = defaultdict(list)
    outcomes: dict[str, Counter] = defaultdict(Counter)
    for rec in result["recorders"]:
        for kind, values in rec.times.items():
            times[kind].extend(values)
            outcomes[kind].update(rec.outcomes[kind])
    total = sum(len(v) for v in times.values())
    errors = {
        kind: {str(s): n for s, n in c.items() if s != expected(kind)}
        for kind, c in outcomes.items()
        if any(s != expected(kind) for s in c)
    }
    rows = [
        {"type": kind, "n": len(v), "rps": round(len(v) / result["elapsed"], 1), "p50": round(pct(v, 50), 1),
         "p95": round(pct(v, 95), 1), "p99": round(pct(v, 99), 1), "max": round(max(v), 1)}
        for kind, v in sorted(times.items())
    ]  # fmt: skip
    counter_rows = sum(len(v) for v in checks["counter_drift"].values())
    summary = {
        "database": args.database,
        "machine": machine(),
        "writers": args.writers,
        "readers": args.readers,
        "seconds": round(result["elapsed"], 1),
        "gunicorn": f"--workers {args.workers} --threads {args.threads}",
        "proxy": "nginx (deploy/nginx.conf)" if args.nginx else "none",
        "seed_count": args.seed_count,
        "think_ms": args.think,
        "requests": total,
        "rps": round(total / result["elapsed"], 1),
        "cpu": result["cpu"],
        "threads_still_running": result["stuck"],
        "by_type": rows,
        "errors": errors,
        "checks": {**checks, "lost_writes": len(checks["lost_writes"]), "lost_votes": len(checks["lost_votes"]),
                   "vote_count_drift": len(checks["vote_count_drift"]), "counter_drift_rows": counter_rows},
        "detail": {k: checks[k][:20] for k in ("lost_writes", "lost_votes", "vote_count_drift")},
    }  # fmt: skip
    del summary["checks"]["counter_drift"]
    summary["detail"]["counter_drift"] = {name: v[:10] for name, v in checks["counter_drift"].items()}
    print(f"\n{summary['machine']}")
    print(f"{args.database}: {args.writers} writers + {args.readers} readers for {summary['seconds']} s, "
          f"gunicorn {summary['gunicorn']}, proxy: {summary['proxy']}, {args.seed_count} seeded cameras, "
          f"think time {args.think:g} ms")  # fmt: skip
    print(f"{total} requests, {summary['rps']} req/s; CPU seconds: {result['cpu']}")
    print("\n| request | n | req/s | p50 ms | p95 ms | p99 ms | max ms |\n|---|--:|--:|--:|--:|--:|--:|")
    for r in rows:
        print(f"| {r['type']} | {r['n']} | {r['rps']} | {r['p50']} | {r['p95']} | {r['p99']} | {r['max']} |")
    print(f"\nerrors (unexpected status or exception, by type): {errors or 'none'}")
    summary["error_samples"] = [s for rec in result["recorders"] for s in rec.samples][:10]
    for sample in summary["error_samples"]:
        print(f"  e.g. {sample}")
    c = summary["checks"]
    print(f"writes: {c['created_201']} answered 201, {c['camera_rows_by_writers']} rows by the writers; "
          f"lost {c['lost_writes']}, rows without a 201: {len(c['rows_without_201'])}")  # fmt: skip
    print(f"votes: {c['confirm_200']} confirms answered 200, {c['confirm_rows_by_writers']} vote rows; "
          f"lost {c['lost_votes']}, rows without a 200: {len(c['votes_without_200'])}; "
          f"cameras whose counts differ from their vote rows: {c['vote_count_drift']}")  # fmt: skip
    print(f"counters vs a fresh recount: {counter_rows} rows differ")
    if result["stuck"]:
        print(f"WARNING: {result['stuck']} client threads were still running after the deadline + 90 s")
    return summary
