import datetime as dt
import re

import orjson
import pytest
from django.utils import timezone

from mapsite.cameras.models import Camera
from tests.helpers import CENTRAL, MONG_KOK, SHA_TIN

URL = "/api/cameras.geojson"
HK = "113.8,22.1,114.5,22.6"
KOWLOON = "114.15,22.30,114.19,22.34"  # Mong Kok, not Central or Sha Tin


def get(client, **params):
    return client.get(URL, params)


def body(response):
    return orjson.loads(response.content)


def ids(response):
    return sorted(f["id"] for f in body(response)["features"])


@pytest.fixture
def cams(make_camera, resident):
    return {
        "mk": make_camera(
            *MONG_KOK, kind=Camera.Kind.DOME, operator=Camera.Operator.POLICE, status=Camera.Status.VERIFIED
        ),
        "central": make_camera(*CENTRAL, kind=Camera.Kind.ANPR, operator=Camera.Operator.TRANSPORT, reporter=resident),
        "shatin": make_camera(*SHA_TIN, kind=Camera.Kind.DOME, operator=Camera.Operator.PRIVATE),
        "rejected": make_camera(MONG_KOK[0] + 0.001, MONG_KOK[1], status=Camera.Status.REJECTED),
        "removed": make_camera(MONG_KOK[0] + 0.002, MONG_KOK[1], status=Camera.Status.REMOVED),
    }


def test_bbox_returns_public_cameras_as_feature_collection(client, cams):
    response = get(client, bbox=HK)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = body(response)
    assert data["type"] == "FeatureCollection"
    assert ids(response) == sorted([cams["mk"].pk, cams["central"].pk, cams["shatin"].pk])
    assert data["truncated"] is False
    assert data["total"] == 3


def test_bbox_limits_to_the_visible_area(client, cams):
    assert ids(get(client, bbox=KOWLOON)) == [cams["mk"].pk]


def test_feature_shape_and_public_properties(client, make_camera):
    reported = dt.datetime(2025, 3, 1, 23, 30, tzinfo=dt.UTC)  # 2 March in Hong Kong
    cam = make_camera(
        *MONG_KOK,
        kind=Camera.Kind.PTZ,
        operator=Camera.Operator.MTR,
        mount=Camera.Mount.WALL,
        direction=90,
        field_of_view=45,
        notes="Above the exit",
        reported_at=reported,
        last_confirmed_at=reported + dt.timedelta(days=10),
        confirm_count=2,
        dispute_count=1,
    )
    feature = body(get(client, bbox=KOWLOON))["features"][0]
    assert feature["type"] == "Feature"
    assert feature["id"] == cam.pk
    assert feature["geometry"] == {"type": "Point", "coordinates": [MONG_KOK[1], MONG_KOK[0]]}
    props = feature["properties"]
    assert props == {
        "id": cam.pk,
        "kind": "ptz",
        "operator": "mtr",
        "mount": "wall",
        "status": "pending",
        "direction": 90,
        "field_of_view": 45,
        "notes": "Above the exit",
        "reported_on": "2025-03-02",
        "last_confirmed_on": "2025-03-12",
        "stale": True,  # last confirmed 2025-03-12: more than STALE_AFTER_DAYS (365) ago
        "confirm_count": 2,
        "dispute_count": 1,
        "source": "resident",
        "published_by": None,
        "url": f"/cameras/{cam.pk}/",
    }


def _rename(user) -> None:
    user.username = "streetwatcher17"
    user.save(update_fields=["username"])


def test_no_reporter_or_time_of_day_leaks(client, cams, resident):
    _rename(resident)  # "resident" is also a public value: the source of a resident's report
    raw = get(client, bbox=HK).content.decode()
    assert "reporter" not in raw
    assert resident.username not in raw
    assert "reported_at" not in raw and "confirmed_at" not in raw
    assert not re.search(r"\d\d:\d\d", raw), "no time of day in public data"
    for feature in body(get(client, bbox=HK))["features"]:
        assert len(feature["properties"]["reported_on"]) == 10


def test_stale_when_not_seen_for_a_long_time(client, make_camera, settings):
    settings.STALE_AFTER_DAYS = 30
    old = make_camera(*MONG_KOK, reported_at=timezone.now() - dt.timedelta(days=40))
    fresh = make_camera(
        MONG_KOK[0] + 0.001,
        MONG_KOK[1],
        reported_at=timezone.now() - dt.timedelta(days=40),
        last_confirmed_at=timezone.now() - dt.timedelta(days=1),
    )
    stale = {f["id"]: f["properties"]["stale"] for f in body(get(client, bbox=KOWLOON))["features"]}
    assert stale == {old.pk: True, fresh.pk: False}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "dome"}, ["mk", "shatin"]),
        ({"kind": "dome,anpr"}, ["mk", "central", "shatin"]),
        ({"kind": ["dome", "anpr"]}, ["mk", "central", "shatin"]),
        ({"operator": "transport"}, ["central"]),
        ({"operator": "police,private"}, ["mk", "shatin"]),
        ({"status": "verified"}, ["mk"]),
        ({"status": "pending"}, ["central", "shatin"]),
        ({"status": "pending,verified"}, ["mk", "central", "shatin"]),
        ({"kind": "dome", "operator": "private"}, ["shatin"]),
        ({"kind": "dome", "status": "pending"}, ["shatin"]),
        ({"kind": "fixed"}, []),
    ],
)
def test_filters(client, cams, params, expected):
    assert ids(get(client, bbox=HK, **params)) == sorted(cams[name].pk for name in expected)


@pytest.mark.parametrize(
    "bbox",
    [
        None,
        "",
        "114.1,22.3,114.2",
        "114.1,22.3,114.2,22.4,1",
        "a,b,c,d",
        "114.1,22.3,,22.4",
        "114.2,22.3,114.1,22.4",  # inverted longitudes
        "114.1,22.4,114.2,22.3",  # inverted latitudes
        "-181,22.3,114.2,22.4",
        "114.1,22.3,181,22.4",
        "114.1,-91,114.2,22.4",
        "114.1,22.3,114.2,91",
        "nan,22.3,114.2,22.4",
        "114.1,22.3,inf,22.4",
        "114.1,-inf,114.2,22.4",
        "114.1,22.3,1e400,22.4",
    ],
)
def test_bad_bbox_is_a_400_with_an_error(client, cams, bbox):
    response = client.get(URL) if bbox is None else get(client, bbox=bbox)
    assert response.status_code == 400
    assert isinstance(body(response)["error"], str) and body(response)["error"]


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "drone"},
        {"kind": "dome,drone"},
        {"kind": ""},
        {"kind": "dome,"},
        {"kind": "DOME"},
        {"operator": "nsa"},
        {"status": "rejected"},
        {"status": "removed"},
        {"status": "pending,rejected"},
    ],
)
def test_unknown_filter_value_is_a_400(client, cams, params):
    response = get(client, bbox=HK, **params)
    assert response.status_code == 400
    assert "error" in body(response)


def test_unknown_filter_error_names_the_parameter(client, db):
    assert "kind" in body(get(client, bbox=HK, kind="drone"))["error"]


def test_post_is_405(client, db):
    assert client.post(URL + "?bbox=" + HK).status_code == 405


def test_cap_says_so(client, make_camera, settings):
    settings.API_MAX_FEATURES = 3
    for i in range(5):
        make_camera(MONG_KOK[0] + i * 0.0005, MONG_KOK[1])
    data = body(get(client, bbox=HK))
    assert len(data["features"]) == 3
    assert data["truncated"] is True
    assert data["limit"] == 3
    assert data["total"] == 5


def test_exactly_at_the_cap_is_not_truncated(client, make_camera, settings):
    settings.API_MAX_FEATURES = 3
    for i in range(3):
        make_camera(MONG_KOK[0] + i * 0.0005, MONG_KOK[1])
    data = body(get(client, bbox=HK))
    assert (len(data["features"]), data["truncated"], data["total"]) == (3, False, 3)


def test_merged_camera_is_not_listed(client, make_camera):
    survivor = make_camera(*MONG_KOK)
    make_camera(MONG_KOK[0] + 0.0001, MONG_KOK[1], merged_into=survivor)
    assert ids(get(client, bbox=KOWLOON)) == [survivor.pk]


# --- one camera -------------------------------------------------------------


def test_one_camera(client, cams):
    response = client.get(f"/api/cameras/{cams['mk'].pk}.geojson")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = body(response)
    assert data["type"] == "Feature"
    assert data["id"] == cams["mk"].pk
    assert data["properties"]["status"] == "verified"
    assert data["properties"]["kind"] == "dome"


def test_one_camera_hides_its_reporter(client, cams, resident):
    _rename(resident)
    raw = client.get(f"/api/cameras/{cams['central'].pk}.geojson").content.decode()
    assert "reporter" not in raw and resident.username not in raw


@pytest.mark.parametrize("which", ["rejected", "removed"])
def test_one_non_public_camera_is_404(client, cams, which):
    response = client.get(f"/api/cameras/{cams[which].pk}.geojson")
    assert response.status_code == 404
    assert body(response) == {"error": "Camera not found."}


def test_one_missing_camera_is_404(client, db):
    response = client.get("/api/cameras/999999.geojson")
    assert response.status_code == 404
    assert "error" in body(response)


def test_merged_camera_redirects_to_survivor(client, make_camera):
    survivor = make_camera(*MONG_KOK)
    merged = make_camera(MONG_KOK[0] + 0.0001, MONG_KOK[1], merged_into=survivor, status=Camera.Status.REMOVED)
    response = client.get(f"/api/cameras/{merged.pk}.geojson")
    assert response.status_code == 301
    assert response["Location"] == f"/api/cameras/{survivor.pk}.geojson"
    assert body(client.get(response["Location"]))["id"] == survivor.pk


def test_one_camera_post_is_405(client, cams):
    assert client.post(f"/api/cameras/{cams['mk'].pk}.geojson").status_code == 405


def test_api_links_are_language_neutral(client, cams):
    response = client.get(URL, {"bbox": HK}, headers={"accept-language": "zh-hant"})
    assert all(f["properties"]["url"].startswith("/cameras/") for f in body(response)["features"])


def test_a_fixed_number_of_queries(client, make_camera, settings, django_assert_max_num_queries):
    settings.API_MAX_FEATURES = 3
    for i in range(6):
        make_camera(MONG_KOK[0] + i * 0.0005, MONG_KOK[1])
    with django_assert_max_num_queries(2):
        assert body(get(client, bbox=HK))["truncated"] is True


def test_errors_come_in_the_visitors_language(client, db):
    english = body(client.get(URL))["error"]
    chinese = body(client.get(URL, headers={"accept-language": "zh-hant"}))["error"]
    assert english.startswith("bbox is required")
    assert chinese != english and any("\u4e00" <= ch <= "\u9fff" for ch in chinese)


def test_the_bbox_api_and_the_tiles_refuse_the_same_filters(client, cams):
    # One parser serves both camera APIs: an empty value is refused by both, with the same words.
    for query in ("kind=", "kind=dome,", "status=rejected", "operator=nsa"):
        bbox_error = get(client, bbox=HK, **dict([query.split("=", 1)]))
        tile_error = client.get(f"/api/tiles/11/1673/893.json?{query}")
        assert bbox_error.status_code == tile_error.status_code == 400
        assert body(bbox_error)["error"] == tile_error.json()["error"]
