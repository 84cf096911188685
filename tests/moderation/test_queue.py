"""The queue page at a size where paging matters: tabs and counts, every filter and sort,
pages that keep the filters, and bulk decisions on "all matching" with the count confirmed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.moderation.queue import PAGE_SIZE
from mapsite.photos.models import Photo
from mapsite.votes.models import Vote
from tests.helpers import CENTRAL, MONG_KOK, SHA_TIN, csrf_client, offset, text

URL = reverse("moderation:queue")
N = 120


def ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'class="queue-camera" data-camera-id="(\d+)"', html)]


def all_pages(client, params: dict) -> list[int]:
    """The camera ids of every page, following the "next" links."""
    found, number = [], 1
    while True:
        html = text(client.get(URL, {**params, "page": number}))
        found += ids(html)
        if 'rel="next"' not in html:
            return found
        number += 1


@pytest.fixture
def crowd(make_camera, districts):
    """N pending cameras in Mong Kok, one a day older each; every 10th in Central with a dome;
    confirmations rising with the index; plus 5 demo cameras and 2 flagged ones."""
    now = timezone.now()
    cams = []
    for i in range(N):
        place = CENTRAL if i % 10 == 0 else offset(*MONG_KOK, north_m=i)
        cams.append(make_camera(*place, reported_at=now - dt.timedelta(days=N - i, hours=1),
                                kind=Camera.Kind.DOME if i % 10 == 0 else Camera.Kind.FIXED,
                                confirm_count=i % 7, dispute_count=i % 3))
    demo = [make_camera(*SHA_TIN, is_demo=True, source=Camera.Source.DEMO) for _ in range(5)]
    flagged = [make_camera(*SHA_TIN, flagged=True, status=Camera.Status.VERIFIED) for _ in range(2)]
    return {"cams": cams, "demo": demo, "flagged": flagged, "now": now}


def test_flagged_tab_comes_first_and_tabs_show_counts(moderator_client, crowd):
    html = text(moderator_client.get(URL))
    assert html.index("queue-tab-flagged") < html.index("queue-tab-pending")
    assert sorted(ids(html)) == sorted(c.pk for c in crowd["flagged"])
    counts = dict(re.findall(r'queue-tab-(\w+)"[^>]*>[^<]*<span class="count">(\d+)</span>', html))
    assert counts == {"flagged": "2", "pending": str(N), "photos": "0", "decided": "0"}


def test_pages_of_fifty_in_a_stable_order_cover_every_camera_once(moderator_client, crowd):
    seen = []
    for number in (1, 2, 3):
        html = text(moderator_client.get(URL, {"tab": "pending", "page": number}))
        seen.extend(ids(html))
    assert len(seen) == N and len(set(seen)) == N
    assert seen == [c.pk for c in crowd["cams"]]  # oldest first
    assert len(ids(text(moderator_client.get(URL, {"tab": "pending"})))) == PAGE_SIZE
    # a page past the end shows the last one; page links keep the tab and filters
    html = text(moderator_client.get(URL, {"tab": "pending", "kind": "fixed", "page": 99}))
    assert "Page 3 of 3" in html and len(ids(html)) == 108 - 2 * PAGE_SIZE
    assert 'href="?tab=pending&amp;kind=fixed&amp;page=2"' in html


@pytest.mark.parametrize("params, expected", [
    ({"district": "A"}, lambda c, i: i % 10 == 0),
    ({"kind": "dome"}, lambda c, i: i % 10 == 0),
    ({"operator": "police"}, lambda c, i: False),
    ({"confirms": "5"}, lambda c, i: i % 7 >= 5),
    ({"disputes": "2"}, lambda c, i: i % 3 == 2),
    ({"age": "month"}, lambda c, i: N - i < 30),
    ({"age": "older"}, lambda c, i: N - i >= 30),
    ({"age": "week", "kind": "dome"}, lambda c, i: N - i < 7 and i % 10 == 0),
])
def test_every_filter_alone_and_combined(moderator_client, crowd, params, expected):
    want = [c.pk for i, c in enumerate(crowd["cams"]) if expected(c, i)]
    assert all_pages(moderator_client, {"tab": "pending", **params}) == want


def test_source_hides_demo_by_default(moderator_client, crowd):
    demo = {c.pk for c in crowd["demo"]}
    assert not demo & set(ids(text(moderator_client.get(URL, {"tab": "pending", "page": 3}))))
    assert set(ids(text(moderator_client.get(URL, {"tab": "pending", "source": "demo"})))) == demo
    everything = all_pages(moderator_client, {"tab": "pending", "source": "any"})
    assert demo <= set(everything) and len(everything) == N + 5


def test_photo_and_dispute_reason_filters(moderator_client, crowd, resident):
    a, b = crowd["cams"][3], crowd["cams"][4]
    Photo.objects.create(camera=a, image="a.jpg", thumbnail="a_t.jpg", width=1, height=1)
    Vote.objects.create(camera=b, user=resident, kind=Vote.Kind.DISPUTE, reason=Vote.Reason.WRONG_PLACE)
    html = text(moderator_client.get(URL, {"tab": "pending", "photo": "yes"}))
    assert ids(html) == [a.pk] and reverse("photos:thumbnail", args=[Photo.objects.get().pk]) in html
    assert a.pk not in ids(text(moderator_client.get(URL, {"tab": "pending", "photo": "no"})))
    assert ids(text(moderator_client.get(URL, {"tab": "pending", "reason": "wrong_place"}))) == [b.pk]
    assert ids(text(moderator_client.get(URL, {"tab": "pending", "reason": "not_camera"}))) == []


def test_sorts(moderator_client, crowd):
    cams = crowd["cams"]

    def first_page(sort, **extra):
        return ids(text(moderator_client.get(URL, {"tab": "pending", "sort": sort, **extra})))

    assert first_page("newest") == [c.pk for c in reversed(cams)][:PAGE_SIZE]
    by_confirms = sorted(cams, key=lambda c: (-c.confirm_count, c.reported_at, c.pk))
    assert first_page("confirmed") == [c.pk for c in by_confirms][:PAGE_SIZE]
    by_disputes = sorted(cams, key=lambda c: (-c.dispute_count, c.reported_at, c.pk))
    assert first_page("disputed") == [c.pk for c in by_disputes][:PAGE_SIZE]
    near = first_page("nearest", near=f"{CENTRAL[0]}, {CENTRAL[1]}")
    assert set(near[:N // 10]) == {c.pk for i, c in enumerate(cams) if i % 10 == 0}
    assert near[N // 10] == cams[1].pk  # then Mong Kok, nearest to Central first (the southernmost)


@pytest.mark.parametrize("params, problem", [
    ({"sort": "nearest"}, "Give the point to sort by distance from."),
    ({"near": "the harbour"}, "Give a point as latitude, longitude"),
    ({"kind": "submarine"}, "Select a valid choice."),
    ({"confirms": "-1"}, "greater than or equal to 0"),
    ({"tab": "secret"}, "Select a valid choice."),
])
def test_bad_filter_is_a_problem_shown_and_the_rest_apply(moderator_client, crowd, params, problem):
    response = moderator_client.get(URL, {"tab": "pending", "district": "A", **params})
    html = text(response)
    assert response.status_code == 200 and problem in html.split('class="problems"')[1].split("</ul>")[0]
    if "tab" not in params:
        assert len(ids(html)) == N // 10


def _bulk(client, query, expected, decision="reject", reason="not cameras"):
    return client.post(reverse("moderation:bulk_matching"),
                       {"query": query, "expected": expected, "decision": decision, "reason": reason})


def test_bulk_all_matching_with_the_count_confirmed_audits_every_camera(moderator, crowd):
    client = csrf_client(moderator)
    client.get(URL)
    token = client.cookies["csrftoken"].value
    html = text(client.get(URL, {"tab": "pending", "kind": "dome"}))
    assert "Reject all 12 cameras matching this filter" in html
    response = client.post(reverse("moderation:bulk_matching"), {
        "query": "tab=pending&kind=dome", "expected": "12", "decision": "reject", "reason": "test signs",
        "csrfmiddlewaretoken": token,
    })
    assert response.status_code == 302
    domes = [c for i, c in enumerate(crowd["cams"]) if i % 10 == 0]
    assert set(Camera.objects.filter(status="rejected").values_list("pk", flat=True)) == {c.pk for c in domes}
    entries = AuditEntry.objects.filter(action="rejected", actor=moderator, reason="test signs")
    assert sorted(entries.values_list("camera_id", flat=True)) == sorted(c.pk for c in domes)


def test_bulk_all_matching_refuses_when_the_count_changed(moderator_client, crowd, make_camera):
    make_camera(*CENTRAL, kind=Camera.Kind.DOME)  # a 13th dome arrives after the moderator looked
    response = moderator_client.post(reverse("moderation:bulk_matching"), {
        "query": "tab=pending&kind=dome", "expected": "12", "decision": "verify",
    }, headers={"Accept": "application/json"})
    assert response.status_code == 409 and response.json()["found"] == 13
    assert not Camera.objects.filter(status="verified", flagged=False).exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("data", [
    {"query": "tab=pending", "decision": "verify"},  # no count
    {"query": "tab=pending", "decision": "verify", "expected": "0"},
    {"query": "tab=pending", "decision": "explode", "expected": "120"},
    {"query": "tab=photos", "decision": "verify", "expected": "120"},
    {"query": "tab=pending&kind=submarine", "decision": "verify", "expected": "120"},
])
def test_bulk_all_matching_malformed_is_400(moderator_client, crowd, data):
    response = moderator_client.post(reverse("moderation:bulk_matching"), data)
    assert response.status_code == 400
    assert not Camera.objects.filter(status="verified", flagged=False).exists()


def test_queue_map_lists_the_tab_in_a_box(moderator_client, crowd):
    url = reverse("moderation:pending_map")
    lat, lon = CENTRAL
    data = moderator_client.get(url, {"bbox": f"{lon - .01},{lat - .01},{lon + .01},{lat + .01}",
                                      "tab": "pending"}).json()
    assert sorted(row[0] for row in data["cameras"]) == sorted(c.pk for i, c in enumerate(crowd["cams"])
                                                               if i % 10 == 0)
    assert data["more"] is False
    assert moderator_client.get(url, {"bbox": "1,2,3"}).status_code == 400
    assert moderator_client.get(url, {"bbox": "1,2,3,4", "kind": "x"}).status_code == 400


def test_decided_tab_lists_recent_decisions_with_undo(moderator_client, crowd, moderator):
    from mapsite.moderation import services

    cam = crowd["cams"][0]
    services.decide(cam.pk, cam.version, "verify", actor=moderator)
    html = text(moderator_client.get(URL, {"tab": "decided"}))
    assert 'class="decided-entry"' in html and reverse("moderation:undo", args=[AuditEntry.objects.get().pk]) in html
