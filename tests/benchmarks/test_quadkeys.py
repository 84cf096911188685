"""The benchmark seeds a million quadkeys with numpy; they must be the ones the app computes."""

from __future__ import annotations

import random

from benchmarks.seeding import quadkeys
from mapsite.lib.geo import HK_BOUNDS
from mapsite.lib.quadkeys import MAX_LAT, QK_ZOOM, lonlat_to_tile, quadkey, tile_to_lonlat


def _same_as_the_app(points: list[tuple[float, float]]) -> None:
    """points are (lat, lon); compares every one and names the first that differs."""
    fast = quadkeys([lat for lat, _ in points], [lon for _, lon in points])
    slow = [quadkey(lon, lat) for lat, lon in points]
    assert all(isinstance(q, int) for q in fast)
    mismatches = [(p, f, s) for p, f, s in zip(points, fast, slow, strict=True) if f != s]
    assert not mismatches, f"{len(mismatches)} differ, first {mismatches[0]}"


def test_random_points_in_and_around_hong_kong():
    rng = random.Random(20240611)
    min_lon, min_lat, max_lon, max_lat = HK_BOUNDS
    around = [(rng.uniform(min_lat - 1, max_lat + 1), rng.uniform(min_lon - 1, max_lon + 1)) for _ in range(3000)]
    # Six decimals, as the seeded points are stored.
    seeded = [(round(rng.uniform(min_lat, max_lat), 6), round(rng.uniform(min_lon, max_lon), 6)) for _ in range(2000)]
    _same_as_the_app(around + seeded)


def test_points_on_tile_edges():
    """Corners of QK_ZOOM tiles over Hong Kong and a hair either side, where rounding could pick the neighbour."""
    min_lon, min_lat, max_lon, max_lat = HK_BOUNDS
    x0, y0 = lonlat_to_tile(min_lon, max_lat, QK_ZOOM)
    x1, y1 = lonlat_to_tile(max_lon, min_lat, QK_ZOOM)
    rng = random.Random(7)
    points = []
    for _ in range(500):
        x, y = rng.randrange(x0, x1 + 1), rng.randrange(y0, y1 + 1)
        lon, lat = tile_to_lonlat(x, y, QK_ZOOM)
        points += [(lat + d, lon + d) for d in (-1e-9, 0.0, 1e-9)]
    _same_as_the_app(points)


def test_edges_of_the_world():
    """The poles beyond Web Mercator's limit, the antimeridian, the equator and the prime meridian."""
    points = [(lat, lon) for lat in (-90.0, -MAX_LAT, -45.0, 0.0, 22.3, MAX_LAT, 89.9, 90.0)
              for lon in (-180.0, -179.999999, 0.0, 114.17, 179.999999, 180.0)]
    _same_as_the_app(points)
