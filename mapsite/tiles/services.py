"""What one map tile holds: clusters with counts when zoomed out, cameras when zoomed in.

A tile at zoom z is split into a 2^GRID_BITS x 2^GRID_BITS grid of cells. The
cells come from ClusterCell (kept exact by triggers) for every zoom where a
stored level is fine enough, so the cost of a zoomed-out tile depends on the
number of cells, never on the number of cameras. From settings.CAMERA_MIN_ZOOM a tile
lists its cameras, unless it holds more than settings.TILES_MAX_CAMERAS of them
(dense Kowloon at a million cameras): then it is clustered on the finer grid
from the cameras' indexed quadkeys, which at that zoom touches only a few
thousand rows.
"""

from __future__ import annotations

import hashlib
import threading
import time
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import orjson
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from mapsite.cameras.features import PUBLIC_FIELDS, PublicFeatures, detail_url_template
from mapsite.cameras.filters import parse_filter
from mapsite.cameras.models import Camera
from mapsite.core.errors import BadRequest
from mapsite.lib.quadkeys import QK_ZOOM, deinterleave, interleave, tile_range
from mapsite.tiles.triggers import ALL, CAMERA, CELLS, LEVELS, REGION_ZOOM, REGIONS

GRID_BITS = 2  # 4 x 4 cells of 64 px on a 256 px tile: about the spacing of cluster icons
MAX_ZOOM = QK_ZOOM - GRID_BITS
FORMAT = 1  # part of the ETag: bump when the response shape changes
# How long a built tile stays in the shared cache; a new version has a new key anyway, so this
# only bounds what a cache without eviction keeps of tiles nobody asks for any more.
TILE_BODY_SECONDS = 6 * 3600


@dataclass(frozen=True)
class Filters:
    statuses: tuple[str, ...]
    kinds: tuple[str, ...] = ()
    operators: tuple[str, ...] = ()

    @classmethod
    def parse(cls, query: QueryDict) -> Filters:
        """kind, operator and status from a QueryDict, by the cameras API's own parser."""
        statuses, kinds, operators = (parse_filter(query, name) for name in ("status", "kind", "operator"))
        return cls(
            statuses=statuses or tuple(sorted(str(s) for s in Camera.PUBLIC_STATUSES)),
            kinds=kinds or (),
            operators=operators or (),
        )

    def counter_sql(self) -> tuple[str, list[str]]:
        """The filter on counter rows: with no kind or operator chosen, only the rollup rows
        (every kind and operator in one row per cell and status); otherwise the split rows,
        which the IN lists already keep apart from the rollup."""
        where, params = self.sql()
        if not self.kinds and not self.operators:
            where += f" AND kind = '{ALL}' AND operator = '{ALL}'"
        return where, params

    def sql(self) -> tuple[str, list[str]]:
        clauses, params = [], []
        for column, chosen in (("status", self.statuses), ("kind", self.kinds), ("operator", self.operators)):
            if chosen:
                clauses.append(f"{column} IN ({', '.join(['%s'] * len(chosen))})")
                params.extend(chosen)
        return " AND ".join(clauses), params


def parse_address(z: str, x: str, y: str) -> tuple[int, int, int]:
    try:
        zi, xi, yi = int(z), int(x), int(y)
    except ValueError:
        raise BadRequest(_("Tile z, x and y must be whole numbers.")) from None
    if not 0 <= zi <= MAX_ZOOM:
        raise BadRequest(_("Zoom must be between 0 and %(max)d.") % {"max": MAX_ZOOM})
    n = 1 << zi
    if not (0 <= xi < n and 0 <= yi < n):
        raise BadRequest(_("At zoom %(z)d, x and y must be between 0 and %(max)d.") % {"z": zi, "max": n - 1})
    return zi, xi, yi


def _version_sum(where: str = "") -> int:
    # Raw SQL: this runs on every tile request and the ORM's query building would be most of its cost.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT CAST(COALESCE(SUM(version), 0) AS BIGINT) FROM {REGIONS}{where}")  # noqa: S608
        return int(cursor.fetchone()[0])


def current_version() -> int:
    """The site-wide data version: the sum of every region's version, so it goes up with any
    published change anywhere (the districts' counts are cached under it), while no writer
    ever updates one shared row."""
    return _version_sum()


def region_range(z: int, x: int, y: int) -> tuple[int, int]:
    """Half-open range of the region numbers that tile (z, x, y) covers (one region from REGION_ZOOM on)."""
    if z >= REGION_ZOOM:
        region = interleave(x >> (z - REGION_ZOOM), y >> (z - REGION_ZOOM))
        return region, region + 1
    lo = interleave(x, y) << (2 * (REGION_ZOOM - z))
    return lo, lo + (1 << (2 * (REGION_ZOOM - z)))


class _Snapshot:
    """Every region's version as this process last read it, with prefix sums, so that the version
    of any tile is two bisections. Read again once settings.TILE_VERSIONS_SECONDS have passed: a
    cached tile then costs no database round trip at all (on PostgreSQL that read, and the
    connection check it brings, were most of a cached tile's time). One thread reads while the
    others go on with the snapshot they have."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state: tuple[float, list[int], list[int]] | None = None  # (read at, regions, prefix sums)

    def clear(self) -> None:
        self._state = None

    def _read(self) -> tuple[float, list[int], list[int]]:
        regions, sums = [], [0]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT region, version FROM {REGIONS} ORDER BY region")  # noqa: S608
            for region, version in cursor.fetchall():
                regions.append(int(region))
                sums.append(sums[-1] + int(version))
        return time.monotonic(), regions, sums

    def sum(self, lo: int, hi: int, max_age: float) -> int:
        state = self._state
        stale = state is None or time.monotonic() - state[0] >= max_age
        if stale and self._lock.acquire(blocking=state is None):
            try:
                state = self._state = self._read()
            finally:
                self._lock.release()
        _, regions, sums = state
        return sums[bisect_left(regions, hi)] - sums[bisect_left(regions, lo)]


_snapshot = _Snapshot()


def tile_version(z: int, x: int, y: int) -> int:
    """The version of tile (z, x, y): the sum of the versions of the regions it covers. Versions only
    go up, so the sum moves whenever one of them does, and only then. Read before the data, so a
    response is never newer-labelled than its content; with TILE_VERSIONS_SECONDS, from a
    snapshot at most that old (_Snapshot), so an edit reaches tile labels that much later."""
    lo, hi = region_range(z, x, y)
    max_age = settings.TILE_VERSIONS_SECONDS
    if max_age <= 0:
        return _version_sum(f" WHERE region >= {int(lo)} AND region < {int(hi)}")
    return _snapshot.sum(lo, hi, max_age)


def region_versions() -> dict[str, int]:
    """{"x/y" of each region at REGION_ZOOM: its version}: what the map builds tile URLs from."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT region, version FROM {REGIONS} ORDER BY region")  # noqa: S608
        rows = cursor.fetchall()
    return {"{}/{}".format(*deinterleave(int(region))): int(version) for region, version in rows}


def _clusters(rows: Iterable[tuple[int, str, int, float, float]]) -> list[dict[str, Any]]:
    cells: dict[int, list] = {}
    for cell, status, count, sum_lat, sum_lon in rows:
        if not count:
            continue
        entry = cells.setdefault(cell, [0, 0.0, 0.0, 0])
        entry[0] += count
        entry[1] += sum_lat
        entry[2] += sum_lon
        if status == Camera.Status.VERIFIED:
            entry[3] += count
    features = []
    for cell in sorted(cells):
        count, sum_lat, sum_lon, verified = cells[cell]
        if count <= 0:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(sum_lon / count, 6), round(sum_lat / count, 6)]},
                "properties": {"cluster": True, "count": int(count), "verified": int(verified)},
            }
        )
    return features


def _counter_level(z: int) -> int | None:
    """The stored level that tile zoom z reads its grid from (None beyond the finest)."""
    want = z + GRID_BITS
    return next((lv for lv in LEVELS if lv >= want), None)


def _cell_range(z: int, x: int, y: int, level: int) -> tuple[int, int]:
    """Half-open range of level-`level` cell numbers inside tile (z, x, y)."""
    lo = interleave(x, y) << (2 * (level - z))
    return lo, lo + (1 << (2 * (level - z)))


def _counter_rows(z: int, x: int, y: int, level: int, filters: Filters, select: str, group: str = "") -> list:
    """Counter rows of the tile (z, x, y) at a stored level, under the filters.

    Integers are ours (validated and computed), inlined so both drivers see bigint arithmetic."""
    lo, hi = _cell_range(z, x, y, level)
    where, params = filters.counter_sql()
    sql = (
        f"SELECT {select} FROM {CELLS} "  # noqa: S608
        f"WHERE level = {int(level)} AND cell >= {int(lo)} AND cell < {int(hi)} AND {where}{group}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _count_from_counters(z: int, x: int, y: int, filters: Filters) -> int | None:
    """Public cameras in the tile from the counters, or None where no stored level covers the zoom.

    Any stored level at least as fine as the tile will do (a zoom-17 tile is four level-18 cells)."""
    level = next((lv for lv in LEVELS if lv >= z), None)
    if level is None:
        return None
    ((total,),) = _counter_rows(z, x, y, level, filters, "CAST(SUM(count) AS BIGINT)")
    return int(total or 0)


def _cells_from_counters(z: int, x: int, y: int, filters: Filters) -> list[dict[str, Any]]:
    level = _counter_level(z)
    assert level is not None
    shift = 2 * (level - z - GRID_BITS)
    select = f"cell >> {int(shift)}, status, CAST(SUM(count) AS BIGINT), SUM(sum_lat), SUM(sum_lon)"
    return _clusters(_counter_rows(z, x, y, level, filters, select, " GROUP BY 1, 2"))


def _cells_from_cameras(z: int, x: int, y: int, filters: Filters) -> list[dict[str, Any]]:
    lo, hi = tile_range(x, y, z)
    shift = 2 * (QK_ZOOM - z - GRID_BITS)
    where, params = filters.sql()
    sql = (
        f"SELECT qk >> {int(shift)}, status, COUNT(*), SUM(latitude), SUM(longitude) FROM {CAMERA} "  # noqa: S608
        f"WHERE {where} AND merged_into_id IS NULL AND published_at IS NOT NULL "
        f"AND qk >= {int(lo)} AND qk < {int(hi)} GROUP BY 1, 2"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _clusters(cursor.fetchall())


def _camera_rows(z: int, x: int, y: int, filters: Filters, limit: int) -> list[tuple]:
    """Public cameras in the tile, at most `limit`: the same rows as
    Camera.objects.public().filter(qk__gte=lo, qk__lt=hi, ...), in raw SQL because
    building the ORM query cost more than running it."""
    lo, hi = tile_range(x, y, z)
    where, params = filters.sql()
    sql = (
        f"SELECT {', '.join(PUBLIC_FIELDS)} FROM {CAMERA} "  # noqa: S608
        f"WHERE {where} AND merged_into_id IS NULL AND published_at IS NOT NULL "
        f"AND qk >= {int(lo)} AND qk < {int(hi)} ORDER BY qk LIMIT {int(limit)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# Public features already serialised, by the camera's whole public row. A camera is the
# same feature in every tile that lists it (zooms 15 to 19), and an edit re-labels every
# tile over its region, at each of those zooms: only cameras whose row changed are built
# again. The row is the key, so an edited camera never comes from here. The "stale"
# flag moves with the clock, so the memo is per day (at most a day late; public dates are
# days) and per link template. Per process, bounded, and emptied when full.
_fragments: dict[tuple[int, str], dict[tuple, orjson.Fragment]] = {}


def _feature_context() -> tuple[int, str]:
    """What a feature depends on besides its row: the stale cutoff (a day) and the link template."""
    return timezone.localdate().toordinal() - settings.STALE_AFTER_DAYS, detail_url_template()


def camera_fragments(rows: Iterable[tuple]) -> list[orjson.Fragment]:
    """The public features (as /api/cameras.geojson builds them) of rows in PUBLIC_FIELDS order."""
    context = _feature_context()
    memo = _fragments.get(context)
    if memo is None:
        _fragments.clear()  # a new day: the old one is never asked for again
        memo = _fragments[context] = {}
    limit = settings.TILES_FEATURE_CACHE
    build = None
    out = []
    for row in rows:
        fragment = memo.get(row)
        if fragment is None:
            build = build or PublicFeatures()
            fragment = orjson.Fragment(orjson.dumps(build(row)))
            if limit:
                if len(memo) >= limit:
                    memo.clear()
                memo[row] = fragment
        out.append(fragment)
    return out


def tile_body(z: int, x: int, y: int, filters: Filters, version: int) -> bytes:
    """Tile (z, x, y) as JSON bytes, from the shared cache when built before. A tile's version
    moves with every change to its regions, so an entry is never stale, and an edit elsewhere
    leaves it in use: a tile is built once per version (and day), not once per request."""
    day, links = _feature_context()
    chosen = ",".join("+".join(values) for values in (filters.statuses, filters.kinds, filters.operators))
    digest = hashlib.blake2b(f"{chosen}|{links}".encode(), digest_size=8).hexdigest()
    key = f"tile:{FORMAT}:{z}/{x}/{y}:{version}:{day}:{digest}"
    body = cache.get(key)
    if body is None:
        body = orjson.dumps(tile_payload(z, x, y, filters, version))
        cache.set(key, body, TILE_BODY_SECONDS)
    return body


def tile_payload(z: int, x: int, y: int, filters: Filters, version: int) -> dict[str, Any]:
    """The FeatureCollection for tile (z, x, y): `mode` says whether it holds clusters or cameras."""
    mode = "clusters"
    if z >= settings.CAMERA_MIN_ZOOM:
        limit = settings.TILES_MAX_CAMERAS
        # Where the counters cover this zoom they say at once whether the tile is too dense to list.
        counted = _count_from_counters(z, x, y, filters)
        if counted is None or counted <= limit:
            rows = _camera_rows(z, x, y, filters, limit + 1)
            if len(rows) <= limit:
                # The public API's own feature builder: a camera looks the same in a tile
                # as in /api/cameras.geojson, and only one function decides what is public.
                mode, features = "cameras", camera_fragments(rows)
    if mode == "clusters":
        if _counter_level(z) is not None:
            features = _cells_from_counters(z, x, y, filters)
        else:
            features = _cells_from_cameras(z, x, y, filters)
    return {
        "type": "FeatureCollection",
        "v": version,
        "z": z,
        "x": x,
        "y": y,
        "mode": mode,
        "grid": 1 << GRID_BITS,  # clusters are per cell of a grid x grid split of the tile
        "features": features,
    }


def rebuild_counters() -> None:
    """Recompute every counter from the cameras (repair; the triggers keep them exact otherwise)."""
    from django.db import transaction

    from mapsite.tiles.triggers import rebuild_statements

    with transaction.atomic(), connection.cursor() as cursor:
        for sql in rebuild_statements():
            cursor.execute(sql)
