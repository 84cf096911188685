"""Tile clusters and district counts stay equal to the true counts through every kind of write."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
import time_machine

from mapsite.cameras.models import Camera
from mapsite.lib.quadkeys import QK_ZOOM, lonlat_to_tile, quadkey
from tests.conftest import CENTRAL, MONG_KOK, SHA_TIN
from tests.helpers import BESIDE_HK_MIDNIGHT

GRID_BITS = 2
REPORTED = dt.datetime(2026, 3, 4, 5, 6, 7, 890, tzinfo=dt.UTC)
TSIM_SHA_TSUI = (22.2988, 114.1722)


def true_cells(z: int, **filters) -> dict[tuple[int, int], list[tuple]]:
    """{(x, y): sorted [(count, verified, lon, lat)]} computed from the cameras themselves."""
    qs = Camera.objects.public()
    if filters:
        qs = qs.filter(**filters)
    cells: dict[int, list] = defaultdict(lambda: [0, 0, 0.0, 0.0])
    shift = 2 * (QK_ZOOM - z - GRID_BITS)
    for cam in qs:
        cell = cells[cam.qk >> shift]
        cell[0] += 1
        cell[1] += cam.status == Camera.Status.VERIFIED
        cell[2] += cam.longitude
        cell[3] += cam.latitude
    tiles: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for code, (n, verified, lon, lat) in cells.items():
        cam_x, cam_y = _deinterleave(code << shift)
        x, y = cam_x >> (QK_ZOOM - z), cam_y >> (QK_ZOOM - z)
        tiles[(x, y)].append((n, verified, lon / n, lat / n))
    return {key: sorted(value) for key, value in tiles.items()}


def _deinterleave(code: int) -> tuple[int, int]:
    from mapsite.lib.quadkeys import deinterleave

    return deinterleave(code)


def served_cells(client, z: int, tiles, query: str = "") -> dict[tuple[int, int], list[tuple]]:
    result = {}
    for x, y in tiles:
        response = client.get(f"/api/tiles/{z}/{x}/{y}.json{query}")
        assert response.status_code == 200, response.content
        data = response.json()
        assert data["mode"] == "clusters" or not data["features"]
        found = sorted(
            (
                f["properties"]["count"],
                f["properties"]["verified"],
                f["geometry"]["coordinates"][0],
                f["geometry"]["coordinates"][1],
            )
            for f in data["features"]
        )
        if found:
            result[(x, y)] = found
    return result


# Every zoom the API serves clusters at, so every stored counter level (12 to 21) and the
# fallback beyond the finest one are read; camera_set makes every tile cluster.
ZOOMS = (10, 11, 13, 14, 15, 16, 17, 18, 19, 20)


def assert_exact(client, zooms=ZOOMS, **filters) -> None:
    """Every tile that holds (or held) a camera serves exactly the true clusters."""
    places = [(c.latitude, c.longitude) for c in Camera.objects.all()] + [MONG_KOK, CENTRAL, SHA_TIN, TSIM_SHA_TSUI]
    query = "?" + "&".join(f"{k.removesuffix('__in')}={','.join(v)}" for k, v in filters.items()) if filters else ""
    for z in zooms:
        tiles = {lonlat_to_tile(lon, lat, z) for lat, lon in places}
        expected = true_cells(z, **filters)
        served = served_cells(client, z, tiles, query)
        assert served.keys() == {k for k in expected if k in tiles}, z
        for key, cells in served.items():
            # counts exact; mean positions equal up to float summation order
            assert [c[:2] for c in cells] == [c[:2] for c in expected[key]], (z, key)
            flat = [v for c in cells for v in c[2:]]
            assert flat == pytest.approx([v for c in expected[key] for v in c[2:]], abs=1e-6), (z, key)


def assert_district_counts_exact() -> None:
    from mapsite.districts.stats import district_counts

    counts = district_counts()
    for district_id, got in counts.items():
        public = Camera.objects.public().filter(district_id=district_id)
        assert got.reported == public.count()
        assert got.verified == public.filter(status=Camera.Status.VERIFIED).count()


@pytest.fixture
def camera_set(make_camera, settings):
    settings.TILES_MAX_CAMERAS = 0  # clusters at every zoom, so the street-level counters are checked too
    cams = [
        make_camera(*MONG_KOK, status=Camera.Status.VERIFIED, kind=Camera.Kind.DOME),
        make_camera(MONG_KOK[0] + 0.0004, MONG_KOK[1], kind=Camera.Kind.PTZ, operator=Camera.Operator.POLICE),
        make_camera(MONG_KOK[0], MONG_KOK[1] + 0.0009, status=Camera.Status.REJECTED),
        make_camera(*TSIM_SHA_TSUI, status=Camera.Status.VERIFIED, operator=Camera.Operator.POLICE),
        make_camera(*CENTRAL, kind=Camera.Kind.DOME),
        make_camera(CENTRAL[0] + 0.002, CENTRAL[1] - 0.001, status=Camera.Status.REMOVED),
        make_camera(*SHA_TIN, status=Camera.Status.VERIFIED),
    ]
    return cams


def test_clusters_match_true_counts_after_adds(client, camera_set):
    assert_exact(client)
    assert_district_counts_exact()


def test_rejected_and_removed_cameras_are_not_counted(client, camera_set):
    z = 13
    x, y = lonlat_to_tile(MONG_KOK[1], MONG_KOK[0], z)
    data = client.get(f"/api/tiles/{z}/{x}/{y}.json").json()
    total = sum(f["properties"]["count"] for f in data["features"])
    assert total == 2  # the rejected camera beside them is left out


def test_counts_follow_status_changes(client, camera_set):
    rejected = camera_set[2]
    rejected.status = Camera.Status.VERIFIED
    rejected.save()
    camera_set[0].status = Camera.Status.REMOVED
    camera_set[0].save(update_fields=["status"])
    camera_set[1].status = Camera.Status.VERIFIED
    camera_set[1].save()
    assert_exact(client)
    assert_district_counts_exact()


def test_counts_follow_moves(client, camera_set):
    cam = camera_set[1]
    cam.latitude, cam.longitude = SHA_TIN
    cam.district = camera_set[6].district
    cam.save()
    assert_exact(client)
    assert_district_counts_exact()


def test_counts_follow_merges(client, camera_set):
    duplicate = camera_set[1]
    duplicate.merged_into = camera_set[0]
    duplicate.save()
    assert_exact(client)
    assert_district_counts_exact()
    duplicate.merged_into = None
    duplicate.save()
    assert_exact(client)


def test_counts_follow_bulk_create_update_and_delete(client, camera_set, districts):
    Camera.objects.bulk_create(
        Camera(
            latitude=MONG_KOK[0] + i * 0.0003,
            longitude=MONG_KOK[1] - i * 0.0002,
            qk=quadkey(MONG_KOK[1] - i * 0.0002, MONG_KOK[0] + i * 0.0003),
            district=districts["E"],
            status=Camera.Status.VERIFIED if i % 2 else Camera.Status.PENDING,
            kind=Camera.Kind.ANPR,
        )
        for i in range(25)
    )
    assert_exact(client)
    Camera.objects.filter(kind=Camera.Kind.ANPR, status=Camera.Status.PENDING).update(status=Camera.Status.REJECTED)
    assert_exact(client)
    Camera.objects.filter(kind=Camera.Kind.ANPR).delete()
    camera_set[3].delete()
    assert_exact(client)
    assert_district_counts_exact()


def test_filtered_clusters_match_true_counts(client, camera_set):
    assert_exact(client, zooms=(11, 14, 17, 19), kind__in=["dome"])
    assert_exact(client, zooms=(11, 14, 19), operator__in=["police"], status__in=["verified"])
    assert_exact(client, zooms=(11,), kind__in=["dome", "ptz"])


@pytest.mark.parametrize(("instant", "hk_day"), BESIDE_HK_MIDNIGHT)
def test_high_zoom_tile_lists_cameras_with_public_properties(client, camera_set, resident, settings, instant, hk_day):
    settings.TILES_MAX_CAMERAS = 64
    cam = camera_set[1]
    cam.reported_at = dt.datetime.fromisoformat(instant)
    resident.username = "streetwatcher17"  # "resident" is also the public source value
    resident.save(update_fields=["username"])
    cam.reporter = resident
    cam.notes = "under the footbridge"
    cam.save()
    x, y = lonlat_to_tile(cam.longitude, cam.latitude, 17)
    with time_machine.travel(instant, tick=False):
        data = client.get(f"/api/tiles/17/{x}/{y}.json").json()
    assert data["mode"] == "cameras"
    by_id = {f["properties"]["id"]: f for f in data["features"]}
    assert camera_set[2].pk not in by_id  # rejected
    props = by_id[cam.pk]["properties"]
    assert props["notes"] == "under the footbridge"
    assert props["kind"] == "ptz" and props["operator"] == "police" and props["status"] == "pending"
    assert props["url"] == f"/cameras/{cam.pk}/"
    assert props["reported_on"] == hk_day
    assert props["stale"] is False
    assert "reporter" not in props and "reported_at" not in props
    assert by_id[cam.pk]["geometry"]["coordinates"] == [cam.longitude, cam.latitude]
    assert props["source"] == "resident"  # the kind of source, never who
    assert resident.username not in data.__repr__()


def test_rebuild_gives_the_same_counters(client, camera_set):
    from mapsite.tiles.models import ClusterCell, DistrictTally
    from mapsite.tiles.services import rebuild_counters

    def snapshot():
        return (
            sorted(
                ClusterCell.objects.filter(count__gt=0).values_list(
                    "level", "cell", "status", "kind", "operator", "count"
                )
            ),
            sorted(DistrictTally.objects.filter(count__gt=0).values_list("district_id", "status", "count")),
        )

    camera_set[0].status = Camera.Status.REJECTED
    camera_set[0].save()
    before = snapshot()
    rebuild_counters()
    assert snapshot() == before


def test_bulk_insert_keeps_counters_exact_and_triggers_working(client, camera_set, districts):
    from django.db import connection

    from mapsite.cameras.bulk import bulk_insert_cameras
    from mapsite.tiles import triggers

    before = client.get("/api/tiles/version.json").json()["v"]
    made = bulk_insert_cameras(
        [
            {
                "latitude": MONG_KOK[0] - i * 0.0002,
                "longitude": MONG_KOK[1] + i * 0.0001,
                "district_id": districts["E"].id,
                "status": [Camera.Status.VERIFIED, Camera.Status.PENDING, Camera.Status.REJECTED][i % 3],
                "kind": Camera.Kind.DOME,
                "notes": f"imported {i}",
                "reported_at": REPORTED,
            }
            for i in range(40)
        ]
    )
    assert made == 40
    first = Camera.objects.get(notes="imported 1")
    assert first.reported_at == REPORTED and first.kind == "dome"
    assert first.qk == quadkey(first.longitude, first.latitude)
    assert Camera.objects.filter(notes__startswith="imported").count() == 40
    assert client.get("/api/tiles/version.json").json()["v"] > before
    assert triggers.installed(connection)
    assert_exact(client)
    assert_district_counts_exact()
    # The triggers are back: an ordinary change after the bulk insert is still counted.
    Camera.objects.filter(notes="imported 0").update(status=Camera.Status.REMOVED)
    assert_exact(client)


def test_counters_emptied_first_never_go_negative(client, camera_set):
    """Django's test flush empties tables in any order; counters must not keep negative residue."""
    from mapsite.tiles.models import ClusterCell, DistrictTally

    ClusterCell.objects.all().delete()
    DistrictTally.objects.all().delete()
    Camera.objects.all().delete()
    assert not ClusterCell.objects.filter(count__lt=0).exists()
    assert not DistrictTally.objects.filter(count__lt=0).exists()
