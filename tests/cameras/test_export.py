import csv
import datetime as dt
import io
import json

import pytest
import time_machine
from django.utils import timezone

from mapsite.cameras.models import Camera
from tests.helpers import CENTRAL, MONG_KOK, SHA_TIN


def geojson(client, query=""):
    response = client.get("/export/cameras.geojson" + query)
    assert response.status_code == 200
    return response, json.loads(b"".join(response.streaming_content))


def csv_rows(client, query=""):
    response = client.get("/export/cameras.csv" + query)
    assert response.status_code == 200
    return response, list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def cameras(make_camera, django_user_model):
    reporter = django_user_model.objects.create_user(username="secret-reporter", password="x")
    public = make_camera(
        *MONG_KOK,
        kind=Camera.Kind.DOME,
        operator=Camera.Operator.POLICE,
        mount=Camera.Mount.WALL,
        direction=45,
        status=Camera.Status.VERIFIED,
        reporter=reporter,
        notes="private note",
        reported_at=dt.datetime(2026, 1, 1, 20, 0, tzinfo=dt.UTC),  # 2 January in Hong Kong
        last_confirmed_at=dt.datetime(2026, 2, 3, 1, 0, tzinfo=dt.UTC),
    )
    pending = make_camera(*CENTRAL)
    make_camera(*SHA_TIN, status=Camera.Status.REJECTED)
    make_camera(*SHA_TIN, status=Camera.Status.REMOVED)
    make_camera(*MONG_KOK, merged_into=public)
    demo = make_camera(*SHA_TIN, is_demo=True, source=Camera.Source.DEMO)
    return {"public": public, "pending": pending, "demo": demo}


def test_geojson_has_public_cameras_tags_licence_and_attribution(outsider_client, cameras):
    response, data = geojson(outsider_client)
    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"].startswith('attachment; filename="hong-kong-cameras-')
    assert response["Content-Disposition"].endswith('.geojson"')
    assert data["type"] == "FeatureCollection"
    assert data["license"] == "ODbL-1.0"
    assert "Hong Kong Camera Map" in data["attribution"]
    assert [f["id"] for f in data["features"]] == [cameras["public"].pk, cameras["pending"].pk]
    props = data["features"][0]["properties"]
    assert data["features"][0]["geometry"] == {"type": "Point", "coordinates": [MONG_KOK[1], MONG_KOK[0]]}
    assert props["status"] == "verified"
    assert props["district"] == "E"
    assert props["reported_on"] == "2026-01-02"
    assert props["last_confirmed_on"] == "2026-02-03"
    assert props["demo"] is False
    assert props["man_made"] == "surveillance"
    assert props["camera:type"] == "dome"
    assert props["camera:mount"] == "wall"
    assert props["camera:direction"] == "45"
    assert props["operator"] == "Hong Kong Police Force"
    assert data["features"][1]["properties"]["last_confirmed_on"] is None


def test_nothing_private_or_timed(outsider_client, cameras):
    body = b"".join(outsider_client.get("/export/cameras.geojson").streaming_content).decode()
    body += b"".join(outsider_client.get("/export/cameras.csv").streaming_content).decode()
    assert "secret-reporter" not in body
    assert "T20:00" not in body and "20:00" not in body and "04:00" not in body


def test_demo_cameras_only_on_request_and_marked(outsider_client, cameras):
    _, data = geojson(outsider_client)
    assert cameras["demo"].pk not in [f["id"] for f in data["features"]]
    _, data = geojson(outsider_client, "?include_demo=1")
    demo = [f for f in data["features"] if f["id"] == cameras["demo"].pk]
    assert demo and demo[0]["properties"]["demo"] is True
    _, rows = csv_rows(outsider_client, "?include_demo=1")
    assert {r["id"]: r["demo"] for r in rows}[str(cameras["demo"].pk)] == "true"


@pytest.mark.parametrize("url", ["/export/cameras.geojson", "/export/cameras.csv"])
def test_bad_include_demo_is_400(outsider_client, districts, url):
    response = outsider_client.get(url + "?include_demo=perhaps")
    assert response.status_code == 400
    assert "include_demo" in response.json()["error"]


def test_csv(outsider_client, cameras):
    response, rows = csv_rows(outsider_client)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    assert [r["id"] for r in rows] == [str(cameras["public"].pk), str(cameras["pending"].pk)]
    first = rows[0]
    assert first["status"] == "verified"
    assert first["district"] == "E"
    assert first["reported_on"] == "2026-01-02"
    assert first["last_confirmed_on"] == "2026-02-03"
    assert first["demo"] == "false"
    assert first["camera:type"] == "dome"
    assert first["surveillance:type"] == "camera"
    assert first["license"] == "ODbL-1.0"
    assert "Hong Kong Camera Map" in first["attribution"]
    assert float(first["latitude"]) == MONG_KOK[0]
    assert rows[1]["last_confirmed_on"] == ""


def test_empty_exports_are_valid(outsider_client, districts):
    _, data = geojson(outsider_client)
    assert data["features"] == []
    _, rows = csv_rows(outsider_client)
    assert rows == []


@pytest.mark.parametrize("url", ["/export/cameras.geojson", "/export/cameras.csv"])
def test_an_export_may_be_kept_five_minutes_by_any_cache(outsider_client, districts, url):
    # The same bytes for everyone: a cache in front builds it once in that time (deploy/nginx.conf).
    response = outsider_client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    assert "Cookie" not in response.get("Vary", "")


def test_an_export_is_built_once_in_five_minutes(outsider_client, make_camera):
    first = make_camera(*MONG_KOK)
    assert [row["id"] for row in csv_rows(outsider_client)[1]] == [str(first.pk)]
    second = make_camera(*CENTRAL)
    # Built at most every five minutes however many ask: a download is that old at most.
    assert [row["id"] for row in csv_rows(outsider_client)[1]] == [str(first.pk)]
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=301)):
        assert [row["id"] for row in csv_rows(outsider_client)[1]] == [str(first.pk), str(second.pk)]


def test_a_disk_that_refuses_the_export_is_a_503_and_keeps_the_last_one(outsider_client, make_camera, monkeypatch):
    from mapsite.cameras import export

    camera = make_camera(*MONG_KOK)
    _, before = csv_rows(outsider_client)

    def full_disk(include_demo):
        yield "id\n"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "_csv_chunks", full_disk)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=301)):
        response = outsider_client.get("/export/cameras.csv")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response.json()["error"] == "The export could not be prepared just now. Please try again in a minute."
    monkeypatch.undo()
    assert csv_rows(outsider_client)[1] == before == [before[0]]
    assert before[0]["id"] == str(camera.pk)


def test_large_export_streams_in_chunks(outsider_client, districts):
    from mapsite.cameras.demo import seed_demo

    seed_demo(4500, seed=3)
    Camera.objects.update(is_demo=False)
    response = outsider_client.get("/export/cameras.geojson")
    chunks = list(response.streaming_content)
    assert len(chunks) >= 4  # head, three chunks of features, tail
    assert len(json.loads(b"".join(chunks))["features"]) == 4500
    response = outsider_client.get("/export/cameras.csv")
    chunks = list(response.streaming_content)
    assert len(chunks) >= 3
    assert sum(chunk.count(b"\n") for chunk in chunks) == 4501


@pytest.mark.parametrize("url", ["/export/cameras.geojson", "/export/cameras.csv"])
def test_post_is_405(outsider_client, districts, url):
    assert outsider_client.post(url).status_code == 405


def test_dates_are_hong_kong_days(outsider_client, make_camera):
    make_camera(reported_at=timezone.make_aware(dt.datetime(2026, 5, 1, 23, 59), dt.UTC))
    _, data = geojson(outsider_client)
    assert data["features"][0]["properties"]["reported_on"] == "2026-05-02"


def test_notes_and_vote_counts_as_the_map_shows_them(outsider_client, make_camera):
    camera = make_camera(*MONG_KOK, notes="=HYPERLINK(\"http://x\")", confirm_count=4, dispute_count=1)
    quoted = make_camera(*CENTRAL, notes="'the old one', by the gate")
    plain = make_camera(*SHA_TIN, notes="above the door")
    _, data = geojson(outsider_client)
    props = {f["id"]: f["properties"] for f in data["features"]}
    assert (props[camera.pk]["notes"], props[camera.pk]["confirm_count"], props[camera.pk]["dispute_count"]) == (
        '=HYPERLINK("http://x")', 4, 1)
    _, rows = csv_rows(outsider_client)
    by_id = {row["id"]: row for row in rows}
    # A spreadsheet opening the CSV shows a formula-like note as text; a leading apostrophe is doubled,
    # so that exactly one can always be taken off again.
    assert by_id[str(camera.pk)]["notes"] == "'=HYPERLINK(\"http://x\")"
    assert (by_id[str(camera.pk)]["confirm_count"], by_id[str(camera.pk)]["dispute_count"]) == ("4", "1")
    assert by_id[str(quoted.pk)]["notes"] == "''the old one', by the gate"
    assert by_id[str(plain.pk)]["notes"] == "above the door"
