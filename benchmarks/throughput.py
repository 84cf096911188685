#!/usr/bin/env python
"""Tile throughput over real HTTP: wrk against gunicorn on 127.0.0.1, beside the floor.

    .venv/bin/python benchmarks/throughput.py                          # SQLite, 100,000 cameras, 1 worker
    .venv/bin/python benchmarks/throughput.py --cameras 10000 --runs 3 --seconds 10
    DATABASE_URL=postgres://mapsite:mapsite@127.0.0.1:5432/mapsite_bench \\
        .venv/bin/python benchmarks/throughput.py --workers 2

The tiles are those a map asks for around the town centres at zooms 11 to 17, each
with the ?v= the map builds from versions.json (so each is the immutable URL). The
floor is the same bytes served as static files by the same gunicorn and whitenoise:
what the site could serve if a tile cost nothing to make. Every tile is requested
once per worker before the runs (from several connections at once, since a connection
stays with one worker). Runs alternate tile and floor, so a busy neighbour slows both
alike. wrk sends no Accept-Encoding, so both go uncompressed. Prints requests/s,
p50 and p99 per run, then the ranges, and the resident size of each worker at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from benchmarks import database  # noqa: E402
from benchmarks.loadlib import server as srv  # noqa: E402
from benchmarks.survival import PLACES, _tile_xy  # noqa: E402

ZOOMS = (11, 13, 14, 15, 16, 17)
STATIC = database.DATA / "throughput-static"
LUA = """
local paths = {%s}
local i = 0
init = function(args) i = math.random(#paths) end
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def tile_paths(block: int = 1) -> list[tuple[str, bytes]]:
    """(immutable tile URL, its body) for a block x block square around each place at each zoom."""
    from django.test import Client

    from mapsite.tiles.services import tile_version

    client = Client()
    seen, out = set(), []
    for lat, lon in PLACES:
        for z in ZOOMS:
            cx, cy = (int(c) for c in _tile_xy(lon, lat, z))
            for x in range(cx - block // 2, cx + block // 2 + 1):
                for y in range(cy - block // 2, cy + block // 2 + 1):
                    if (z, x, y) in seen:
                        continue
                    seen.add((z, x, y))
                    path = f"/api/tiles/{z}/{x}/{y}.json?v={tile_version(z, x, y)}"
                    response = client.get(path)
                    assert response.status_code == 200, (path, response.status_code)
                    assert "immutable" in response["Cache-Control"], path
                    out.append((path, response.content))
    return out


def write_floor(tiles: list[tuple[str, bytes]]) -> list[str]:
    """The same bytes as static files under STATIC_ROOT/bench-tiles/, served by whitenoise."""
    from django.conf import settings

    shutil.rmtree(STATIC, ignore_errors=True)
    (STATIC / "bench-tiles").mkdir(parents=True)
    paths = []
    for path, body in tiles:
        name = path.split("?")[0].removeprefix("/api/tiles/").replace("/", "-")
        (STATIC / "bench-tiles" / name).write_bytes(body)
        paths.append(f"{settings.STATIC_URL}bench-tiles/{name}")
    return paths


def wrk(port: int, paths: list[str], script: Path, args) -> dict:
    script.write_text(LUA % ", ".join(f'"{p}"' for p in paths))
    cmd = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--latency", "-s", str(script),
           f"http://127.0.0.1:{port}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=args.seconds + 60).stdout
    latency = {m[0]: float(m[1]) * UNITS[m[2]] for m in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "p50": latency["50"],
        "p99": latency["99"],
        "errors": int(errors[1]) if errors else 0,
        "socket_errors": socket_errors[1] if socket_errors else "",
    }


def visit(port: int, paths: list[str]) -> None:
    client = srv.Client(port)
    for path in paths:
        client.get(path)


def rss_mb(server: srv.Gunicorn) -> list[float]:
    """Resident size of each worker (the master left out), in MB."""
    sizes = []
    for pid in server.pids():
        if server.proc and pid == server.proc.pid:
            continue
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+) kB", status)[1]) / 1024)
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cameras", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=1)
    srv.add_threads_argument(parser)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--block", type=int, default=1, help="tiles per place and zoom: a block x block square "
                        "(1: about 150 tiles, within the in-process cache's default 300 entries; 3: about 830)")
    args = parser.parse_args()
    args.threads = srv.config_threads(args.workers, args.threads)
    postgres = bool(os.environ.get("DATABASE_URL"))
    if postgres and "bench" not in os.environ["DATABASE_URL"].rsplit("/", 1)[-1]:
        raise SystemExit("DATABASE_URL must name a scratch database whose name contains 'bench'; it is reseeded.")
    database.DATA.mkdir(parents=True, exist_ok=True)
    db = None if postgres else database.sqlite_file(args.cameras)
    database.start(db)
    from benchmarks.seeding import seed

    seed(args.cameras, reseed=False)
    tiles = tile_paths(args.block)
    floor = write_floor(tiles)
    from django.db import connection

    connection.close()  # the server's workers hold the database from here

    env = srv.server_env(STATIC_ROOT=str(STATIC), MEDIA_ROOT=str(database.DATA / "throughput-media"))
    if db is not None:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(db)
    log = database.DATA / "throughput-gunicorn.log"
    server = srv.Gunicorn(env, log, workers=args.workers, threads=args.threads).start()
    print(f"{database.vendor()}, {args.cameras:,} cameras, gunicorn {args.workers} worker(s) x {args.threads} "
          f"threads, wrk 2 threads x {args.connections} connections, {args.seconds} s a run, "
          f"{len(tiles)} tiles ({sum(len(b) for _, b in tiles) // len(tiles):,} bytes on average)", flush=True)
    results = {"tiles": [], "floor": []}
    try:
        script = database.DATA / "throughput.lua"
        # Every tile once per worker before measuring: the runs then time serving tiles each
        # process has seen, as a busy site's are, not the first build of each. A connection stays
        # with the worker that accepted it, so several at once are needed to reach every worker.
        warm = [threading.Thread(target=visit, args=(server.port, [p for p, _ in tiles] + floor))
                for _ in range(args.workers * 4)]
        for t in warm:
            t.start()
        for t in warm:
            t.join(300)
        for run in range(args.runs):
            for kind, paths in (("tiles", [p for p, _ in tiles]), ("floor", floor)):
                r = wrk(server.port, paths, script, args)
                results[kind].append(r)
                sockets = f"  socket errors: {r['socket_errors']}" if r["socket_errors"] else ""
                print(f"run {run + 1} {kind:>5}: {r['rps']:8.0f} req/s  p50 {r['p50']:7.1f} ms  p99 {r['p99']:7.1f} ms"
                      f"  non-2xx {r['errors']}{sockets}", flush=True)
        workers = rss_mb(server)
    finally:
        server.stop()

    def span(kind: str, key: str, fmt: str) -> str:
        values = [r[key] for r in results[kind]]
        return f"{min(values):{fmt}} to {max(values):{fmt}}"

    share = [t["rps"] / f["rps"] for t, f in zip(results["tiles"], results["floor"], strict=True)]
    print(f"\ntiles: {span('tiles', 'rps', ',.0f')} req/s, p99 {span('tiles', 'p99', '.0f')} ms")
    print(f"floor: {span('floor', 'rps', ',.0f')} req/s, p99 {span('floor', 'p99', '.0f')} ms")
    print(f"tiles / floor, run by run: {', '.join(f'{s:.0%}' for s in share)} (target: at least 50%)")
    print(f"worker resident size: {', '.join(f'{m:.0f} MB' for m in workers)}")


if __name__ == "__main__":
    main()
