"""The tile API: addresses, filters, caching headers, freshness after edits."""

from __future__ import annotations

import datetime as dt
import gzip

import orjson
import pytest

from mapsite.cameras.models import Camera
from mapsite.lib.quadkeys import lonlat_to_tile
from tests.conftest import MONG_KOK

Z = 14
X, Y = lonlat_to_tile(MONG_KOK[1], MONG_KOK[0], Z)
URL = f"/api/tiles/{Z}/{X}/{Y}.json"


def total(response) -> int:
    return sum(f["properties"]["count"] for f in response.json()["features"])


def test_tile_has_etag_and_revalidating_cache_control(client, make_camera):
    make_camera()
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["ETag"].startswith('"')
    assert response["Cache-Control"] == "public, no-cache"
    assert total(response) == 1


def test_if_none_match_gets_304_until_the_data_changes(client, make_camera):
    make_camera()
    etag = client.get(URL)["ETag"]
    again = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag

    make_camera(MONG_KOK[0] + 0.0005, MONG_KOK[1])
    fresh = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert fresh["ETag"] != etag
    assert total(fresh) == 2


@pytest.mark.parametrize(
    "change",
    [
        lambda cam: Camera.objects.filter(pk=cam.pk).update(status=Camera.Status.REJECTED),
        lambda cam: Camera.objects.filter(pk=cam.pk).update(notes="moved behind the sign"),
        lambda cam: cam.delete(),
    ],
    ids=["status update()", "notes update()", "delete"],
)
def test_every_change_to_a_camera_changes_the_version(client, make_camera, change):
    cam = make_camera()
    before = client.get("/api/tiles/version.json").json()["v"]
    change(cam)
    after = client.get("/api/tiles/version.json").json()["v"]
    assert after > before


def test_a_tile_after_an_edit_is_fresh(client, make_camera):
    cam = make_camera(status=Camera.Status.VERIFIED)
    first = client.get(URL).json()
    assert first["features"][0]["properties"]["verified"] == 1
    cam.status = Camera.Status.REJECTED
    cam.save()
    second = client.get(URL).json()
    assert second["v"] > first["v"]
    assert second["features"] == []


def street_tile(client, cam):
    x, y = lonlat_to_tile(cam.longitude, cam.latitude, 18)
    data = client.get(f"/api/tiles/18/{x}/{y}.json").json()
    assert data["mode"] == "cameras"
    return {f["id"]: f["properties"] for f in data["features"]}


def test_a_listed_camera_after_an_edit_is_fresh(client, make_camera):
    # Built features are kept per process; an edit must still show at once.
    cam = make_camera(notes="on the lamppost")
    assert street_tile(client, cam)[cam.pk]["notes"] == "on the lamppost"
    cam.notes = "moved to the footbridge"
    cam.direction = 90
    cam.save()
    props = street_tile(client, cam)[cam.pk]
    assert props["notes"] == "moved to the footbridge" and props["direction"] == 90


def test_the_stale_flag_follows_the_stale_setting(client, make_camera, settings):
    cam = make_camera()
    Camera.objects.filter(pk=cam.pk).update(
        reported_at=cam.reported_at - dt.timedelta(days=40), last_confirmed_at=None
    )
    assert street_tile(client, cam)[cam.pk]["stale"] is False
    settings.STALE_AFTER_DAYS = 30
    assert street_tile(client, cam)[cam.pk]["stale"] is True


def test_gzip_keeps_a_matching_etag(client, make_camera):
    for i in range(40):
        make_camera(MONG_KOK[0] + i * 0.0001, MONG_KOK[1])
    z = 18
    x, y = lonlat_to_tile(MONG_KOK[1], MONG_KOK[0] + 0.002, z)
    url = f"/api/tiles/{z}/{x}/{y}.json"
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    data = orjson.loads(gzip.decompress(response.content))
    assert data["mode"] == "cameras" and data["features"]
    assert response["ETag"].startswith('W/"')  # GZipMiddleware weakens it
    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_current_version_in_the_url_makes_the_tile_immutable(client, make_camera):
    make_camera()
    v = client.get("/api/tiles/version.json").json()["v"]
    assert client.get(f"{URL}?v={v}")["Cache-Control"] == "public, max-age=31536000, immutable"
    old = client.get(f"{URL}?v={v - 1}")
    assert old["Cache-Control"] == "public, no-cache"
    assert old.json()["v"] == v


def test_version_endpoint_is_never_cached(client, districts):
    response = client.get("/api/tiles/version.json")
    assert response["Cache-Control"] == "no-store"
    assert isinstance(response.json()["v"], int)


@pytest.mark.parametrize(
    "path, message",
    [
        ("/api/tiles/abc/1/1.json", "whole numbers"),
        ("/api/tiles/23/1/1.json", "Zoom must be between 0 and 22"),
        ("/api/tiles/-1/0/0.json", "Zoom must be between"),
        ("/api/tiles/3/8/0.json", "between 0 and 7"),
        ("/api/tiles/3/0/-1.json", "between 0 and 7"),
        ("/api/tiles/3/1.5/0.json", "whole numbers"),
        (f"{URL}?kind=drone", "Unknown kind 'drone'"),
        (f"{URL}?operator=fbi", "Unknown operator"),
        (f"{URL}?status=rejected", "Unknown status 'rejected'"),
        (f"{URL}?kind=dome,nope", "Unknown kind 'nope'"),
        (f"{URL}?v=latest", "v must be a whole number"),
    ],
)
def test_bad_addresses_and_filters_get_400_json(client, districts, path, message):
    response = client.get(path)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert message in response.json()["error"]


@pytest.mark.parametrize("path", [URL, "/api/tiles/version.json"])
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_get_is_allowed(client, districts, path, method):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "error" in response.json()


def test_filters_are_applied_server_side(client, make_camera):
    make_camera(kind=Camera.Kind.DOME, status=Camera.Status.VERIFIED)
    make_camera(MONG_KOK[0] + 0.0002, MONG_KOK[1], kind=Camera.Kind.PTZ)
    make_camera(MONG_KOK[0] + 0.0004, MONG_KOK[1], kind=Camera.Kind.PTZ, operator=Camera.Operator.POLICE)
    assert total(client.get(URL)) == 3
    assert total(client.get(f"{URL}?kind=ptz")) == 2
    assert total(client.get(f"{URL}?kind=ptz&operator=police")) == 1
    assert total(client.get(f"{URL}?kind=dome&kind=ptz&status=verified")) == 1
    assert total(client.get(f"{URL}?status=pending,verified")) == 3
