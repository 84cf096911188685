"""Synthetic cameras at city scale: dense where Hong Kong is dense, every one inside a district.

    python -m benchmarks.seeding 60000      # seed benchmarks/.data/bench-60000.sqlite3 (reused if already seeded)

Points are drawn with numpy around hot spots rather than with mapsite.cameras.demo's
per-district uniform sampling: the benchmark needs Mong Kok as crowded as it is, so that
the densest tiles reach the cluster cap, and it needs a million of them in seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import time
from functools import cache

import numpy as np

from mapsite.lib.geo import HK_BOUNDS
from mapsite.lib.quadkeys import MAX_LAT, QK_ZOOM

# (lat, lon, sigma in degrees) of the places people crowd into.
KOWLOON = [
    (22.3193, 114.1694, 0.006),  # Mong Kok
    (22.2988, 114.1722, 0.005),  # Tsim Sha Tsui
    (22.3120, 114.1700, 0.005),  # Yau Ma Tei
    (22.3305, 114.1622, 0.006),  # Sham Shui Po
    (22.3282, 114.1916, 0.006),  # Kowloon City
    (22.3420, 114.1950, 0.006),  # Wong Tai Sin
    (22.3120, 114.2250, 0.007),  # Kwun Tong
    (22.3040, 114.1820, 0.004),  # Hung Hom
]
NORTH_SHORE = [
    (22.2820, 114.1580, 0.004),  # Central
    (22.2860, 114.1500, 0.004),  # Sheung Wan
    (22.2770, 114.1730, 0.004),  # Wan Chai
    (22.2800, 114.1840, 0.004),  # Causeway Bay
    (22.2910, 114.2000, 0.004),  # North Point
    (22.2870, 114.2130, 0.004),  # Quarry Bay
    (22.2650, 114.2370, 0.005),  # Chai Wan
]
NEW_TOWNS = [
    (22.3817, 114.1880, 0.008),  # Sha Tin
    (22.3710, 114.1140, 0.007),  # Tsuen Wan
    (22.3640, 114.1310, 0.006),  # Kwai Chung
    (22.3910, 113.9770, 0.008),  # Tuen Mun
    (22.4450, 114.0220, 0.007),  # Yuen Long
    (22.4600, 114.0040, 0.006),  # Tin Shui Wai
    (22.3070, 114.2600, 0.006),  # Tseung Kwan O
    (22.4500, 114.1680, 0.007),  # Tai Po
    (22.5010, 114.1280, 0.006),  # Sheung Shui
    (22.2890, 113.9410, 0.005),  # Tung Chung
    (22.4250, 114.2320, 0.006),  # Ma On Shan
]
# None is a uniform share over the whole territory; only what lands in a district is kept,
# so the country parks end up sparse rather than empty.
SHARES = [(KOWLOON, 0.45), (NORTH_SHORE, 0.25), (NEW_TOWNS, 0.22), (None, 0.08)]


def _draw(rng: np.random.Generator, want: int) -> tuple[np.ndarray, np.ndarray]:
    """About `want` candidate points (lat, lon), shuffled so no share comes first."""
    lats, lons = [], []
    for spots, share in SHARES:
        k = int(want * share)
        if spots is None:
            min_lon, min_lat, max_lon, max_lat = HK_BOUNDS
            lats.append(rng.uniform(min_lat, max_lat, k))
            lons.append(rng.uniform(min_lon, max_lon, k))
            continue
        pick = rng.integers(0, len(spots), k)
        centre = np.array([(s[0], s[1]) for s in spots])[pick]
        sigma = np.array([s[2] for s in spots])[pick]
        lats.append(centre[:, 0] + rng.normal(0, 1, k) * sigma)
        lons.append(centre[:, 1] + rng.normal(0, 1, k) * sigma)
    lat = np.round(np.concatenate(lats), 6)
    lon = np.round(np.concatenate(lons), 6)
    order = rng.permutation(len(lat))
    return lat[order], lon[order]


def synthetic_points(n: int, seed: int = 42) -> list[tuple[float, float, str]]:
    """n (lat, lon, district code) inside Hong Kong's districts, dense where people are."""
    from mapsite.districts.lookup import district_codes_at

    rng = np.random.default_rng(seed)
    out: list[tuple[float, float, str]] = []
    while len(out) < n:
        # Points in the sea or across the border are dropped; oversample so one round usually suffices.
        lat, lon = _draw(rng, int((n - len(out)) * 1.6) + 100)
        points = list(zip(lat.tolist(), lon.tolist(), strict=True))
        codes = district_codes_at(points)
        out.extend((la, lo, code) for (la, lo), code in zip(points, codes, strict=True) if code is not None)
    return out[:n]


def quadkeys(lats, lons) -> list[int]:
    """mapsite.lib.quadkeys.quadkey for many points at once (per point it would dominate seeding 1M)."""
    lon = np.asarray(lons, dtype=np.float64)
    lat = np.clip(np.asarray(lats, dtype=np.float64), -MAX_LAT, MAX_LAT)
    n = 1 << QK_ZOOM
    x = np.clip(((lon + 180.0) / 360.0 * n).astype(np.int64), 0, n - 1)
    y = ((1.0 - np.arcsinh(np.tan(np.radians(lat))) / np.pi) / 2.0 * n).astype(np.int64)
    y = np.clip(y, 0, n - 1)
    code = np.zeros_like(x)
    for i in range(QK_ZOOM):
        code |= ((x >> i) & 1) << (2 * i) | ((y >> i) & 1) << (2 * i + 1)
    return code.tolist()


@cache
def _statuses() -> tuple:
    from mapsite.cameras.models import Camera

    return Camera.Status.VERIFIED, Camera.Status.PENDING, Camera.Status.REJECTED


def camera_attributes(rng: random.Random, now: dt.datetime) -> dict:
    """One camera's attributes, drawn by seed_demo's own draw. The status mix is the
    benchmark's own: the map must skip rejected cameras, so some have to exist."""
    from mapsite.cameras.demo import random_attributes

    statuses = _statuses()
    return {**random_attributes(rng, now), "status": rng.choices(statuses, (14, 5, 1))[0],
            "confirm_count": rng.randrange(5)}


def camera_rows(points, *, rng: random.Random, now: dt.datetime) -> list[dict]:
    """Rows for bulk_insert_cameras, quadkeys computed here in one vectorised pass."""
    from mapsite.districts.models import District

    district_ids = dict(District.objects.values_list("code", "id"))
    qks = quadkeys([p[0] for p in points], [p[1] for p in points])
    return [
        {"latitude": lat, "longitude": lon, "qk": qk, "district_id": district_ids[code],
         **camera_attributes(rng, now)}
        for (lat, lon, code), qk in zip(points, qks, strict=True)
    ]


def seed(n: int, *, reseed: bool) -> float | None:
    """Fill the database with exactly n synthetic cameras; returns seconds taken, None if reused."""
    from django.db import connection
    from django.utils import timezone

    from mapsite.cameras.bulk import bulk_insert_cameras
    from mapsite.cameras.models import Camera
    from mapsite.tiles.triggers import suspended_counters

    if not reseed and Camera.objects.count() == n and Camera.objects.filter(is_demo=True).count() == n:
        return None
    started = time.perf_counter()
    now = timezone.now()
    rows = camera_rows(synthetic_points(n), rng=random.Random(n), now=now)
    # One rebuild at the end instead of a trigger per row: emptying and refilling a million rows.
    with suspended_counters(rebuild=True):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM cameras_camera")
        bulk_insert_cameras(rows, {"is_demo": True, "source": Camera.Source.DEMO, "updated_at": now})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


def main() -> None:
    """Seed one size's SQLite file in a process of its own (Django is configured once per process)."""
    from benchmarks.database import sqlite_file, start

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cameras", type=int)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()
    os.environ.pop("DATABASE_URL", None)  # the seeded file is SQLite whatever the parent measures
    start(sqlite_file(args.cameras))
    seeded = seed(args.cameras, reseed=args.reseed)
    print(f"seeded {args.cameras:,} cameras in {seeded:.1f} s" if seeded else
          f"{args.cameras:,} cameras already seeded, reused")


if __name__ == "__main__":
    main()
