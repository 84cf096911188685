"""Polling reveals nothing finer than the window. With the window on, a report, a vote and a
photo approval leave every public response as it was (the data version, a tile, the cameras
API, the exports, the district counts, the camera pages, every ETag) until `publish` runs at
the window; then they all change, once."""

from __future__ import annotations

import io
import re

import pytest
import time_machine
from django.core.management import call_command

from mapsite.cameras.models import Camera
from mapsite.votes import services as votes
from tests.helpers import give_level, report_body, text
from tests.publication.moments import JUST_BEFORE, SENT, WINDOW

pytestmark = pytest.mark.usefixtures("window_on")

TILE = "/api/tiles/12/3346/1787.json"  # the zoom-12 tile holding Mong Kok: clusters
CAMERA_TILE = "/api/tiles/16/53551/28598.json"  # the zoom-16 tile of `published`: cameras listed
REPORT_TILE = "/api/tiles/16/53551/28597.json"  # the zoom-16 tile of the report, 300 m north
BBOX = "/api/cameras.geojson?bbox=113.8,22.1,114.5,22.6"
NO_SUCH_CAMERA = "/cameras/987654321/"

# What differs between two identical requests and means nothing: the CSP nonce.
_NOISE = re.compile(r'nonce="[^"]*"')


def _read(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return _NOISE.sub("", body.decode())


def snapshot(client, urls: dict[str, str]) -> dict[str, tuple]:
    """Each public URL's status, body and validators, as a poller would see them."""
    seen = {}
    for name, url in urls.items():
        response = client.get(url)
        seen[name] = (response.status_code, _read(response), response.get("ETag"), response.get("Last-Modified"))
    return seen


def changed(before: dict, after: dict) -> set[str]:
    return {name for name in before if before[name] != after[name]}


@pytest.fixture
def public_urls(published):
    return {
        "version": "/api/tiles/version.json",
        "tile": TILE,
        "camera tile": CAMERA_TILE,
        "report tile": REPORT_TILE,
        "cameras api": BBOX,
        "camera api": f"/api/cameras/{published.pk}.geojson",
        "export geojson": "/export/cameras.geojson",
        "export csv": "/export/cameras.csv",
        "district counts": "/api/districts.geojson",
        "district page": f"/districts/{published.district.code}/",
        "camera page": published.get_absolute_url(),
    }


@pytest.fixture
def published(make_camera, reporter):
    with time_machine.travel("2026-03-03T02:00:00+00:00", tick=False):
        return make_camera(reporter=reporter)


def _contribute(published, resident_client, voters, moderator, pending_photo, elsewhere) -> Camera:
    """A resident's report, three established residents' confirmations and a photo approval."""
    response = resident_client.post("/report/", report_body(*elsewhere, kind="dome", operator="police"))
    assert response.status_code == 302
    for user in voters:
        votes.confirm(published.pk, user)
    photo = pending_photo(published)
    from mapsite.moderation import services as moderation

    moderation.decide_photo(photo.pk, True, actor=moderator)
    return Camera.objects.get(reporter__username="resident")


def test_nothing_public_moves_until_the_window_then_everything_moves_once(
    published, public_urls, outsider_client, resident_client, established, moderator, pending_photo, elsewhere
):
    voters = established(3)  # their record (verified reports of their own) is made before anyone looks
    with time_machine.travel(SENT, tick=False):
        before = snapshot(outsider_client, public_urls)
        unseen = snapshot(outsider_client, {"page": NO_SUCH_CAMERA})["page"]
        report = _contribute(published, resident_client, voters, moderator, pending_photo, elsewhere)
        urls = {**public_urls, "new camera page": report.get_absolute_url(),
                "new camera api": f"/api/cameras/{report.pk}.geojson"}
        assert snapshot(outsider_client, public_urls) == before
        # The waiting report's page is the same 404 as a camera that never existed (bar its own address).
        status, body, *validators = snapshot(outsider_client, {"page": report.get_absolute_url()})["page"]
        assert (status, body.replace(report.get_absolute_url(), NO_SUCH_CAMERA), *validators) == unseen

    with time_machine.travel(JUST_BEFORE, tick=False):
        call_command("publish", stdout=io.StringIO())
        waiting = snapshot(outsider_client, urls)
        assert {name: waiting[name] for name in public_urls} == before
        assert waiting["new camera page"][0] == waiting["new camera api"][0] == 404

    with time_machine.travel(WINDOW, tick=False):
        call_command("publish", stdout=io.StringIO())
        out = snapshot(outsider_client, urls)
        assert changed(waiting, out) == set(urls)
        assert out["new camera page"][0] == out["new camera api"][0] == 200
        assert "3 residents confirm" in out["camera page"][1]
        assert "photos/" in out["camera page"][1] and "photos/" not in waiting["camera page"][1]

        call_command("publish", stdout=io.StringIO())
        assert snapshot(outsider_client, urls) == out


def test_a_moderator_acting_between_windows_moves_only_what_they_changed(
    published, public_urls, outsider_client, moderator, residents
):
    """A moderator's action is public at once (the issue allows it), but it does not carry
    residents' waiting votes out with it."""
    (user,) = residents(1)
    give_level(user)
    with time_machine.travel(SENT, tick=False):
        votes.confirm(published.pk, user)
        from mapsite.moderation import services as moderation

        moderation.edit(published.pk, published.version, actor=moderator, kind=Camera.Kind.DOME)
        published.refresh_from_db()
        assert published.confirm_count == 0
        assert "no resident has confirmed it yet" in text(outsider_client.get(published.get_absolute_url()))
