"""The Atom feeds: valid Atom (parsed, required elements present), day-only dates at
midnight Hong Kong time, links to camera pages, and no names."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
import time_machine

from mapsite.cameras.models import Camera
from mapsite.moderation.services import Decision, decide
from tests.helpers import BESIDE_HK_MIDNIGHT, CENTRAL, MONG_KOK

A = "{http://www.w3.org/2005/Atom}"
FEED = "/feeds/cameras.atom"


def parse(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 (our own server's answer)
    assert root.tag == f"{A}feed"
    # RFC 4287 4.1.1: a feed has an id, a title, an updated date, and an author unless every entry has one.
    for name in ("id", "title", "updated"):
        assert root.find(f"{A}{name}").text
    # The site, never a person.
    assert root.find(f"{A}author/{A}name").text in ("Hong Kong Camera Map", "香港監控鏡頭地圖")
    for entry in root.findall(f"{A}entry"):
        for name in ("id", "title", "updated"):
            assert entry.find(f"{A}{name}").text, name
        assert entry.find(f"{A}link[@rel='alternate']").get("href")
    return root


def entries(root: ET.Element) -> list[tuple[str, str, str]]:
    """(title, link path, updated) of each entry, in feed order."""
    return [
        (e.find(f"{A}title").text, e.find(f"{A}link").get("href").split("testserver", 1)[-1],
         e.find(f"{A}updated").text)
        for e in root.findall(f"{A}entry")
    ]


@pytest.mark.parametrize(("instant", "day"), BESIDE_HK_MIDNIGHT)
def test_entries_are_dated_to_the_hong_kong_day_at_midnight(client, make_camera, reporter, instant, day):
    with time_machine.travel(dt.datetime.fromisoformat(instant), tick=False):
        camera = make_camera(reporter=reporter, kind=Camera.Kind.DOME)
    response = client.get(FEED)
    body = response.content.decode()
    assert entries(parse(response)) == [
        (f"Published: Dome #{camera.pk} in Yau Tsim Mong", f"/cameras/{camera.pk}/", f"{day}T00:00:00+08:00")
    ]
    assert reporter.username not in body
    # Nothing finer than the day: no time of day but midnight anywhere in the feed.
    assert ":30" not in body


def test_verification_is_an_entry_of_its_own_day(client, make_camera, moderator):
    with time_machine.travel(dt.datetime(2026, 3, 2, 4, tzinfo=dt.UTC), tick=False):
        camera = make_camera()
    with time_machine.travel(dt.datetime(2026, 3, 9, 4, tzinfo=dt.UTC), tick=False):
        decide(camera.pk, camera.version, Decision.VERIFY, actor=moderator)
    found = entries(parse(client.get(FEED)))
    assert [(title.split(":")[0], updated) for title, _, updated in found] == [
        ("Verified", "2026-03-09T00:00:00+08:00"),
        ("Published", "2026-03-02T00:00:00+08:00"),
    ]
    assert moderator.username not in client.get(FEED).content.decode()


def test_only_public_published_real_cameras(client, make_camera):
    make_camera(published_at=None)  # waiting for its window
    make_camera(status=Camera.Status.REJECTED)
    make_camera(source=Camera.Source.DEMO, is_demo=True)
    shown = make_camera()
    assert [link for _, link, _ in entries(parse(client.get(FEED)))] == [f"/cameras/{shown.pk}/"]


def test_an_empty_feed_is_still_valid_and_dated_to_the_day(client, districts):
    with time_machine.travel(dt.datetime(2026, 3, 4, 16, 0, 30, tzinfo=dt.UTC), tick=False):
        root = parse(client.get(FEED))
    assert root.find(f"{A}updated").text == "2026-03-05T00:00:00+08:00"
    assert root.findall(f"{A}entry") == []


def test_district_feed_lists_that_district_only(client, make_camera):
    mong_kok = make_camera(*MONG_KOK)
    make_camera(*CENTRAL)
    root = parse(client.get("/districts/e/feed.atom"))
    assert [link for _, link, _ in entries(root)] == [f"/cameras/{mong_kok.pk}/"]
    assert root.find(f"{A}title").text == "Hong Kong Camera Map: cameras in Yau Tsim Mong"


def test_feeds_in_chinese(client, make_camera):
    camera = make_camera(*MONG_KOK)
    root = parse(client.get("/zh-hant/districts/E/feed.atom"))
    (title, link, _), = entries(root)
    assert link == f"/zh-hant/cameras/{camera.pk}/"
    assert "油尖旺區" in title


def test_unknown_district_feed_is_a_404(client, districts):
    assert client.get("/districts/zz/feed.atom").status_code == 404


@pytest.mark.parametrize("url", [FEED, "/districts/e/feed.atom"])
def test_feeds_answer_get_only(client, districts, url):
    response = client.post(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
