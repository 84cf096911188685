"""Walking the filtered queue: j/k (the review page's previous/next links) follow the queue's
order under every sort, "next camera" after a decision is the one after it in that order, and
keyset pages (after=/before=) cover the list exactly as page numbers do."""

from __future__ import annotations

import datetime as dt
import importlib
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from mapsite.accounts.models import Profile
from mapsite.cameras.models import Camera
from mapsite.moderation.queue import PAGE_SIZE, SORTS
from tests.helpers import CENTRAL, MONG_KOK, offset, text

# The module, not the view of the same name that mapsite.moderation.views exports.
views = importlib.import_module("mapsite.moderation.views.queue")
URL = reverse("moderation:queue")
N = 24


def ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'class="queue-camera" data-camera-id="(\d+)"', html)]


def link(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]*)"[^>]*rel="{rel}"', html)
    return found.group(1).replace("&amp;", "&") if found else None


@pytest.fixture
def queue(make_camera, districts):
    """N pending cameras with ties in every sort key (so the pk decides), a few demo ones."""
    now = timezone.now()
    cams = [make_camera(*offset(*MONG_KOK, north_m=7 * i), reported_at=now - dt.timedelta(hours=i % 5),
                        confirm_count=i % 4, dispute_count=i % 3) for i in range(N)]
    make_camera(*CENTRAL, is_demo=True, source=Camera.Source.DEMO)
    return cams


EXTRA = {"nearest": {"near": f"{MONG_KOK[0]}, {MONG_KOK[1]}"}}


def walk(client, first: int, params: dict, key: str) -> list[int]:
    """Follow one review link (next or previous) from `first` until it runs out."""
    seen, url = [first], reverse("moderation:camera", args=[first])
    while True:
        html = text(client.get(url, params))
        found = re.search(rf'<a href="([^"]*)" id="{key}"', html)
        if not found:
            return seen
        url, params = found.group(1).replace("&amp;", "&"), {}
        seen.append(int(re.search(r"/(\d+)/(?:\?|$)", url).group(1)))


@pytest.mark.parametrize("sort", list(SORTS))
def test_next_and_previous_follow_the_queue_order_under_every_sort(moderator_client, queue, sort):
    params = {"tab": "pending", "sort": sort, **EXTRA.get(sort, {})}
    order = ids(text(moderator_client.get(URL, params)))
    assert len(order) == N and len(set(order)) == N
    assert walk(moderator_client, order[0], params, "next-camera") == order
    assert walk(moderator_client, order[-1], params, "prev-camera") == order[::-1]


def test_orders_are_the_documented_ones(moderator_client, queue):
    def first(sort):
        return ids(text(moderator_client.get(URL, {"tab": "pending", "sort": sort})))

    assert first("oldest") == [c.pk for c in sorted(queue, key=lambda c: (c.reported_at, c.pk))]
    # the pk runs the way the last key does, so "newest" is oldest read backwards
    assert first("newest") == first("oldest")[::-1]
    by_priority = list(Camera.objects.pending_by_priority().filter(is_demo=False).values_list("pk", flat=True))
    assert first("priority") == by_priority


def test_next_camera_after_a_decision_is_the_next_in_the_filtered_order(moderator_client, queue):
    params = {"tab": "pending", "sort": "confirmed", "confirms": "1"}
    order = ids(text(moderator_client.get(URL, params)))
    assert order and all(Camera.objects.get(pk=pk).confirm_count >= 1 for pk in order)
    first = Camera.objects.get(pk=order[0])
    review = text(moderator_client.get(reverse("moderation:camera", args=[first.pk]), params))
    nxt = re.search(r'name="next" value="([^"]*)"', review).group(1).replace("&amp;", "&")
    response = moderator_client.post(reverse("moderation:verify", args=[first.pk]),
                                     {"version": first.version, "next": nxt})
    assert response.status_code == 302 and response.url == nxt
    assert nxt.startswith(reverse("moderation:camera", args=[order[1]]) + "?")
    assert "confirms=1" in nxt and "sort=confirmed" in nxt
    # the decided camera has left the tab; from it the walk still goes on to the one after
    after = text(moderator_client.get(response.url))
    assert re.search(rf'href="[^"]*/{order[2]}/[^"]*" id="next-camera"', after)


def test_keyset_pages_cover_the_list_once_in_order(moderator_client, make_camera, districts):
    now = timezone.now()
    for i in range(3 * PAGE_SIZE + 7):
        make_camera(*MONG_KOK, reported_at=now - dt.timedelta(minutes=i % 40), confirm_count=i % 5)
    for sort in ("oldest", "confirmed"):
        params = {"tab": "pending", "sort": sort}
        everything = list(Camera.objects.filter(status="pending").order_by(
            *(("-confirm_count",) if sort == "confirmed" else ()), "reported_at", "pk").values_list("pk", flat=True))
        seen, url, pages = [], URL + "?" + "&".join(f"{k}={v}" for k, v in params.items()), []
        while url:
            html = text(moderator_client.get(url if url.startswith("/") else URL + url))
            pages.append(ids(html))
            seen += pages[-1]
            url = link(html, "next")
        assert seen == everything and len(pages) == 4
        # past the numbered pages the links are cursors; "previous" from one steps back a page
        deep = text(moderator_client.get(URL, {**params, "after": pages[1][-1]}))
        assert ids(deep) == pages[2]
        back = link(deep, "prev")
        assert "before=" in back and ids(text(moderator_client.get(URL + back))) == pages[1]


def test_page_links_past_the_numbered_pages_are_cursors(moderator_client, make_camera, districts, monkeypatch):
    for _ in range(3 * PAGE_SIZE):
        make_camera(*MONG_KOK)
    monkeypatch.setattr(views, "NUMBERED_PAGES", 2)
    html = text(moderator_client.get(URL, {"tab": "pending", "page": 1}))
    assert link(html, "next").endswith("page=2")
    html = text(moderator_client.get(URL, {"tab": "pending", "page": 2}))
    assert "after=" in link(html, "next")
    html = text(moderator_client.get(URL, {"tab": "pending", "page": 9}))  # clamped to the last numbered
    assert "Page 2 of 3" in html


def test_counts_are_capped_and_labelled(moderator_client, make_camera, districts, monkeypatch):
    for _ in range(5):
        make_camera(*MONG_KOK)
    html = text(moderator_client.get(URL, {"tab": "pending", "kind": "unknown"}))
    assert '<span class="count">5</span>' in html and "Reject all 5 cameras" in html
    monkeypatch.setattr(views, "COUNT_CAP", 3)
    html = text(moderator_client.get(URL, {"tab": "pending", "kind": "unknown"}))
    assert '<span class="count">3+</span>' in html and "More than 3 cameras match." in html
    # a capped count is not a count a moderator can confirm for "all matching"
    assert "Reject all" not in html and "Narrow the filter" in html


def test_filter_by_reporters_trust_level(moderator_client, make_camera, django_user_model, districts):
    trusted = django_user_model.objects.create_user(username="old-hand")
    Profile.objects.create(user=trusted, level=Profile.Level.TRUSTED)
    newcomer = django_user_model.objects.create_user(username="newcomer")  # never recomputed: new
    a = make_camera(*MONG_KOK, reporter=trusted)
    b = make_camera(*MONG_KOK, reporter=newcomer)
    make_camera(*MONG_KOK, source=Camera.Source.IMPORT)  # no reporter: no level
    assert ids(text(moderator_client.get(URL, {"tab": "pending", "trust": "trusted"}))) == [a.pk]
    assert ids(text(moderator_client.get(URL, {"tab": "pending", "trust": "new"}))) == [b.pk]
    assert ids(text(moderator_client.get(URL, {"tab": "pending", "trust": "established"}))) == []
    html = text(moderator_client.get(URL, {"tab": "pending", "trust": "wizard"}))
    assert "Select a valid choice." in html and len(ids(html)) == 3


def test_trust_level_new_is_a_new_profile_or_none_yet(moderator_client, make_camera, django_user_model, districts):
    recomputed = django_user_model.objects.create_user(username="recomputed-newcomer")
    Profile.objects.create(user=recomputed, level=Profile.Level.NEW)
    never = django_user_model.objects.create_user(username="never-recomputed")
    established = django_user_model.objects.create_user(username="regular")
    Profile.objects.create(user=established, level=Profile.Level.ESTABLISHED)
    a, b = make_camera(*MONG_KOK, reporter=recomputed), make_camera(*MONG_KOK, reporter=never)
    c = make_camera(*MONG_KOK, reporter=established)
    make_camera(*MONG_KOK, source=Camera.Source.IMPORT)
    assert ids(text(moderator_client.get(URL, {"tab": "pending", "trust": "new"}))) == [a.pk, b.pk]
    assert ids(text(moderator_client.get(URL, {"tab": "pending", "trust": "established"}))) == [c.pk]
