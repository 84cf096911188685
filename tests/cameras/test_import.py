import io
import json
import math

import pytest
from django.core.management import CommandError, call_command

from mapsite.audit.models import AuditEntry
from mapsite.cameras.importing import DuplicateGrid
from mapsite.cameras.models import Camera
from mapsite.lib.geo import haversine_m
from mapsite.lib.quadkeys import quadkey
from tests.helpers import CENTRAL, MONG_KOK, SHA_TIN, SHENZHEN

M_LAT = 1 / 111_320  # one metre of latitude, in degrees

CAMERA_TAGS = {"man_made": "surveillance", "surveillance:type": "camera"}


def feature(lat, lon, ref=None, **tags):
    f = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {**CAMERA_TAGS, **tags},
    }
    if ref:
        f["id"] = ref
    return f


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def write(tmp_path, data, name="cams.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def run(path, *args) -> str:
    out = io.StringIO()
    call_command("import_cameras", path, *args, stdout=out)
    return out.getvalue()


def test_good_geojson(tmp_path, districts):
    path = write(
        tmp_path,
        collection(
            feature(*MONG_KOK, "node/1", **{"camera:type": "dome", "operator": "Hong Kong Police Force",
                                            "camera:mount": "wall", "camera:direction": "90"}),
            feature(*CENTRAL, "node/2", **{"surveillance:type": "ALPR", "operator": "Transport Department"}),
            feature(*SHA_TIN, "node/3"),
        ),
    )
    output = run(path)
    assert "Created 3, skipped 0 as duplicates, rejected 0" in output
    dome = Camera.objects.get(import_ref="node/1")
    assert (dome.kind, dome.operator, dome.mount, dome.direction) == ("dome", "police", "wall", 90)
    assert dome.district.code == "E"
    assert dome.status == Camera.Status.PENDING
    assert dome.source == Camera.Source.IMPORT
    assert dome.qk == quadkey(dome.longitude, dome.latitude)
    assert dome.reporter is None and not dome.is_demo
    anpr = Camera.objects.get(import_ref="node/2")
    assert (anpr.kind, anpr.operator, anpr.district.code) == ("anpr", "transport", "A")
    assert Camera.objects.get(import_ref="node/3").district.code == "R"
    # One public history entry per created camera.
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORTED)
    assert sorted(entries.values_list("camera_id", flat=True)) == sorted(Camera.objects.values_list("id", flat=True))
    assert set(entries.values_list("role", flat=True)) == {AuditEntry.Role.SYSTEM}
    assert not entries.filter(actor__isnull=False).exists()


def test_good_overpass(tmp_path, districts):
    data = {
        "version": 0.6,
        "elements": [
            {"type": "node", "id": 101, "lat": MONG_KOK[0], "lon": MONG_KOK[1],
             "tags": {**CAMERA_TAGS, "camera:type": "fixed", "operator": "MTR Corporation"}},
            {"type": "node", "id": 102, "lat": CENTRAL[0], "lon": CENTRAL[1], "tags": {"man_made": "surveillance"}},
            {"type": "way", "id": 7, "nodes": [1, 2], "tags": CAMERA_TAGS},
            {"type": "node", "id": 103, "lat": SHA_TIN[0], "lon": SHA_TIN[1]},
        ],
    }
    output = run(write(tmp_path, data))
    assert "Created 2, skipped 0 as duplicates, rejected 2" in output
    assert "rejected way/7: not a point (way)" in output
    assert "rejected node/103: not importable: not tagged man_made=surveillance" in output
    cam = Camera.objects.get(import_ref="node/101")
    assert (cam.kind, cam.operator) == ("fixed", "mtr")


def test_older_overpass_turbo_geojson_with_nested_tags(tmp_path, districts):
    f = {"type": "Feature", "id": "node/9", "geometry": {"type": "Point", "coordinates": [MONG_KOK[1], MONG_KOK[0]]},
         "properties": {"type": "node", "id": 9, "tags": {**CAMERA_TAGS, "camera:type": "dome"}}}
    run(write(tmp_path, collection(f)))
    assert Camera.objects.get(import_ref="node/9").kind == "dome"


@pytest.mark.parametrize(
    "content,message",
    [
        ('{"type": "FeatureCollection", "features": [', "not valid JSON"),
        ("", "not valid JSON"),
        ("[1, 2, 3]", "expected a GeoJSON FeatureCollection or an Overpass JSON export"),
        ('{"type": "Feature"}', "expected a GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection", "features": {}}', '"features" list'),
        ('{"elements": "nodes"}', '"elements" list'),
        ("\xff\xfe garbage", "not valid JSON"),
    ],
)
def test_bad_file_changes_nothing(tmp_path, make_camera, content, message):
    existing = make_camera()
    path = tmp_path / "bad.json"
    path.write_bytes(content.encode("latin-1"))
    with pytest.raises(CommandError, match=message):
        run(str(path))
    assert list(Camera.objects.all()) == [existing]
    assert not AuditEntry.objects.exists()


def test_missing_file(tmp_path, districts):
    with pytest.raises(CommandError, match="cannot read"):
        run(str(tmp_path / "nope.json"))


def test_points_outside_hong_kong_are_rejected(tmp_path, districts):
    path = write(tmp_path, collection(feature(*SHENZHEN, "node/1"), feature(0.0, 0.0, "node/2"),
                                      feature(95.0, 114.1, "node/3"), feature(*MONG_KOK, "node/4")))
    output = run(path)
    assert "Created 1, skipped 0 as duplicates, rejected 3" in output
    assert "rejected node/1: outside Hong Kong" in output
    assert "rejected node/2: outside Hong Kong" in output
    assert "rejected node/3: coordinates out of range" in output
    assert list(Camera.objects.values_list("import_ref", flat=True)) == ["node/4"]


def test_nan_and_infinite_coordinates_are_rejected(tmp_path, districts):
    features = [
        feature(float("nan"), MONG_KOK[1], "node/1"),
        feature(MONG_KOK[0], float("inf"), "node/2"),
        feature(float("-inf"), float("nan"), "node/3"),
        feature(*MONG_KOK, "node/4"),
    ]
    text = json.dumps(collection(*features))  # writes NaN / Infinity literals
    assert "NaN" in text and "Infinity" in text
    output = run(write(tmp_path, text))
    for ref in ("node/1", "node/2", "node/3"):
        assert f"rejected {ref}: coordinates are not finite numbers (NaN or infinity)" in output
    assert Camera.objects.count() == 1


def test_overflowing_number_is_infinite_and_rejected(tmp_path, districts):
    text = '{"elements": [{"type": "node", "id": 5, "lat": 1e400, "lon": 114.1, "tags": {"man_made": "surveillance"}}]}'
    output = run(write(tmp_path, text))
    assert "rejected node/5: coordinates are not finite numbers" in output
    assert not Camera.objects.exists()


@pytest.mark.parametrize(
    "geometry,reason",
    [
        ({"type": "Point", "coordinates": ["22.3", "114.1"]}, "missing or non-numeric coordinates"),
        ({"type": "Point", "coordinates": [114.1]}, "missing coordinates"),
        ({"type": "Point", "coordinates": [True, False]}, "missing or non-numeric coordinates"),
        ({"type": "Point"}, "missing coordinates"),
        ({"type": "LineString", "coordinates": [[114.1, 22.3], [114.2, 22.3]]}, "not a point (LineString)"),
        (None, "not a point (no geometry)"),
    ],
)
def test_malformed_geometry_is_rejected(tmp_path, districts, geometry, reason):
    f = {"type": "Feature", "id": "node/1", "geometry": geometry, "properties": CAMERA_TAGS}
    output = run(write(tmp_path, collection(f)))
    assert f"rejected node/1: {reason}" in output
    assert not Camera.objects.exists()


def test_unknown_tags_are_ignored(tmp_path, districts):
    path = write(tmp_path, collection(feature(*MONG_KOK, "node/1", colour="grey", **{"fixme": "check", "x:y": "z"})))
    assert "Created 1" in run(path)
    cam = Camera.objects.get()
    assert (cam.kind, cam.operator, cam.mount) == ("unknown", "unknown", "unknown")


def test_non_surveillance_features_are_rejected(tmp_path, districts):
    bench = feature(*MONG_KOK, "node/1")
    bench["properties"] = {"amenity": "bench"}
    guard = feature(*CENTRAL, "node/2", **{"surveillance:type": "guard"})
    output = run(write(tmp_path, collection(bench, guard, "not a feature")))
    assert "rejected node/1: not importable: not tagged man_made=surveillance" in output
    assert "rejected node/2: not importable: surveillance:type='guard' is not a camera" in output
    assert "rejected feature #3: not a GeoJSON Feature" in output
    assert not Camera.objects.exists()


def test_bad_tag_values_are_rejected(tmp_path, districts):
    path = write(tmp_path, collection(feature(*MONG_KOK, "node/1", **{"camera:angle": "0"}),
                                      feature(*CENTRAL, "node/2", **{"camera:direction": "towards the shop"})))
    output = run(path)
    assert "rejected node/1: not importable: camera:angle='0' is outside 1-360" in output
    assert "rejected node/2: not importable: camera:direction='towards the shop' is not a number of degrees" in output
    assert not Camera.objects.exists()


def test_duplicates_of_existing_cameras_within_10_m_are_skipped(tmp_path, make_camera):
    make_camera(*MONG_KOK)
    lat, lon = MONG_KOK
    path = write(tmp_path, collection(feature(lat + 8 * M_LAT, lon, "node/near"),
                                      feature(lat - 12 * M_LAT, lon, "node/far")))
    output = run(path)
    assert "Created 1, skipped 1 as duplicates, rejected 0" in output
    assert set(Camera.objects.values_list("import_ref", flat=True)) == {"", "node/far"}


def test_rejected_and_removed_cameras_still_count_as_existing(tmp_path, make_camera):
    make_camera(*MONG_KOK, status=Camera.Status.REJECTED)
    make_camera(*CENTRAL, status=Camera.Status.REMOVED)
    output = run(write(tmp_path, collection(feature(*MONG_KOK), feature(*CENTRAL))))
    assert "Created 0, skipped 2 as duplicates" in output


def test_duplicates_within_the_file_are_skipped(tmp_path, districts):
    lat, lon = MONG_KOK
    path = write(tmp_path, collection(feature(lat, lon, "node/1"), feature(lat, lon + 5 * M_LAT, "node/2"),
                                      feature(lat + 30 * M_LAT, lon, "node/3")))
    output = run(path)
    assert "Created 2, skipped 1 as duplicates" in output
    assert set(Camera.objects.values_list("import_ref", flat=True)) == {"node/1", "node/3"}


def test_importing_the_same_file_twice_creates_nothing_new(tmp_path, districts):
    path = write(tmp_path, collection(feature(*MONG_KOK, "node/1"), feature(*CENTRAL, "node/2")))
    run(path)
    assert "Created 0, skipped 2 as duplicates" in run(path)
    assert Camera.objects.count() == 2


def test_dry_run_changes_nothing(tmp_path, make_camera):
    make_camera(*MONG_KOK)
    path = write(tmp_path, collection(feature(*MONG_KOK), feature(*CENTRAL), feature(*SHENZHEN)))
    output = run(path, "--dry-run")
    assert "Would create 1, skipped 1 as duplicates, rejected 1" in output
    assert "Dry run: nothing was changed." in output
    assert Camera.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_status_option(tmp_path, districts):
    run(write(tmp_path, collection(feature(*MONG_KOK))), "--status", "verified")
    assert Camera.objects.get().status == Camera.Status.VERIFIED


@pytest.mark.parametrize("status", ["rejected", "removed", "bogus"])
def test_status_option_refuses_other_statuses(tmp_path, districts, status):
    with pytest.raises(CommandError):
        run(write(tmp_path, collection(feature(*MONG_KOK))), "--status", status)
    assert not Camera.objects.exists()


def test_export_can_be_imported_back(tmp_path, make_camera, outsider_client):
    make_camera(*MONG_KOK, kind="ptz", operator="housing", mount="building", direction=12, field_of_view=70)
    make_camera(*CENTRAL, kind="smartview", operator="police", mount="pole")
    exported = b"".join(outsider_client.get("/export/cameras.geojson").streaming_content)
    before = sorted(Camera.objects.values_list("kind", "operator", "mount", "direction", "field_of_view"))
    Camera.objects.all().delete()
    run(write(tmp_path, exported.decode()))
    after = sorted(Camera.objects.values_list("kind", "operator", "mount", "direction", "field_of_view"))
    assert after == before


def test_duplicate_grid_checks_neighbouring_cells():
    grid = DuplicateGrid(10)
    lat, lon = 22.3, 114.17
    grid.add(lat, lon)
    for bearing in range(0, 360, 15):
        r = math.radians(bearing)
        for metres, expected in ((9.5, True), (10.5, False)):
            dlat = metres * M_LAT * math.cos(r)
            dlon = metres * M_LAT * math.sin(r) / math.cos(math.radians(lat))
            assert abs(haversine_m(lat, lon, lat + dlat, lon + dlon) - metres) < 0.05
            assert grid.has_near(lat + dlat, lon + dlon) is expected, (bearing, metres)
