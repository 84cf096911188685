"""Point-to-district lookup.

The exact boundaries are read from the database once per process into an
STRtree of prepared polygons, so a lookup costs microseconds. Loading the
districts again calls reset() so the next lookup sees the new shapes.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np
import shapely
from django.utils.translation import get_language
from shapely.geometry import Point, shape
from shapely.strtree import STRtree

from mapsite.lib.geo import HK_BOUNDS


class OutsideHongKong(ValueError):
    """The point lies in none of the 18 districts."""


@dataclass(frozen=True)
class _Index:
    codes: list[str]
    geoms: list
    tree: STRtree
    names: dict[int, tuple[str, str]]  # id -> (English, Chinese), for labels that must not cost a query each


_lock = threading.Lock()
_index: _Index | None = None


def reset() -> None:
    global _index
    with _lock:
        _index = None


def _build() -> _Index:
    from mapsite.districts.models import District

    codes, geoms, names = [], [], {}
    rows = District.objects.order_by("code").values_list("id", "code", "name_en", "name_zh", "boundary")
    for pk, code, name_en, name_zh, boundary in rows:
        geom = shape(boundary)
        shapely.prepare(geom)
        codes.append(code)
        geoms.append(geom)
        names[pk] = (name_en, name_zh)
    return _Index(codes, geoms, STRtree(geoms), names)


def _get_index() -> _Index:
    global _index
    index = _index
    if index is None or not index.codes:
        with _lock:
            if _index is None or not _index.codes:
                _index = _build()
            index = _index
    return index


def district_names() -> dict[int, str]:
    """{district id: name in the active language}, from the same in-process index as the lookups."""
    chinese = (get_language() or "").startswith("zh")
    return {pk: pair[1] if chinese else pair[0] for pk, pair in _get_index().names.items()}


def district_code_at(lat: float, lon: float) -> str | None:
    """The letter code of the district containing the point, or None if outside Hong Kong."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    min_lon, min_lat, max_lon, max_lat = HK_BOUNDS
    if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
        return None
    index = _get_index()
    point = Point(lon, lat)
    # The tree answers in its own order; sorted indices are code order (the index is built by code),
    # so a point on a shared border goes to the first district by code, as in district_codes_at.
    for i in sorted(index.tree.query(point).tolist()):
        # covers() rather than contains(): a point on a shared border still belongs somewhere
        if index.geoms[i].covers(point):
            return index.codes[i]
    return None


def district_codes_at(points: list[tuple[float, float]]) -> list[str | None]:
    """Batch form of district_code_at for imports: (lat, lon) pairs in, codes (or None) out.

    Each prepared district polygon tests, in one vectorised call, only the points
    inside its bounding box and not yet placed, so 100,000 points take well
    under a second (an STRtree query with a predicate would test them against
    unprepared polygons one pair at a time)."""
    result: list[str | None] = [None] * len(points)
    if not points:
        return result
    index = _get_index()
    coords = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    lat, lon = coords[:, 0], coords[:, 1]
    unplaced = np.isfinite(lat) & np.isfinite(lon)
    for code, geom in zip(index.codes, index.geoms, strict=True):
        min_lon, min_lat, max_lon, max_lat = geom.bounds
        candidates = np.nonzero(unplaced & (lon >= min_lon) & (lon <= max_lon) & (lat >= min_lat) & (lat <= max_lat))[0]
        if not len(candidates):
            continue
        # intersects, like covers() in district_code_at: a point on a shared border still belongs somewhere
        hits = candidates[shapely.intersects_xy(geom, lon[candidates], lat[candidates])]
        for i in hits.tolist():
            result[i] = code
        unplaced[hits] = False
    return result


def district_at(lat: float, lon: float):
    """The District containing the point. Raises OutsideHongKong when there is none."""
    from mapsite.districts.models import District

    code = district_code_at(lat, lon)
    if code is None:
        raise OutsideHongKong(f"({lat}, {lon}) is not inside any Hong Kong district")
    return District.objects.without_shapes().get(code=code)
