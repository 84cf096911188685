"""Web Mercator tile arithmetic and quadkeys.

Each camera stores a quadkey at QK_ZOOM: the tile's x and y bits interleaved
into one integer. A tile at any coarser zoom is then one contiguous range of
that integer, so "cameras in this tile" is a single index range scan, and
"clusters inside this tile" a GROUP BY on a right shift.
"""

from __future__ import annotations

import math

QK_ZOOM = 24  # about 2.2 m tiles at Hong Kong's latitude
MAX_LAT = 85.05112878


def lonlat_to_tile(lon: float, lat: float, zoom: int) -> tuple[int, int]:
    lat = max(-MAX_LAT, min(MAX_LAT, lat))
    n = 1 << zoom
    x = int((lon + 180.0) / 360.0 * n)
    lat_rad = math.radians(lat)
    y = int((1.0 - math.asinh(math.tan(lat_rad)) / math.pi) / 2.0 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def tile_to_lonlat(x: float, y: float, zoom: int) -> tuple[float, float]:
    """North-west corner of tile (x, y); fractional x/y give points inside it."""
    n = 1 << zoom
    lon = x / n * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))
    return lon, lat


def tile_bounds(x: int, y: int, zoom: int) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) of a tile."""
    west, north = tile_to_lonlat(x, y, zoom)
    east, south = tile_to_lonlat(x + 1, y + 1, zoom)
    return west, south, east, north


def interleave(x: int, y: int) -> int:
    """Morton code: bit i of x goes to bit 2i, bit i of y to bit 2i+1."""
    result = 0
    for i in range(QK_ZOOM):
        result |= ((x >> i) & 1) << (2 * i) | ((y >> i) & 1) << (2 * i + 1)
    return result


def deinterleave(code: int) -> tuple[int, int]:
    x = y = 0
    for i in range(QK_ZOOM):
        x |= ((code >> (2 * i)) & 1) << i
        y |= ((code >> (2 * i + 1)) & 1) << i
    return x, y


def quadkey(lon: float, lat: float) -> int:
    x, y = lonlat_to_tile(lon, lat, QK_ZOOM)
    return interleave(x, y)


def tile_range(x: int, y: int, zoom: int) -> tuple[int, int]:
    """Half-open [lo, hi) of QK_ZOOM quadkeys inside tile (x, y) at zoom."""
    shift = 2 * (QK_ZOOM - zoom)
    base = interleave(x, y) << shift
    # interleave() at the coarse zoom yields the prefix; shift it into place
    return base, base + (1 << shift)
