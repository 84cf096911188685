"""GET /api/places?q= as JSON."""

import pytest


def test_search_answers_json_in_english(client):
    response = client.get("/api/places", {"q": "Mong Kok"})
    assert response.status_code == 200
    data = response.json()
    first = data["results"][0]
    assert first["name"] == "Mong Kok" and first["name_zh"] == "旺角"
    assert first["kind"] == "station" and first["zoom"] == 16
    assert 22.3 < first["lat"] < 22.33 and 114.16 < first["lon"] < 114.18


def test_search_in_chinese_answers_chinese_names(client):
    response = client.get("/api/places", {"q": "旺角"}, HTTP_ACCEPT_LANGUAGE="zh-hant")
    first = response.json()["results"][0]
    assert first["name"] == "旺角" and first["name_en"] == "Mong Kok"
    assert first["detail"] == "港鐵"


def test_a_district_carries_its_bounds(client):
    first = client.get("/api/places", {"q": "Yau Tsim Mong"}).json()["results"][0]
    west, south, east, north = first["bbox"]
    assert first["kind"] == "district" and west < east and south < north


def test_results_are_limited(client):
    assert len(client.get("/api/places", {"q": "a"}).json()["results"]) == 8
    assert len(client.get("/api/places", {"q": "a", "limit": "3"}).json()["results"]) == 3


def test_no_match_is_an_empty_list(client):
    assert client.get("/api/places", {"q": "zzzzqqq"}).json()["results"] == []


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "  "}, {"q": "x" * 81}, {"q": "a", "limit": "0"}, {"q": "a", "limit": "21"}, {"q": "a", "limit": "two"}],
)
def test_bad_input_is_a_400_with_an_error(client, params):
    response = client.get("/api/places", params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert isinstance(response.json()["error"], str)


def test_only_get(client):
    response = client.post("/api/places", {"q": "a"})
    assert response.status_code == 405
