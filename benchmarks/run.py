#!/usr/bin/env python
"""City-scale benchmark: the map's requests at 10k, 100k and 1M cameras.

    .venv/bin/python benchmarks/run.py                      # SQLite, N = 10k, 100k, 1M
    .venv/bin/python benchmarks/run.py --sizes 10000 --repeat 3
    DATABASE_URL=postgres://mapsite:mapsite@127.0.0.1:5432/mapsite_bench .venv/bin/python benchmarks/run.py
    .venv/bin/python benchmarks/run.py --browser            # headless chromium, 60k cameras, live gunicorn
    .venv/bin/python benchmarks/run.py --markdown BENCHMARKS.md   # also rewrite the results section there

Each N gets its own SQLite file under benchmarks/.data/ (never the dev
database); a file already seeded with N cameras is reused (--reseed to redo).
On PostgreSQL the database name must contain "bench": it is emptied and reseeded.

Requests go through the full Django stack with django.test.Client (URL
routing, every middleware including GZip, the views, the ORM): no network
hop, so a deployment behind gunicorn adds its own per-request overhead (about
0.3-1 ms on this machine). The browser measurement uses real HTTP against gunicorn.
Targets are checked here, never by timed tests.
"""

# The subprocesses run this interpreter, manage.py and gunicorn with arguments built here.

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"
sys.path.insert(0, str(ROOT))

# Hot spots: (lat, lon, sigma in degrees, weight). Kowloon and the north shore of
# Hong Kong Island are dense, the new towns medium; a uniform share over the whole
# territory (kept only where it lands in a district) fills the country parks sparsely.
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
SHARES = [(KOWLOON, 0.45), (NORTH_SHORE, 0.25), (NEW_TOWNS, 0.22), (None, 0.08)]

TARGETS = {
    "tile_p95_ms": 50.0,
    "tile_kb": 100.0,
    "flat_ratio": 1.5,
    "districts_p95_ms": 20.0,
    "submission_p95_ms": 50.0,
    "browser_first_markers_s": 1.5,
    "naive_ratio_z11": 50.0,
}


# --- set-up -------------------------------------------------------------------


def configure(db_path: Path | None) -> None:
    """Point Django at the benchmark database before it is imported."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mapsite.settings")
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
    os.environ["RATELIMIT_ENABLE"] = "false"
    os.environ.setdefault("DEBUG", "false")
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    if db_path is not None:
        os.environ["SQLITE_PATH"] = str(db_path)


def django_setup() -> None:
    import django

    django.setup()


def vendor() -> str:
    from django.db import connection

    return connection.vendor


def prepare_schema() -> None:
    from django.core.management import call_command

    from mapsite.districts.loading import load_districts
    from mapsite.districts.models import District
    from mapsite.figures.loading import load_figures

    call_command("migrate", verbosity=0, interactive=False)
    if District.objects.count() != 18:
        load_districts()
        load_figures()


def synthetic_points(n: int, seed: int = 42) -> list[tuple[float, float, str]]:
    """n (lat, lon, district code) inside Hong Kong's districts, dense where people are."""
    import numpy as np

    from mapsite.districts.lookup import district_codes_at
    from mapsite.lib.geo import HK_BOUNDS

    rng = np.random.default_rng(seed)
    out: list[tuple[float, float, str]] = []
    while len(out) < n:
        want = int((n - len(out)) * 1.6) + 100
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
        lat, lon = lat[order], lon[order]
        codes = district_codes_at(list(zip(lat.tolist(), lon.tolist(), strict=True)))
        for la, lo, code in zip(lat.tolist(), lon.tolist(), codes, strict=True):
            if code is not None:
                out.append((la, lo, code))
                if len(out) == n:
                    break
    return out


def quadkeys(lats: list[float], lons: list[float]):
    """Vectorised mapsite.lib.quadkeys.quadkey."""
    import numpy as np

    from mapsite.lib.quadkeys import MAX_LAT, QK_ZOOM

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


def camera_objects(points, *, rng: random.Random, now, source: str, **extra):
    """Camera rows ({attname: value}) for points, with realistic-looking attributes and computed quadkeys."""
    import datetime as dt

    from mapsite.cameras.models import Camera
    from mapsite.districts.models import District

    district_ids = dict(District.objects.values_list("code", "id"))
    qks = quadkeys([p[0] for p in points], [p[1] for p in points])
    statuses = [Camera.Status.VERIFIED] * 14 + [Camera.Status.PENDING] * 5 + [Camera.Status.REJECTED]
    kinds = list(Camera.Kind.values)
    operators = list(Camera.Operator.values)
    mounts = list(Camera.Mount.values)
    for (lat, lon, code), qk in zip(points, qks, strict=True):
        reported = now - dt.timedelta(days=rng.randrange(0, 700), seconds=rng.randrange(86400))
        yield dict(
            latitude=lat,
            longitude=lon,
            qk=qk,
            district_id=district_ids[code],
            status=rng.choice(statuses),
            kind=rng.choice(kinds),
            operator=rng.choice(operators),
            mount=rng.choice(mounts),
            direction=rng.randrange(360) if rng.random() < 0.5 else None,
            field_of_view=rng.choice((60, 90, 120)) if rng.random() < 0.3 else None,
            reported_at=reported,
            last_confirmed_at=reported + dt.timedelta(days=rng.randrange(30)) if rng.random() < 0.6 else None,
            confirm_count=rng.randrange(5),
            source=source,
            is_demo=True,
            **extra,
        )


def seed(n: int, *, reseed: bool) -> float | None:
    """Fill the database with exactly n synthetic cameras; returns seconds taken, None if reused."""
    from django.db import connection
    from django.utils import timezone

    from mapsite.cameras.bulk import bulk_insert_cameras
    from mapsite.cameras.models import Camera
    from mapsite.tiles import triggers

    if not reseed and Camera.objects.count() == n and Camera.objects.filter(is_demo=True).count() == n:
        return None
    started = time.perf_counter()
    points = synthetic_points(n)
    rng = random.Random(n)
    now = timezone.now()
    # Seeding skips the triggers and recomputes the counters once at the end:
    # the same result, in one aggregate instead of a million upserts.
    with triggers.suspended_counters(rebuild=True):
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM cameras_camera")
        bulk_insert_cameras(list(camera_objects(points, rng=rng, now=now, source=Camera.Source.DEMO)))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - started


# --- measuring ----------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


class Stat:
    def __init__(self, name: str, times_ms: list[float], sizes: list[int] | None = None, raw: list[int] | None = None,
                 note: str = "") -> None:
        self.name = name
        self.times = times_ms
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
            "p50_ms": round(self.p50, 2),
            "p95_ms": round(self.p95, 2),
            "p95_kb": round(self.p95_kb, 1) if self.sizes else None,
            "max_kb": round(self.max_kb, 1) if self.sizes else None,
            "max_raw_kb": round(max(self.raw) / 1024, 1) if self.raw else None,
            "note": self.note,
        }


def timed_get(client, url: str, **headers) -> tuple[float, object]:
    started = time.perf_counter()
    response = client.get(url, **headers)
    body = b"".join(response.streaming_content) if hasattr(response, "streaming_content") else response.content
    elapsed = (time.perf_counter() - started) * 1000
    response.body = body
    return elapsed, response


def measure_urls(client, name: str, urls: list[str], repeat: int, note: str = "", before=None) -> Stat:
    """p50/p95 of GETs of `urls`, `repeat` passes; `before` (untimed) runs before each request."""
    # One unmeasured pass first: the database pages and Python's lazy imports are warm in a
    # serving process, and a cold first pass made p95 (1 request in 20) swing 4x between runs.
    for url in urls:
        timed_get(client, url, HTTP_ACCEPT_ENCODING="gzip")
    times, sizes, raw = [], [], []
    modes: dict[str, int] = {}
    for _ in range(repeat):
        for url in urls:
            if before:
                before()
            ms, response = timed_get(client, url, HTTP_ACCEPT_ENCODING="gzip")
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
    return Stat(name, times, sizes, raw, note)


def tiles_covering(z: int) -> list[tuple[int, int]]:
    from mapsite.lib.geo import HK_BOUNDS
    from mapsite.lib.quadkeys import lonlat_to_tile

    min_lon, min_lat, max_lon, max_lat = HK_BOUNDS
    x0, y0 = lonlat_to_tile(min_lon, max_lat, z)
    x1, y1 = lonlat_to_tile(max_lon, min_lat, z)
    return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]


def sample_tiles(z: int, count: int, seed: int = 7) -> list[tuple[int, int]]:
    """Tiles under randomly chosen public cameras: weighted towards the dense areas, as people look there."""
    from mapsite.cameras.models import Camera
    from mapsite.lib.quadkeys import lonlat_to_tile

    rng = random.Random(seed)
    max_id = Camera.objects.order_by("-id").values_list("id", flat=True).first() or 0
    tiles: list[tuple[int, int]] = []
    seen = set()
    attempts = 0
    while len(tiles) < count and attempts < count * 50:
        attempts += 1
        cam = Camera.objects.public().filter(id__gte=rng.randint(1, max_id)).order_by("id").values_list(
            "longitude", "latitude").first()
        if cam is None:
            continue
        tile = lonlat_to_tile(cam[0], cam[1], z)
        if tile not in seen:
            seen.add(tile)
            tiles.append(tile)
    return tiles


def naive_and_floor(bbox: tuple[float, float, float, float], repeat: int) -> tuple[list[float], list[float], int, int]:
    """The naive endpoint (every matching row -> geojson.FeatureCollection -> json.dumps) and the
    floor (orjson.dumps of the same rows already in memory). Returns times (ms), row count, bytes."""
    import geojson
    import orjson

    from mapsite.cameras.api import PUBLIC_FIELDS
    from mapsite.cameras.api import features as camera_features
    from mapsite.cameras.models import Camera

    naive_times, floor_times = [], []
    size = rows_n = 0
    features = []
    for _ in range(repeat):
        started = time.perf_counter()
        rows = list(Camera.objects.public().in_bbox(*bbox).order_by().values_list(*PUBLIC_FIELDS))
        features = camera_features(rows)
        collection = geojson.FeatureCollection(
            [geojson.Feature(id=f["id"], geometry=geojson.Point(f["geometry"]["coordinates"]),
                             properties=f["properties"]) for f in features]
        )
        body = json.dumps(collection)
        naive_times.append((time.perf_counter() - started) * 1000)
        rows_n, size = len(rows), len(body)
        del collection, body, rows
    payload = {"type": "FeatureCollection", "features": features}
    for _ in range(max(repeat, 3)):
        started = time.perf_counter()
        orjson.dumps(payload)
        floor_times.append((time.perf_counter() - started) * 1000)
    return naive_times, floor_times, rows_n, size


def measure_districts(client, repeat: int) -> Stat:
    return measure_urls(client, "districts.geojson", ["/api/districts.geojson"], repeat * 20)


def measure_camera_page(client, repeat: int) -> Stat:
    from mapsite.cameras.models import Camera

    ids = list(Camera.objects.public().order_by("?").values_list("id", flat=True)[:20]) \
        if vendor() == "postgresql" else _random_public_ids(20)
    urls = [f"/cameras/{pk}/" for pk in ids]
    return measure_urls(client, "camera page", urls, repeat)


def _random_public_ids(k: int) -> list[int]:
    from mapsite.cameras.models import Camera

    rng = random.Random(3)
    max_id = Camera.objects.order_by("-id").values_list("id", flat=True).first()
    ids = []
    while len(ids) < k:
        pk = Camera.objects.public().filter(id__gte=rng.randint(1, max_id)).values_list("id", flat=True).first()
        if pk:
            ids.append(pk)
    return ids


def measure_submission(repeat: int) -> Stat:
    """POST the submission form as a signed-in resident (the real path: validation, duplicate
    check, district lookup, create, audit, counter triggers)."""
    import uuid

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from mapsite.cameras.models import Camera

    rng = random.Random(11)
    points = synthetic_points(repeat * 10, seed=99)
    before = Camera.objects.order_by("-id").values_list("id", flat=True).first() or 0
    times = []
    url = reverse("sightings:new")
    user, _ = get_user_model().objects.get_or_create(username="benchmark-resident")
    client = Client()
    client.force_login(user)
    for lat, lon, _code in points:
        data = {"latitude": f"{lat:.6f}", "longitude": f"{lon:.6f}", "kind": rng.choice(Camera.Kind.values),
                "operator": "unknown", "mount": "pole", "notes": "benchmark submission",
                "submission_token": str(uuid.uuid4()), "confirm_different": "on"}
        started = time.perf_counter()
        response = client.post(url, data)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 302:
            raise SystemExit(f"submission answered {response.status_code}")
    note = f"POST {url} as a signed-in resident (form, duplicate check, create, audit; 302)"
    _delete_after(before)
    return Stat("submission", times, note=note)


def measure_import(count: int) -> Stat:
    """manage.py import_cameras on a `count`-feature GeoJSON file; the imported rows are removed after."""
    from io import StringIO

    from django.core.management import call_command

    from mapsite.cameras.models import Camera

    before = Camera.objects.order_by("-id").values_list("id", flat=True).first() or 0
    points = synthetic_points(count, seed=1234)
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
         "properties": {"man_made": "surveillance", "surveillance:type": "camera", "camera:type": "dome",
                        "camera:mount": "pole", "operator": "Hong Kong Police Force"}}
        for lat, lon, _ in points
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".geojson", delete=False) as fh:
        json.dump({"type": "FeatureCollection", "features": features}, fh)
    out = StringIO()
    started = time.perf_counter()
    call_command("import_cameras", fh.name, stdout=out, stderr=out)
    elapsed = time.perf_counter() - started
    os.unlink(fh.name)
    summary = out.getvalue().strip().splitlines()[-1][:120] if out.getvalue().strip() else ""
    note = f"manage.py import_cameras ({summary})"
    print(f"   import of {count:,}: {elapsed:.1f} s ({note})", flush=True)
    _delete_after(before)
    return Stat(f"import {count:,}", [elapsed * 1000], note=note)


def _delete_after(last_id: int) -> None:
    """Remove the cameras a measurement added, and the rows pointing at them (audit entries...)."""
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


def run_size(n: int, args) -> dict:
    from django.test import Client

    from mapsite.lib.quadkeys import tile_bounds

    seeded = seed(n, reseed=args.reseed)
    client = Client()
    result: dict = {"n": n, "seed_s": round(seeded, 1) if seeded else None, "stats": []}
    print(f"\n== N = {n:,} cameras ({vendor()}; seeded in {seeded:.1f}s)" if seeded else
          f"\n== N = {n:,} cameras ({vendor()}; reusing the seeded database)", flush=True)

    from mapsite.cameras.models import Camera
    from mapsite.lib.geo import HK_BOUNDS

    result["public"] = Camera.objects.public().count()
    stats = []
    z11 = tiles_covering(11)
    urls = [f"/api/tiles/11/{x}/{y}.json" for x, y in z11]
    stats.append(measure_urls(client, "tile z11 (all HK)", urls, args.repeat))
    result["tile_urls"] = {"tile z11 (all HK)": urls}
    z11_total = sum(stats[-1].times) / args.repeat
    # 14 and 17 as the issue asks; 19 is the map's deepest zoom, where a dense tile still clusters.
    for z in (14, 17, 19):
        tiles = sample_tiles(z, args.tiles)
        urls = [f"/api/tiles/{z}/{x}/{y}.json" for x, y in tiles]
        name = f"tile z{z}" + (" (deepest)" if z == 19 else "")
        stats.append(measure_urls(client, name, urls, args.repeat))
        result["tile_urls"][name] = urls
    # The same zoom-19 tiles with the per-process feature memo emptied before every request:
    # what a tile costs when none of its cameras has been built since the last edit to them.
    from mapsite.tiles import services as tile_services

    stats.append(measure_urls(client, "tile z19 cold", urls, args.repeat,
                              before=tile_services._fragments.clear, note="feature memo emptied before each request"))
    stats.append(measure_districts(client, args.repeat))
    stats.append(measure_camera_page(client, args.repeat))
    stats.append(measure_submission(args.repeat))
    if not args.no_import:
        stats.append(measure_import(args.import_count))
    result["stats"] = [s.as_dict() for s in stats]

    # Naive baseline and floor, side by side with ours.
    comparisons = []
    naive_repeat = 1 if n >= 500_000 else 3
    naive, floor, rows_n, size = naive_and_floor(HK_BOUNDS, naive_repeat)
    comparisons.append({
        "view": "zoom 11, all of HK", "ours_ms": round(z11_total, 1), "ours_what": f"{len(z11)} tiles in sequence",
        "naive_ms": round(statistics.median(naive), 1), "floor_ms": round(statistics.median(floor), 1),
        "rows": rows_n, "naive_kb": round(size / 1024),
    })
    for z in (14, 17):
        tiles = sample_tiles(z, 10, seed=21)
        ours = []
        naive_t, floor_t = [], []
        for x, y in tiles:
            t, _ = timed_get(client, f"/api/tiles/{z}/{x}/{y}.json", HTTP_ACCEPT_ENCODING="gzip")
            ours.append(t)
            w, s, e, nn = tile_bounds(x, y, z)
            a, b, rows_n, size = naive_and_floor((w, s, e, nn), 1)
            naive_t += a
            floor_t += b
        comparisons.append({
            "view": f"zoom {z} tile", "ours_ms": round(statistics.median(ours), 2), "ours_what": "median tile",
            "naive_ms": round(statistics.median(naive_t), 2), "floor_ms": round(statistics.median(floor_t), 2),
            "rows": None, "naive_kb": None,
        })
    for c in comparisons:
        c["naive_ratio"] = round(c["naive_ms"] / c["ours_ms"], 1) if c["ours_ms"] else None
        c["floor_ratio"] = round(c["floor_ms"] / c["ours_ms"], 2) if c["ours_ms"] else None
    result["comparisons"] = comparisons
    print_size(result)
    for url in args.profile:
        result.setdefault("profiles", {})[url] = profile_url(client, url)
    return result


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


def use_database(db: Path | None) -> None:
    """Point the default connection at another benchmark file (SQLite) and forget built features."""
    from django.db import connection, connections

    from mapsite.tiles import services as tile_services

    if db is not None:
        connection.close()
        connections["default"].settings_dict["NAME"] = str(db)
    tile_services._fragments.clear()


def flat_growth(small: dict, big: dict, rounds: int) -> dict:
    """The smallest and largest sizes' tile requests again, interleaved: round after round,
    one warm-up and one measured pass over each URL list at one size, then the other.

    Measured one size after the other, minutes apart, the ratio of two p95s of about a
    millisecond followed whatever else the shared machine did in those minutes (a run had
    zoom 11, identical work at both sizes, at 2.9x). Interleaved, such noise falls on both."""
    from django.test import Client

    client = Client()
    times: dict[int, dict[str, list[float]]] = {small["n"]: {}, big["n"]: {}}
    for _ in range(rounds):
        for result in (small, big):
            use_database(DATA / f"bench-{result['n']}.sqlite3")
            for name, urls in result["tile_urls"].items():
                for url in urls:
                    timed_get(client, url, HTTP_ACCEPT_ENCODING="gzip")
                for url in urls:
                    ms, _response = timed_get(client, url, HTTP_ACCEPT_ENCODING="gzip")
                    times[result["n"]].setdefault(name, []).append(ms)
    out = {"small": small["n"], "big": big["n"], "rounds": rounds, "rows": []}
    print(f"\n== Flat growth, interleaved ({rounds} rounds): p95 ms at {small['n']:,} and {big['n']:,}")
    for name in small["tile_urls"]:
        a, b = pct(times[small["n"]][name], 95), pct(times[big["n"]][name], 95)
        out["rows"].append({"name": name, "small_p95": round(a, 2), "big_p95": round(b, 2), "ratio": round(b / a, 2),
                            "requests": len(times[big["n"]][name])})
        print(f"   {name:<24}{a:>8.2f}{b:>8.2f}{b / a:>8.2f}x")
    return out


def print_size(result: dict) -> None:
    print(f"   public cameras: {result['public']:,}")
    print(f"   {'measurement':<24}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}{'p95 KB':>9}{'max KB':>9}{'raw KB':>9}  note")
    for s in result["stats"]:
        kb = f"{s['p95_kb']:>9}{s['max_kb']:>9}{s['max_raw_kb'] or '':>9}" if s["p95_kb"] is not None else " " * 27
        print(f"   {s['name']:<24}{s['n']:>6}{s['p50_ms']:>10}{s['p95_ms']:>10}{kb}  {s['note']}")
    print(f"   {'view':<22}{'ours ms':>10}{'naive ms':>11}{'floor ms':>10}{'naive/ours':>12}{'floor/ours':>12}")
    for c in result["comparisons"]:
        print(f"   {c['view']:<22}{c['ours_ms']:>10}{c['naive_ms']:>11}{c['floor_ms']:>10}"
              f"{c['naive_ratio']:>12}{c['floor_ratio']:>12}   ({c['ours_what']})")


# --- browser ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure_browser(db_path: Path, runs: int) -> dict:
    """Time from navigation until the first camera markers or clusters are drawn, real HTTP to gunicorn."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import ARGS, CHROMIUM

    port = free_port()
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    env = {**os.environ, "SQLITE_PATH": str(db_path), "STATIC_ROOT": str(static_root), "DEBUG": "false",
           "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    env.pop("DATABASE_URL", None)  # the browser run always uses its SQLite file
    python = sys.executable
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    gunicorn = shutil.which("gunicorn", path=str(Path(python).parent)) or "gunicorn"
    server = subprocess.Popen(
        [gunicorn, "mapsite.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        # A deployed server has served pages before: the first request to each fresh gunicorn
        # worker (imports, URL resolver, templates, catalogues) is start-up, not page load.
        import urllib.request

        for _ in range(10):
            for path in ("/", "/api/districts.geojson", "/api/tiles/version.json", "/api/tiles/11/1673/893.json"):
                urllib.request.urlopen(base + path, timeout=30).read()  # noqa: S310 (our own http:// server)
        times = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            # One unmeasured run: a visitor's browser is already running; every measured run
            # still gets a new context, so an empty HTTP cache, as on a first visit.
            for run in range(runs + 1):
                context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
                page = context.new_page()
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base)
                           else route.abort())
                page.goto(base + "/", wait_until="commit")
                # The map marks itself once the first markers or clusters are on screen (map.js);
                # the selectors are a fallback for a map drawn with DOM markers.
                page.wait_for_function(
                    "() => document.querySelector('[data-cameras-drawn]') || "
                    "document.querySelector('.leaflet-marker-icon, .marker-cluster, path.leaflet-interactive')",
                    timeout=30_000,
                )
                drawn = page.evaluate(
                    "() => { const el = document.querySelector('[data-cameras-drawn]');"
                    " return el ? Number(el.dataset.camerasDrawn) : performance.now(); }"
                )
                if run:
                    times.append(drawn / 1000)
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(static_root, ignore_errors=True)
    return {"runs": runs, "p50_s": round(pct(times, 50), 3), "p95_s": round(pct(times, 95), 3),
            "times_s": [round(t, 3) for t in times], "server": "gunicorn -w 2 (real HTTP)"}


# --- report -------------------------------------------------------------------


def machine() -> str:
    try:
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        mem_kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    except (OSError, StopIteration):
        mem_kb = 0
    load = os.getloadavg()
    cpu = platform.processor() or platform.machine()
    return (f"{os.cpu_count()} cores ({cpu}), {mem_kb / 1024 / 1024:.0f} GiB RAM, Python {platform.python_version()}, "
            f"load average at start {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}")


def verdicts(results: list[dict], browser: dict | None, flat: dict | None = None) -> list[tuple[str, str, str]]:
    by_n = {r["n"]: r for r in results}
    out = []
    big = by_n.get(max(by_n)) if by_n else None
    small = by_n.get(min(by_n)) if by_n else None
    if big:
        stats = {s["name"]: s for s in big["stats"]}
        tiles = [s for name, s in stats.items() if name.startswith("tile")]
        worst = max(tiles, key=lambda s: s["p95_ms"])
        out.append((f"tile p95 <= {TARGETS['tile_p95_ms']:.0f} ms at N={big['n']:,}",
                    f"worst {worst['name']}: {worst['p95_ms']} ms",
                    "met" if worst["p95_ms"] <= TARGETS["tile_p95_ms"] else
                    f"MISSED by {worst['p95_ms'] - TARGETS['tile_p95_ms']:.1f} ms"))
        largest = max(tiles, key=lambda s: s["max_kb"])
        out.append((f"tile <= {TARGETS['tile_kb']:.0f} KB (gzip, as sent)", f"largest {largest['name']}: "
                    f"{largest['max_kb']} KB ({largest['max_raw_kb']} KB before gzip)",
                    "met" if largest["max_kb"] <= TARGETS["tile_kb"] else "MISSED"))
        d = stats.get("districts.geojson")
        if d:
            out.append((f"districts.geojson p95 <= {TARGETS['districts_p95_ms']:.0f} ms", f"{d['p95_ms']} ms",
                        "met" if d["p95_ms"] <= TARGETS["districts_p95_ms"] else
                        f"MISSED by {d['p95_ms'] - TARGETS['districts_p95_ms']:.1f} ms"))
        sub = stats.get("submission")
        if sub:
            out.append((f"submission p95 <= {TARGETS['submission_p95_ms']:.0f} ms", f"{sub['p95_ms']} ms",
                        "met" if sub["p95_ms"] <= TARGETS["submission_p95_ms"] else
                        f"MISSED by {sub['p95_ms'] - TARGETS['submission_p95_ms']:.1f} ms"))
        z11 = big["comparisons"][0]
        out.append((f"zoom 11 >= {TARGETS['naive_ratio_z11']:.0f}x faster than naive",
                    f"{z11['naive_ratio']}x ({z11['naive_ms']} ms naive vs {z11['ours_ms']} ms)",
                    "met" if z11["naive_ratio"] >= TARGETS["naive_ratio_z11"] else "MISSED"))
        imp = [s for name, s in stats.items() if name.startswith("import")]
        if imp:
            out.append(("import 100,000 well under a minute", f"{imp[0]['p50_ms'] / 1000:.1f} s",
                        "met" if imp[0]["p50_ms"] < 30_000 else "MISSED"))
    if big and small and big is not small:
        small_stats = {s["name"]: s for s in small["stats"]}
        if flat:
            ratios = [(row["name"], row["ratio"]) for row in flat["rows"]]
        else:
            ratios = [(s["name"], s["p95_ms"] / max(small_stats[s["name"]]["p95_ms"], 0.01))
                      for s in big["stats"]
                      if s["name"].startswith("tile") and "cold" not in s["name"] and s["name"] in small_stats]
        # The zooms (11, 14, 17) and the deepest zoom, which we added, are judged apart:
        # a sparse 10k table puts one or two cameras in a zoom-19 tile, a dense one up to the cap.
        for label, group in (("zooms 11, 14, 17", [r for r in ratios if "deepest" not in r[0]]),
                             ("zoom 19, the deepest", [r for r in ratios if "deepest" in r[0]])):
            if not group:
                continue
            worst = max(group, key=lambda r: r[1])
            how = ", interleaved" if flat else ""
            out.append((f"N={small['n']:,} within {TARGETS['flat_ratio']}x of N={big['n']:,} (tiles p95, {label}{how})",
                        f"worst {worst[0]}: {big['n']:,} is {worst[1]:.2f}x of {small['n']:,}",
                        "met" if worst[1] <= TARGETS["flat_ratio"] else "MISSED"))
    if browser:
        out.append((f"browser first markers <= {TARGETS['browser_first_markers_s']} s (60,000 cameras)",
                    f"p50 {browser['p50_s']} s, worst {max(browser['times_s'])} s",
                    "met" if max(browser["times_s"]) <= TARGETS["browser_first_markers_s"] else "MISSED"))
    return out


def markdown(results: list[dict], browser: dict | None, header: str, flat: dict | None = None) -> str:
    lines = [header, ""]
    for r in results:
        lines += [f"#### N = {r['n']:,} ({r['public']:,} public)", "",
                  "| measurement | requests | p50 ms | p95 ms | p95 KB sent | max KB sent | max KB raw | note |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
        for s in r["stats"]:
            lines.append(f"| {s['name']} | {s['n']} | {s['p50_ms']} | {s['p95_ms']} | {s['p95_kb'] or ''} | "
                         f"{s['max_kb'] or ''} | {s['max_raw_kb'] or ''} | {s['note']} |")
        lines += ["", "| view | ours ms | naive ms | floor ms | naive / ours | floor / ours | ours = |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
        for c in r["comparisons"]:
            lines.append(f"| {c['view']} | {c['ours_ms']} | {c['naive_ms']} | {c['floor_ms']} | "
                         f"{c['naive_ratio']}x | {c['floor_ratio']}x | {c['ours_what']} |")
        lines.append("")
    if browser:
        lines += ["#### Browser", "", f"First markers/clusters drawn after navigation, {browser['runs']} runs, "
                  f"{browser['server']}: p50 {browser['p50_s']} s, all {browser['times_s']}", ""]
    if flat:
        lines += ["#### Flat growth, interleaved", "",
                  f"The tile URL lists above, measured again round after round ({flat['rounds']} rounds; each round "
                  f"one warm-up and one measured pass per list at {flat['small']:,}, then the same at "
                  f"{flat['big']:,}), so that noise on the shared machine falls on both sizes alike.", "",
                  f"| tiles | requests per size | p95 ms at {flat['small']:,} | p95 ms at {flat['big']:,} | ratio |",
                  "| --- | ---: | ---: | ---: | ---: |"]
        lines += [f"| {r['name']} | {r['requests']} | {r['small_p95']} | {r['big_p95']} | {r['ratio']}x |"
                  for r in flat["rows"]]
        lines.append("")
    lines += ["#### Targets", "", "| target | measured | verdict |", "| --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in verdicts(results, browser, flat)]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated camera counts")
    parser.add_argument("--repeat", type=int, default=10, help="measured passes over each URL list")
    parser.add_argument("--tiles", type=int, default=40, help="tiles sampled at zooms 14, 17 and 19")
    parser.add_argument("--import-count", type=int, default=100_000)
    parser.add_argument("--no-import", action="store_true")
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--browser", action="store_true", help="also the headless-chromium measurement")
    parser.add_argument("--browser-only", action="store_true")
    parser.add_argument("--browser-cameras", type=int, default=60_000)
    parser.add_argument("--browser-runs", type=int, default=5)
    parser.add_argument("--markdown", type=Path, help="rewrite the results section of this file")
    parser.add_argument("--json", type=Path, help="write raw results here")
    parser.add_argument("--profile", action="append", default=[], metavar="URL",
                        help="after the measurements, profile 50 GETs of URL with pyinstrument (repeatable)")
    args = parser.parse_args()

    postgres = bool(os.environ.get("DATABASE_URL"))
    if postgres and "bench" not in os.environ["DATABASE_URL"].rsplit("/", 1)[-1]:
        raise SystemExit("DATABASE_URL must name a scratch database whose name contains 'bench'; it is emptied.")
    DATA.mkdir(parents=True, exist_ok=True)
    sizes = [] if args.browser_only else [int(s) for s in args.sizes.split(",") if s]
    header = (f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {machine()}. "
              f"Database: {'PostgreSQL' if postgres else 'SQLite (one file per N under benchmarks/.data/)'}. "
              "Requests through django.test.Client (full middleware stack incl. GZip, no network), "
              "after one unmeasured warm-up pass over each URL list.")
    print(header, flush=True)
    results = []
    configured = False
    for n in sizes:
        db = None if postgres else DATA / f"bench-{n}.sqlite3"
        if not configured:
            configure(db)
            django_setup()
            configured = True
        else:
            use_database(db)
        prepare_schema()
        results.append(run_size(n, args))
    flat = None
    if not postgres and len(results) >= 2:
        flat = flat_growth(min(results, key=lambda r: r["n"]), max(results, key=lambda r: r["n"]), args.repeat)

    browser = None
    if args.browser or args.browser_only:
        db = DATA / f"bench-{args.browser_cameras}.sqlite3"
        if postgres:
            print("(the browser measurement always uses SQLite)")
        code = (f"import sys; sys.argv=['x']; sys.path.insert(0, {str(ROOT)!r});"
                "import os; os.environ.pop('DATABASE_URL', None);"
                "from benchmarks.run import configure, django_setup, prepare_schema, seed;"
                f"configure(__import__('pathlib').Path({str(db)!r})); django_setup(); prepare_schema();"
                f"seed({args.browser_cameras}, reseed=False)")
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
        browser = measure_browser(db, args.browser_runs)
        print(f"\n== Browser ({args.browser_cameras:,} cameras): first markers p50 {browser['p50_s']} s, "
              f"runs {browser['times_s']} ({browser['server']})")

    print("\n== Targets")
    for target, measured, verdict in verdicts(results, browser, flat):
        print(f"   {target:<58} {measured:<60} {verdict}")
    if args.json:
        raw = {"header": header, "results": results, "browser": browser, "flat": flat}
        args.json.write_text(json.dumps(raw, indent=1))
    if args.markdown:
        text = args.markdown.read_text() if args.markdown.exists() else ""
        begin, end = "<!-- results:begin -->", "<!-- results:end -->"
        block = f"{begin}\n{markdown(results, browser, header, flat)}{end}"
        if begin in text and end in text:
            text = text[: text.index(begin)] + block + text[text.index(end) + len(end):]
        else:
            text += "\n" + block + "\n"
        args.markdown.write_text(text)
        print(f"\nResults written to {args.markdown}")


if __name__ == "__main__":
    main()
