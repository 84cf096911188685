"""What is measured at each size: tiles at four zooms, districts, a camera page, a submission,
an import, and the naive baseline beside our tiles; then the sizes' tiles again, interleaved."""

from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import time

from benchmarks.database import sqlite_file, use_database, vendor
from benchmarks.measuring import (
    Stat,
    delete_after,
    last_camera_id,
    measure_urls,
    naive_and_floor,
    pct,
    profile_url,
    sample_public,
    sample_tiles,
    tiles_covering,
    timed_get,
)
from benchmarks.report import print_size
from benchmarks.seeding import seed, synthetic_points


def tile_urls(z: int, tiles: list[tuple[int, int]]) -> list[str]:
    return [f"/api/tiles/{z}/{x}/{y}.json" for x, y in tiles]


def measure_tiles(client, args) -> tuple[list[Stat], dict[str, list[str]]]:
    """The map's first view (every zoom-11 tile over Hong Kong), then sampled tiles at 14, 17 and 19."""
    from mapsite.tiles import services as tile_services

    lists = {"tile z11 (all HK)": tile_urls(11, tiles_covering(11))}
    # 14 and 17 as the issue asks; 19 is the map's deepest zoom, where a dense tile still clusters.
    for z in (14, 17, 19):
        lists[f"tile z{z}" + (" (deepest)" if z == 19 else "")] = tile_urls(z, sample_tiles(z, args.tiles))
    stats = [measure_urls(client, name, urls, args.repeat) for name, urls in lists.items()]
    # What a tile costs when none of its cameras has been built since the last edit to them.
    stats.append(measure_urls(client, "tile z19 cold", lists["tile z19 (deepest)"], args.repeat,
                              before=tile_services._fragments.clear, note="feature memo emptied before each request"))
    return stats, lists


def measure_camera_page(client, repeat: int) -> Stat:
    from mapsite.cameras.models import Camera

    if vendor() == "postgresql":
        ids = list(Camera.objects.public().order_by("?").values_list("id", flat=True)[:20])
    else:  # ORDER BY random() sorts the whole table on SQLite
        ids = sample_public(random.Random(3), 20, "id", key=lambda row: row[0])
    return measure_urls(client, "camera page", [f"/cameras/{pk}/" for pk in ids], repeat)


def measure_submission(repeat: int) -> Stat:
    """POST the submission form as a signed-in resident (the real path: validation, duplicate
    check, district lookup, create, audit, counter triggers)."""
    import uuid

    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from mapsite.cameras.models import Camera

    rng = random.Random(11)
    before = last_camera_id()
    times = []
    url = reverse("sightings:new")
    user, _ = get_user_model().objects.get_or_create(username="benchmark-resident")
    client = Client()
    client.force_login(user)
    for lat, lon, _code in synthetic_points(repeat * 10, seed=99):
        # confirm_different: the synthetic points can fall next to a seeded camera, and the
        # "is this the same camera?" step would answer 200 instead of creating one.
        data = {"latitude": f"{lat:.6f}", "longitude": f"{lon:.6f}", "kind": rng.choice(Camera.Kind.values),
                "operator": "unknown", "mount": "pole", "notes": "benchmark submission",
                "submission_token": str(uuid.uuid4()), "confirm_different": "on"}
        started = time.perf_counter()
        response = client.post(url, data)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 302:
            raise SystemExit(f"submission answered {response.status_code}")
    delete_after(before)
    return Stat("submission", times, note=f"POST {url} as a signed-in resident (form, duplicate check, create, "
                                          "audit; 302)")


def measure_import(count: int) -> Stat:
    """manage.py import_cameras on a `count`-feature GeoJSON file; the imported rows are removed after."""
    from io import StringIO

    from django.core.management import call_command

    before = last_camera_id()
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
         "properties": {"man_made": "surveillance", "surveillance:type": "camera", "camera:type": "dome",
                        "camera:mount": "pole", "operator": "Hong Kong Police Force"}}
        for lat, lon, _ in synthetic_points(count, seed=1234)
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
    delete_after(before)
    return Stat(f"import {count:,}", [elapsed * 1000], note=note)


def compare_with_naive(client, n: int, z11_total_ms: float, z11_tiles: int) -> list[dict]:
    """Our tiles beside the naive endpoint and the serialisation floor for the same views."""
    from mapsite.lib.geo import HK_BOUNDS
    from mapsite.lib.quadkeys import tile_bounds

    naive, floor, rows_n, size = naive_and_floor(HK_BOUNDS, 1 if n >= 500_000 else 3)
    comparisons = [{
        "view": "zoom 11, all of HK", "ours_ms": round(z11_total_ms, 1), "ours_what": f"{z11_tiles} tiles in sequence",
        "naive_ms": round(statistics.median(naive), 1), "floor_ms": round(statistics.median(floor), 1),
        "rows": rows_n, "naive_kb": round(size / 1024),
    }]
    for z in (14, 17):
        ours, naive_t, floor_t = [], [], []
        for x, y in sample_tiles(z, 10, seed=21):
            ours.append(timed_get(client, f"/api/tiles/{z}/{x}/{y}.json")[0])
            a, b, _rows, _size = naive_and_floor(tile_bounds(x, y, z), 1)
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
    return comparisons


def run_size(n: int, args) -> dict:
    from django.test import Client

    from mapsite.cameras.models import Camera

    seeded = seed(n, reseed=args.reseed)
    print(f"\n== N = {n:,} cameras ({vendor()}; seeded in {seeded:.1f}s)" if seeded else
          f"\n== N = {n:,} cameras ({vendor()}; reusing the seeded database)", flush=True)
    client = Client()
    result: dict = {"n": n, "seed_s": round(seeded, 1) if seeded else None,
                    "public": Camera.objects.public().count()}
    stats, result["tile_urls"] = measure_tiles(client, args)
    stats.append(measure_urls(client, "districts.geojson", ["/api/districts.geojson"], args.repeat * 20))
    stats.append(measure_camera_page(client, args.repeat))
    stats.append(measure_submission(args.repeat))
    if not args.no_import:
        stats.append(measure_import(args.import_count))
    result["stats"] = [s.as_dict() for s in stats]
    z11 = stats[0]
    result["comparisons"] = compare_with_naive(client, n, sum(z11.times) / args.repeat,
                                               len(result["tile_urls"][z11.name]))
    print_size(result)
    for url in args.profile:
        result.setdefault("profiles", {})[url] = profile_url(client, url)
    return result


def flat_growth(small: dict, big: dict, rounds: int) -> dict:
    """The smallest and largest sizes' tile requests again, interleaved: round after round,
    one warm-up and one measured pass over each URL list at one size, then the other.

    Measured one size after the other, minutes apart, the ratio of two p95s of about a
    millisecond follows whatever else the shared machine did in those minutes; interleaved,
    such noise falls on both sizes alike."""
    from django.test import Client

    client = Client()
    times: dict[int, dict[str, list[float]]] = {small["n"]: {}, big["n"]: {}}
    for _ in range(rounds):
        for result in (small, big):
            use_database(sqlite_file(result["n"]))
            for name, urls in result["tile_urls"].items():
                for url in urls:
                    timed_get(client, url)
                times[result["n"]].setdefault(name, []).extend(timed_get(client, url)[0] for url in urls)
    out = {"small": small["n"], "big": big["n"], "rounds": rounds, "rows": []}
    print(f"\n== Flat growth, interleaved ({rounds} rounds): p95 ms at {small['n']:,} and {big['n']:,}")
    for name in small["tile_urls"]:
        a, b = pct(times[small["n"]][name], 95), pct(times[big["n"]][name], 95)
        out["rows"].append({"name": name, "small_p95": round(a, 2), "big_p95": round(b, 2), "ratio": round(b / a, 2),
                            "requests": len(times[big["n"]][name])})
        print(f"   {name:<24}{a:>8.2f}{b:>8.2f}{b / a:>8.2f}x")
    return out
