"""Issue 10: four fresh accounts cannot make a camera verified; established residents can."""

from __future__ import annotations

import json
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from mapsite.cameras.models import Camera
from mapsite.votes import services
from tests.helpers import MONG_KOK, PASSWORD, offset, text

pytestmark = pytest.mark.django_db


def _fresh(n: int) -> list[Client]:
    clients = []
    for i in range(n):
        user = get_user_model().objects.create_user(username=f"puppet{i}", password=PASSWORD)
        client = Client(REMOTE_ADDR=f"198.51.100.{10 + i}")  # four networks
        client.force_login(user)
        clients.append(client)
    return clients


def _confirm(client: Client, camera: Camera):
    return client.post(reverse("votes:confirm", args=[camera.pk]), json.dumps({}),
                       content_type="application/json", HTTP_ACCEPT="application/json")


def test_four_fresh_accounts_cannot_verify_a_fake_camera(districts, make_camera):
    reporter, *others = _fresh(4)
    older = make_camera(*offset(*MONG_KOK, north_m=200))  # an unconfirmed report, made earlier
    lat, lon = offset(*MONG_KOK, north_m=500)
    response = reporter.post("/report/", {"latitude": lat, "longitude": lon, "submission_token": str(uuid.uuid4())})
    assert response.status_code == 302
    fake = Camera.objects.get(latitude=lat)
    for client in others:
        response = _confirm(client, fake)
        assert response.status_code == 200
        assert response.json()["status"] == "pending"
    fake.refresh_from_db()
    assert (fake.status, fake.confirm_count) == (Camera.Status.PENDING, 3)
    page = text(Client().get(fake.get_absolute_url()))
    assert '<dd class="confirm-count">3</dd>' in page
    assert "3 residents confirm, none of them established yet" in page
    assert "puppet" not in page
    # The confirmations bring it to the moderators ahead of unconfirmed reports.
    queue = list(Camera.objects.pending_by_priority())
    assert queue.index(fake) < queue.index(older)


def test_three_established_residents_verify_a_real_camera(camera, established):
    for user in established(3):
        services.confirm(camera.pk, user)
    camera.refresh_from_db()
    assert camera.status == Camera.Status.VERIFIED


def test_new_accounts_add_weight_but_never_reach_the_count(camera, established, residents):
    (a, b) = established(2)
    for user in (a, b, *residents(5)):
        services.confirm(camera.pk, user)
    camera.refresh_from_db()
    assert (camera.status, camera.confirm_count) == (Camera.Status.PENDING, 7)


def test_the_reporter_never_counts_even_when_established(make_camera, established):
    reporter, a, b = established(3)
    camera = make_camera(reporter=reporter)
    for user in (a, b):
        services.confirm(camera.pk, user)
    camera.refresh_from_db()
    assert camera.status == Camera.Status.PENDING


def test_disputes_weigh_by_level(camera, established, settings):
    *confirmers, disputer = established(4)
    settings.VOTE_WEIGHT_ESTABLISHED = 2
    settings.VERIFY_MIN_MARGIN = 5  # 3 x 2 - 2 = 4: one established dispute holds it back
    services.dispute(camera.pk, disputer, reason="not_camera")
    for user in confirmers:
        services.confirm(camera.pk, user)
    camera.refresh_from_db()
    assert camera.status == Camera.Status.PENDING


def test_pending_by_priority_puts_net_confirmations_first(make_camera):
    plain = make_camera(*offset(*MONG_KOK, north_m=100))
    confirmed = make_camera(*offset(*MONG_KOK, north_m=200), confirm_count=2)
    disputed = make_camera(*offset(*MONG_KOK, north_m=300), confirm_count=2, dispute_count=3)
    make_camera(*offset(*MONG_KOK, north_m=400), status=Camera.Status.VERIFIED, confirm_count=9)
    assert list(Camera.objects.pending_by_priority()) == [confirmed, plain, disputed]


def test_the_public_never_sees_a_trust_level_or_username(camera, established):
    voter, = established(1)
    services.confirm(camera.pk, voter)
    for url in (camera.get_absolute_url(), f"/api/cameras/{camera.pk}.geojson"):
        page = text(Client().get(url))
        assert voter.username not in page and camera.reporter.username not in page
        assert "trust_level" not in page and "Trusted" not in page
