"""Timing requests through the full Django stack, choosing what to request, and the naive baseline."""

from __future__ import annotations

import gzip
import json
import random
import time


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


class Stat:
    def __init__(self, name: str, times_ms: list[float], sizes: list[int] | None = None, raw: list[int] | None = None,
                 note: str = "", first: list[float] | None = None) -> None:
        self.name = name
        self.times = times_ms  # the warm passes
        self.first = first or []  # the first pass over the same URLs, reported apart, never dropped
        self.sizes = sizes or []
        self.raw = raw or []
        self.note = note

    @property
    def p50(self) -> float:
        return pct(self.times, 50)

    @property
    def p95(self) -> float:
        return pct(self.times, 95)

    @property
    def max_kb(self) -> float:
        return max(self.sizes) / 1024 if self.sizes else float("nan")

    @property
    def p95_kb(self) -> float:
        return pct([s / 1024 for s in self.sizes], 95) if self.sizes else float("nan")

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "n": len(self.times),
            "first_n": len(self.first),
            "first_p50_ms": round(pct(self.first, 50), 2) if self.first else None,
            "first_max_ms": round(max(self.first), 2) if self.first else None,
            "p50_ms": round(self.p50, 2),
            "p95_ms": round(self.p95, 2),
            "p95_kb": round(self.p95_kb, 1) if self.sizes else None,
            "max_kb": round(self.max_kb, 1) if self.sizes else None,
            "max_raw_kb": round(max(self.raw) / 1024, 1) if self.raw else None,
            "note": self.note,
        }


def timed_get(client, url: str) -> tuple[float, object]:
    """(ms, response) of one GET that accepts gzip, as a browser does; the body is read inside the timing."""
    started = time.perf_counter()
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    body = b"".join(response.streaming_content) if hasattr(response, "streaming_content") else response.content
    elapsed = (time.perf_counter() - started) * 1000
    response.body = body
    return elapsed, response


def measure_urls(client, name: str, urls: list[str], repeat: int, note: str = "", before=None) -> Stat:
    """The first pass over `urls` (cold: nothing of theirs built or cached yet in this process),
    then p50/p95 of `repeat` warm passes; `before` (untimed) runs before each request of both.

    The first pass is kept and reported apart: mixed in, a few cold requests decide p95; left
    out, what the first visitor after a change or a restart meets would go unreported."""
    first = []
    for url in urls:
        if before:
            before()
        first.append(timed_get(client, url)[0])
    times, sizes, raw = [], [], []
    modes: dict[str, int] = {}
    for _ in range(repeat):
        for url in urls:
            if before:
                before()
            ms, response = timed_get(client, url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}: {response.body[:200]!r}")
            times.append(ms)
            sizes.append(len(response.body))
            body = gzip.decompress(response.body) if response.get("Content-Encoding") == "gzip" else response.body
            raw.append(len(body))
            if "/api/tiles/" in url:
                mode = json.loads(body)["mode"]
                modes[mode] = modes.get(mode, 0) + 1
    if modes:
        note = (note + " " if note else "") + ", ".join(f"{k}: {v // repeat}" for k, v in sorted(modes.items()))
    return Stat(name, times, sizes, raw, note, first=first)


def tiles_covering(z: int) -> list[tuple[int, int]]:
    from mapsite.lib.geo import HK_BOUNDS
    from mapsite.lib.quadkeys import lonlat_to_tile

    min_lon, min_lat, max_lon, max_lat = HK_BOUNDS
    x0, y0 = lonlat_to_tile(min_lon, max_lat, z)
    x1, y1 = lonlat_to_tile(max_lon, min_lat, z)
    return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


def random_public_cameras(rng: random.Random, *fields: str):
    """Endless draws: `fields` of the first public camera from a random id on, None where there is none.

    Picking by id rather than ORDER BY random() is cheap at a million rows, and as ids are
    spread evenly over the points, dense areas come up as often as people look at them."""
    from mapsite.cameras.models import Camera

    max_id = last_camera_id()
    while True:
        yield Camera.objects.public().filter(id__gte=rng.randint(1, max_id)).order_by("id").values_list(
            *fields).first()


def sample_public(rng: random.Random, count: int, *fields: str, key=None) -> list:
    """Up to `count` distinct key(row) of random public cameras, giving up after count x 50 draws."""
    found: list = []
    draws = random_public_cameras(rng, *fields)
    for _attempt in range(count * 50):
        if len(found) == count:
            break
        row = next(draws)
        if row is not None and (item := key(row) if key else row) not in found:
            found.append(item)
    return found


def sample_tiles(z: int, count: int, seed: int = 7) -> list[tuple[int, int]]:
    """Distinct zoom-z tiles under random public cameras."""
    from mapsite.lib.quadkeys import lonlat_to_tile

    return sample_public(random.Random(seed), count, "longitude", "latitude", key=lambda r: lonlat_to_tile(*r, z))


def naive_and_floor(bbox: tuple[float, float, float, float], repeat: int,
                    cap: int | None = None) -> tuple[list[float], list[float], int, int, int]:
    """The naive endpoint (matching rows -> geojson.FeatureCollection -> json.dumps) and the
    floor (orjson.dumps of the same rows already in memory). With `cap`, at most that many rows,
    newest first, as a simple bbox API with a feature cap serves them; without, every row.
    Returns times (ms), row count, bytes raw, bytes gzipped."""
    import geojson
    import orjson

    from mapsite.cameras.features import PUBLIC_FIELDS
    from mapsite.cameras.features import features as camera_features
    from mapsite.cameras.models import Camera

    naive_times, floor_times = [], []
    size = rows_n = 0
    features = []
    for _ in range(repeat):
        started = time.perf_counter()
        matching = Camera.objects.public().in_bbox(*bbox)
        if cap is None:
            rows = list(matching.order_by().values_list(*PUBLIC_FIELDS))
        else:
            rows = list(matching.values_list(*PUBLIC_FIELDS)[:cap])
        features = camera_features(rows)
        collection = geojson.FeatureCollection(
            [geojson.Feature(id=f["id"], geometry=geojson.Point(f["geometry"]["coordinates"]),
                             properties=f["properties"]) for f in features]
        )
        body = json.dumps(collection).encode()
        naive_times.append((time.perf_counter() - started) * 1000)
        rows_n, size, gzipped = len(rows), len(body), len(gzip.compress(body, compresslevel=6))
        del collection, body, rows
    payload = {"type": "FeatureCollection", "features": features}
    for _ in range(max(repeat, 3)):
        started = time.perf_counter()
        orjson.dumps(payload)
        floor_times.append((time.perf_counter() - started) * 1000)
    return naive_times, floor_times, rows_n, size, gzipped


def bbox_api(client, bbox: tuple[float, float, float, float], repeat: int) -> dict:
    """/api/cameras.geojson for a bounding box through the full stack: the site's own capped bbox
    API (settings.API_MAX_FEATURES), which is what a simple map would ask for the same view."""
    west, south, east, north = bbox
    url = f"/api/cameras.geojson?bbox={west},{south},{east},{north}"
    first_ms, response = timed_get(client, url)
    times = [timed_get(client, url)[0] for _ in range(repeat)]
    body = gzip.decompress(response.body) if response.get("Content-Encoding") == "gzip" else response.body
    data = json.loads(body)
    return {"first_ms": first_ms, "times": times, "sent": len(response.body), "raw": len(body),
            "features": len(data["features"]), "total": data.get("total"), "truncated": data.get("truncated")}


def delete_after(last_id: int) -> None:
    """Remove the cameras a measurement added, and the rows pointing at them (audit entries...),
    so the next measurement sees exactly N cameras again."""
    from django.db import connection, transaction

    from mapsite.cameras.models import Camera

    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for rel in Camera._meta.related_objects:
            if rel.one_to_many and rel.related_model is not Camera:
                table, column = rel.related_model._meta.db_table, rel.field.column
                cursor.execute(f"DELETE FROM {quote(table)} WHERE {quote(column)} > %s", [last_id])  # noqa: S608
        cursor.execute("UPDATE cameras_camera SET merged_into_id = NULL WHERE merged_into_id > %s", [last_id])
        cursor.execute("DELETE FROM cameras_camera WHERE id > %s", [last_id])


def last_camera_id() -> int:
    from mapsite.cameras.models import Camera

    return Camera.objects.order_by("-id").values_list("id", flat=True).first() or 0


def profile_url(client, url: str, times: int = 50) -> str:
    """pyinstrument's text report for `times` GETs of url (gzip accepted, as a browser would)."""
    from pyinstrument import Profiler

    client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(times):
        client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    profiler.stop()
    text = profiler.output_text(unicode=False, color=False, show_all=False)
    print(f"\n== Profile of {times} x GET {url}\n{text}")
    return text
