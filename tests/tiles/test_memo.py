"""Immutable tile responses answered again from memory (mapsite/tiles/memo.py)."""

from __future__ import annotations

import gzip
from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import orjson
import pytest
import time_machine
from django.http import HttpResponse

from mapsite.cameras.models import Camera
from mapsite.tiles import memo as tile_memo
from mapsite.tiles import views
from tests.conftest import MONG_KOK
from tests.helpers import TUEN_MUN, tile_url

HK = ZoneInfo("Asia/Hong_Kong")


@pytest.fixture
def built(monkeypatch):
    """Counts the tiles the view builds (or reads from the shared cache): a memo hit makes none."""
    calls = []
    real = views.tile_body

    def counting(*args):
        calls.append(args[:3])
        return real(*args)

    monkeypatch.setattr(views, "tile_body", counting)
    return calls


def headers(response) -> dict[str, str]:
    return dict(response.items())


def test_a_repeat_of_an_immutable_tile_is_the_same_answer_without_the_view(client, make_camera, built):
    make_camera(*MONG_KOK)
    url = tile_url(*MONG_KOK, z=16) + "?v=1"

    first = client.get(url)
    second = client.get(url)

    assert first.status_code == second.status_code == 200
    assert first["Cache-Control"] == "public, max-age=31536000, immutable"
    assert len(built) == 1
    assert second.content == first.content
    assert headers(second) == headers(first)
    assert second["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert second["X-Content-Type-Options"] == "nosniff"
    assert len(orjson.loads(second.content)["features"]) == 1


def test_an_edit_over_the_tile_takes_its_old_url_back_to_the_view(client, make_camera, built):
    camera = make_camera(*MONG_KOK)
    url = tile_url(*MONG_KOK, z=16) + "?v=1"
    client.get(url)
    client.get(url)

    camera.kind = Camera.Kind.DOME
    camera.save()
    after = client.get(url)

    assert len(built) == 2
    assert after["Cache-Control"] == "public, no-cache"
    assert after["ETag"] == '"1.2"'
    assert orjson.loads(after.content)["features"][0]["properties"]["kind"] == "dome"


def test_an_edit_elsewhere_leaves_the_tile_answered_from_memory(client, make_camera, built):
    make_camera(*MONG_KOK)
    elsewhere = make_camera(*TUEN_MUN)
    url = tile_url(*MONG_KOK, z=16) + "?v=1"
    client.get(url)

    elsewhere.kind = Camera.Kind.DOME
    elsewhere.save()

    assert client.get(url)["ETag"] == '"1.1"'
    assert len(built) == 1


def test_gzip_and_plain_answers_are_kept_apart(client, make_camera, built):
    make_camera(*MONG_KOK)
    url = tile_url(*MONG_KOK, z=16) + "?v=1"
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get(url)
    zipped_again = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    plain_again = client.get(url)

    assert len(built) == 2
    assert zipped_again["Content-Encoding"] == zipped["Content-Encoding"] == "gzip"
    assert not plain_again.has_header("Content-Encoding")
    assert gzip.decompress(zipped_again.content) == plain_again.content == plain.content


def test_the_language_asked_for_is_the_language_answered(client, make_camera):
    make_camera(*MONG_KOK)
    url = tile_url(*MONG_KOK, z=16) + "?v=1"
    for _ in range(2):
        assert client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hant")["Content-Language"] == "zh-hant"
        assert client.get(url, HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "en"


def test_a_revalidation_still_gets_304(client, make_camera):
    make_camera(*MONG_KOK)
    url = tile_url(*MONG_KOK, z=16) + "?v=1"
    etag = client.get(url)["ETag"]
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag


@pytest.mark.parametrize("query", ["", "?v=7", "?v=abc"])
def test_only_the_current_immutable_url_is_kept(client, make_camera, built, query):
    make_camera(*MONG_KOK)
    url = tile_url(*MONG_KOK, z=16) + query
    answers = [client.get(url) for _ in range(2)]
    assert len(built) == (0 if query == "?v=abc" else 2)
    assert answers[1].status_code == (400 if query == "?v=abc" else 200)
    assert len(tile_memo.memo) == 0


def test_the_memo_is_bounded_oldest_out_first(client, make_camera, built, settings):
    settings.TILE_RESPONSE_MEMO = 2
    make_camera(*MONG_KOK)
    urls = [tile_url(*MONG_KOK, z=z) + "?v=1" for z in (15, 16, 17)]
    for url in urls:
        client.get(url)
    assert len(tile_memo.memo) == 2
    client.get(urls[2])
    client.get(urls[1])
    assert len(built) == 3
    client.get(urls[0])
    assert len(built) == 4


def test_zero_turns_it_off(client, make_camera, built, settings):
    settings.TILE_RESPONSE_MEMO = 0
    make_camera(*MONG_KOK)
    url = tile_url(*MONG_KOK, z=16) + "?v=1"
    client.get(url)
    client.get(url)
    assert len(built) == 2


def test_an_answer_ends_at_hong_kong_midnight(client, make_camera, built):
    """A tile's features carry a stale flag that moves with the date."""
    make_camera(*MONG_KOK)
    url = tile_url(*MONG_KOK, z=16) + "?v=1"
    with time_machine.travel(datetime(2026, 12, 2, 23, 59, 30, tzinfo=HK), tick=False) as traveller:
        client.get(url)
        client.get(url)
        assert len(built) == 1
        traveller.move_to(datetime(2026, 12, 3, 0, 0, 1, tzinfo=HK))
        client.get(url)
        assert len(built) == 2


@pytest.mark.parametrize(
    ("change", "kept"),
    [
        ({}, True),
        ({"Cache-Control": "public, no-cache"}, False),
        ({"Vary": "Cookie"}, False),
        ({"Content-Security-Policy": "script-src 'nonce-abc'"}, False),
        ({"status": 404}, False),
        ({"cookie": "sessionid"}, False),
    ],
)
def test_what_may_be_kept(change, kept):
    response = HttpResponse(b"{}", status=change.pop("status", 200))
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["Vary"] = "Accept-Language, Accept-Encoding"
    if cookie := change.pop("cookie", None):
        response.set_cookie(cookie, "x")
    for header, value in change.items():
        response[header] = value
    assert tile_memo._storable(response) is kept


def test_a_tile_answered_from_memory_is_not_built_from_the_database_again(client, make_camera, settings):
    settings.TILE_VERSIONS_SECONDS = 60
    make_camera(*MONG_KOK)
    url = tile_url(*MONG_KOK, z=16) + "?v=1"
    client.get(url)
    with mock.patch.object(views, "tile_body", side_effect=AssertionError("the view ran")):
        assert client.get(url).status_code == 200
