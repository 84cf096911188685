#!/usr/bin/env python
"""Cache survival: with edits spread over the city, what share of a viewer's held tiles change URL.

    .venv/bin/python benchmarks/survival.py                   # benchmarks/.data/bench-100000.sqlite3
    .venv/bin/python benchmarks/survival.py --cameras 10000 --viewers 500 --check-edits 60
    DATABASE_URL=postgres://mapsite:mapsite@127.0.0.1:5432/mapsite_bench .venv/bin/python benchmarks/survival.py

A viewer opens the map on all of Hong Kong (zoom 11), then looks at one place (a
town centre, chosen at random) at zooms 14 and 16 on a 1280 x 800 screen, and holds
those tiles. Edits hit published cameras drawn at random from the table, so they
fall where cameras are dense, one a second. For each window (1 s: one edit, as
between two polls of the versions document; 10 s; 60 s; 5 min) it prints the mean
share of held tiles whose URL changed, for regions at zoom 10 and at zoom 12, and
for the single site-wide version this replaced (always 100%).

The shares are computed from where the edits fall (a tile's URL changes when an
edited camera's region lies in it, or it in that region). --check-edits then makes
that many real edits in the seeded database, inside a transaction rolled back at
the end, and checks every held tile's version from services.tile_version against
that computation at the zoom the triggers use: a mismatch stops the script.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from benchmarks import database  # noqa: E402
from benchmarks.seeding import KOWLOON, NEW_TOWNS, NORTH_SHORE  # noqa: E402

PLACES = [(lat, lon) for lat, lon, _ in KOWLOON + NORTH_SHORE + NEW_TOWNS]
OVERVIEW = (11, (113.83, 22.15, 114.44, 22.56))  # the first view: all of Hong Kong
PLACE_ZOOMS = (14, 16)
SCREEN = (1280, 800)
WINDOWS = (1, 10, 60, 300)  # seconds, at one edit a second
QK_ZOOM = 24


def _tile_xy(lon: float, lat: float, z: int) -> tuple[float, float]:
    n = 1 << z
    return (lon + 180.0) / 360.0 * n, (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n


def held_tiles(place: tuple[float, float]) -> list[tuple[int, int, int]]:
    z, (west, south, east, north) = OVERVIEW
    (x0, y0), (x1, y1) = _tile_xy(west, north, z), _tile_xy(east, south, z)
    tiles = [(z, x, y) for x in range(int(x0), int(x1) + 1) for y in range(int(y0), int(y1) + 1)]
    for z in PLACE_ZOOMS:
        cx, cy = _tile_xy(place[1], place[0], z)
        half_w, half_h = SCREEN[0] / 512, SCREEN[1] / 512
        xs = range(int(cx - half_w), int(cx + half_w) + 1)
        ys = range(int(cy - half_h), int(cy + half_h) + 1)
        tiles += [(z, x, y) for x in xs for y in ys]
    return tiles


def _interleave(x: int, y: int) -> int:
    code = 0
    for i in range(QK_ZOOM):
        code |= ((x >> i) & 1) << (2 * i) | ((y >> i) & 1) << (2 * i + 1)
    return code


def changed(tile: tuple[int, int, int], edited_qks: set[int], region_zoom: int) -> bool:
    """Whether an edit of a camera at one of `edited_qks` changes the tile's URL with regions at region_zoom."""
    z, x, y = tile
    common = min(z, region_zoom)
    prefix = _interleave(x >> (z - common), y >> (z - common))
    return any(qk >> (2 * (QK_ZOOM - common)) == prefix for qk in edited_qks)


def public_quadkeys() -> list[tuple[int, int]]:
    from mapsite.cameras.models import Camera

    return list(Camera.objects.public().values_list("pk", "qk"))


def simulate(cameras: list[tuple[int, int]], viewers: int, zooms: list[int], rng: random.Random) -> dict:
    rows = {}
    for region_zoom in zooms:
        for window in WINDOWS:
            shares = []
            for _ in range(viewers):
                tiles = held_tiles(rng.choice(PLACES))
                edits = {qk for _, qk in rng.choices(cameras, k=window)}
                shares.append(sum(changed(t, edits, region_zoom) for t in tiles) / len(tiles))
            rows[(region_zoom, window)] = sum(shares) / len(shares)
    return rows


def check_against_database(cameras: list[tuple[int, int]], edits: int, rng: random.Random) -> int:
    """Real edits (a moderator's status change) in a rolled-back transaction; returns the tiles checked."""
    from django.db import transaction

    from mapsite.cameras.models import Camera
    from mapsite.tiles.services import tile_version
    from mapsite.tiles.triggers import REGION_ZOOM

    tiles = sorted({t for place in PLACES for t in held_tiles(place)})
    with transaction.atomic():
        before = {t: tile_version(*t) for t in tiles}
        picked = rng.sample(cameras, edits)
        for pk, _ in picked:
            camera = Camera.objects.get(pk=pk)
            flip = Camera.Status.PENDING if camera.status == Camera.Status.VERIFIED else Camera.Status.VERIFIED
            Camera.objects.filter(pk=pk).update(status=flip)
        after = {t: tile_version(*t) for t in tiles}
        transaction.set_rollback(True)
    qks = {qk for _, qk in picked}
    wrong = [t for t in tiles if (before[t] != after[t]) != changed(t, qks, REGION_ZOOM)]
    if wrong:
        raise SystemExit(f"tile versions disagree with the computation for {len(wrong)} tiles, e.g. {wrong[:3]}")
    return len(tiles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cameras", type=int, default=100_000, help="seeded size to use (seeded if missing)")
    parser.add_argument("--viewers", type=int, default=400, help="viewers per window and region zoom")
    parser.add_argument("--check-edits", type=int, default=60, help="real edits to check the computation with")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--region-zooms", default="10,12,14", help="region grids to compare")
    args = parser.parse_args()
    postgres = bool(os.environ.get("DATABASE_URL"))
    database.DATA.mkdir(parents=True, exist_ok=True)
    database.start(None if postgres else database.sqlite_file(args.cameras))
    from benchmarks.seeding import seed

    seed(args.cameras, reseed=False)
    rng = random.Random(args.seed)
    cameras = public_quadkeys()
    place = held_tiles(PLACES[0])
    print(f"{database.vendor()}, {args.cameras:,} cameras ({len(cameras):,} public); a viewer holds "
          f"{len(place)} tiles ({len(place) - sum(t[0] == OVERVIEW[0] for t in place)} at the place); "
          f"{args.viewers} viewers per cell; one edit a second")
    if args.check_edits:
        checked = check_against_database(cameras, args.check_edits, rng)
        print(f"checked: {args.check_edits} real edits, {checked} tiles' versions agree with the computation")
    zooms = [int(z) for z in args.region_zooms.split(",")]
    rows = simulate(cameras, args.viewers, zooms, rng)
    regions = {z: len({qk >> (2 * (QK_ZOOM - z)) for _, qk in cameras}) for z in zooms}
    print("\nshare of held tiles whose URL changed (target: at most 5%)")
    print(f"{'window':>8} | " + " | ".join(f"{f'z{z}: {regions[z]} regions':>16}" for z in zooms) + " | one version")
    for window in WINDOWS:
        print(f"{window:>6} s | " + " | ".join(f"{rows[(z, window)]:>16.1%}" for z in zooms) + f" | {1:>10.0%}")


if __name__ == "__main__":
    main()
