""""Nearest to a point" reads a widening box around the point (queue.bounded), and must give
exactly the order of reading every row: by distance |Δlat| + |Δlon|·cos(lat), then camera number."""

from __future__ import annotations

import importlib
import math
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mapsite.moderation import queue
from tests.helpers import CENTRAL, MONG_KOK, SHA_TIN, offset, text

views = importlib.import_module("mapsite.moderation.views.queue")
URL = reverse("moderation:queue")
TUEN_MUN = (22.3916, 113.9771)  # far from every camera below: the box must widen to all of them


def ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'class="queue-camera" data-camera-id="(\d+)"', html)]


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]*)"[^>]*rel="{rel}"', html)
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.fixture
def spread(make_camera, districts):
    """152 cameras from metres to kilometres from Mong Kok; 25 at one spot, a tie longer than a page."""
    places = [offset(*MONG_KOK, north_m=40)] * 25
    places += [offset(*MONG_KOK, north_m=25 * i, east_m=-13 * (i % 5)) for i in range(1, 40)]
    places += [offset(*MONG_KOK, north_m=600 + 37 * i) for i in range(40)]
    places += [offset(*SHA_TIN, east_m=29 * i) for i in range(24)]
    places += [offset(*CENTRAL, east_m=-31 * i) for i in range(24)]
    return [make_camera(lat, lon) for lat, lon in places]


def by_distance(cameras, point) -> list[int]:
    lat, lon = point
    scale = math.cos(math.radians(lat))
    return [c.pk for c in sorted(cameras, key=lambda c: (
        abs(c.latitude - lat) + abs(c.longitude - lon) * scale, c.pk))]


def every_page(client, params: dict) -> tuple[list[list[int]], list[list[int]]]:
    """Each page's ids following "next" from the first page, then "previous" back from the last."""
    html = text(client.get(URL, params))
    forward = [ids(html)]
    while nxt := link(html, "next"):
        html = text(client.get(URL + nxt))
        forward.append(ids(html))
    backward = [forward[-1]]
    while prev := link(html, "prev"):
        html = text(client.get(URL + prev))
        backward.append(ids(html))
    return forward, backward


@pytest.mark.parametrize("point", [MONG_KOK, CENTRAL, TUEN_MUN], ids=["mong-kok", "central", "tuen-mun"])
@pytest.mark.parametrize("bounded", [True, False], ids=["box", "every-row"])
def test_pages_follow_the_distance_order(moderator_client, spread, monkeypatch, point, bounded):
    monkeypatch.setattr(views, "NUMBERED_PAGES", 1)  # page 2 on are keyset pages (after=/before=)
    monkeypatch.setattr(queue, "PAGE_SIZE", 20)
    monkeypatch.setattr(views, "PAGE_SIZE", 20)
    if not bounded:
        monkeypatch.setattr(queue, "NEAR_MAX", 0.0)
    want = by_distance(spread, point)
    forward, backward = every_page(moderator_client, {"tab": "pending", "sort": "nearest",
                                                      "near": f"{point[0]}, {point[1]}"})
    assert [pk for page in forward for pk in page] == want
    assert [len(page) for page in forward] == [20] * 7 + [12]
    assert backward[::-1] == forward


def test_the_first_page_reads_a_box_around_the_point(moderator_client, spread):
    with CaptureQueriesContext(connection) as queries:
        html = text(moderator_client.get(URL, {"tab": "pending", "sort": "nearest",
                                               "near": f"{MONG_KOK[0]}, {MONG_KOK[1]}"}))
    assert ids(html) == by_distance(spread, MONG_KOK)[:queue.PAGE_SIZE]
    rows = [q["sql"] for q in queries.captured_queries if '"reported_at" AS "reported_at"' in q["sql"]]
    # Within 0.004° (about 440 m) of Mong Kok lie fewer than 51 cameras; within 0.016° (1.8 km), more.
    assert len(rows) == 2 and all('"latitude" >=' in sql and '"longitude" <=' in sql for sql in rows)


def test_next_and_previous_camera_follow_the_distance_order(moderator_client, spread):
    want = by_distance(spread, TUEN_MUN)
    params = {"tab": "pending", "sort": "nearest", "near": f"{TUEN_MUN[0]}, {TUEN_MUN[1]}"}
    for i in (0, 1, 64, 130, len(want) - 1):
        html = text(moderator_client.get(reverse("moderation:camera", args=[want[i]]), params))
        nxt = re.search(r'<a href="/moderation/cameras/(\d+)/[^"]*" id="next-camera"', html)
        prev = re.search(r'<a href="/moderation/cameras/(\d+)/[^"]*" id="prev-camera"', html)
        assert (int(prev.group(1)) if prev else None) == (want[i - 1] if i else None)
        assert (int(nxt.group(1)) if nxt else None) == (want[i + 1] if i + 1 < len(want) else None)
