import orjson
import pytest

from mapsite.cameras.models import Camera
from tests.helpers import CENTRAL, MONG_KOK

URL = "/api/districts.geojson"


@pytest.fixture
def data(client, districts, figures, make_camera):
    make_camera(*MONG_KOK, status=Camera.Status.VERIFIED)
    make_camera(MONG_KOK[0] + 0.001, MONG_KOK[1])
    make_camera(MONG_KOK[0] + 0.002, MONG_KOK[1], status=Camera.Status.REJECTED)
    make_camera(*CENTRAL)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return orjson.loads(response.content)


def by_code(data):
    return {f["properties"]["code"]: f for f in data["features"]}


def test_eighteen_districts_with_geometry(data):
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 18
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_names_in_both_languages(data):
    props = by_code(data)["E"]["properties"]
    assert props["name_en"] == "Yau Tsim Mong"
    assert props["name_zh"] == "油尖旺區"
    assert by_code(data)["A"]["properties"]["name_en"] == "Central and Western"
    assert props["url"] == "/districts/e/"


def test_counts_include_pending_and_verified_only(data, districts):
    e = by_code(data)["E"]["properties"]
    assert (e["reported_count"], e["verified_count"]) == (2, 1)
    assert e["per_km2"] == pytest.approx(2 / districts["E"].area_km2, abs=0.001)
    a = by_code(data)["A"]["properties"]
    assert (a["reported_count"], a["verified_count"]) == (1, 0)
    assert by_code(data)["R"]["properties"]["reported_count"] == 0
    assert by_code(data)["R"]["properties"]["per_km2"] == 0


def test_district_figures_on_their_district(data):
    mong_kok_figures = by_code(data)["E"]["properties"]["official_figures"]
    assert mong_kok_figures, "Yau Tsim Mong has published figures"
    assert all(f["district"] == "E" and f["scope"] == "district" for f in mong_kok_figures)
    assert {"date", "figure", "unit", "unit_label", "source_title", "publisher", "url"} <= set(mong_kok_figures[0])
    for code, feature in by_code(data).items():
        assert all(f["district"] == code for f in feature["properties"]["official_figures"])


def test_territory_figures_latest_first(data, figures):
    territory = data["territory_figures"]
    expected = [f for f in figures if f.scope == "territory"]
    assert len(territory) == len(expected) > 0
    assert all(f["scope"] == "territory" and f["district"] is None for f in territory)
    dates = [f.reported_on for f in sorted(expected, key=lambda f: (f.reported_on, f.figure), reverse=True)]
    assert [f["date"][:4] for f in territory] == [d.isoformat()[:4] for d in dates]


def test_post_is_405(client, districts):
    assert client.post(URL).status_code == 405


def test_no_reporter_leak(client, districts, make_camera, resident):
    make_camera(*MONG_KOK, reporter=resident)
    raw = client.get(URL).content.decode()
    # Quoted: "per_1000_residents" is a key, the username would be a value.
    assert f'"{resident.username}"' not in raw and "reporter" not in raw


def test_a_fixed_number_of_queries(client, districts, figures, make_camera, django_assert_max_num_queries):
    make_camera(*MONG_KOK)
    make_camera(*CENTRAL)
    # The data version, the counters, the districts, their ids and the figures.
    with django_assert_max_num_queries(6):  # the sixth counts officially published cameras
        assert client.get(URL).status_code == 200
    # Until a camera changes, the built response is reused: only the version is read.
    with django_assert_max_num_queries(1):
        assert client.get(URL).status_code == 200


def test_counts_are_fresh_after_a_change_and_gzip_is_served(client, districts, make_camera):
    make_camera(*MONG_KOK)
    first = client.get(URL, HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in first["Vary"]
    make_camera(*MONG_KOK[:1], MONG_KOK[1] + 0.001)
    data = client.get(URL).json()
    e = next(f for f in data["features"] if f["properties"]["code"] == "E")
    assert e["properties"]["reported_count"] == 2
