"""Votes are rate limited like reports: per account per day by trust level, per network,
and a burst pauses the account's votes and brings its recent reports to a moderator."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from mapsite.accounts.models import Profile
from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from tests.helpers import MONG_KOK, give_level, offset, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def cams(make_camera):
    return [make_camera(*offset(*MONG_KOK, north_m=30 * i)) for i in range(8)]


def _vote(client, camera, *, as_json=True):
    url = reverse("votes:confirm", args=[camera.pk])
    if as_json:
        return client.post(url, json.dumps({}), content_type="application/json", HTTP_ACCEPT="application/json")
    return client.post(url)


def _client(user, network="198.51.100.1"):
    client = Client(REMOTE_ADDR=network)
    client.force_login(user)
    return client


def test_a_new_account_has_a_daily_vote_limit(settings, resident, cams):
    settings.VOTES_PER_DAY_NEW = 3
    client = _client(resident)
    assert [_vote(client, c).status_code for c in cams[:3]] == [200, 200, 200]
    response = _vote(client, cams[3])
    assert response.status_code == 429
    assert "as many votes as your account can today" in response.json()["error"]
    assert response["Retry-After"]
    assert Camera.objects.get(pk=cams[3].pk).confirm_count == 0


def test_an_established_account_may_vote_more(settings, resident, cams):
    settings.VOTES_PER_DAY_NEW = 3
    settings.VOTES_PER_DAY_ESTABLISHED = 6
    give_level(resident)
    client = _client(resident)
    assert [_vote(client, c).status_code for c in cams[:7]] == [200] * 6 + [429]


def test_the_limit_refuses_a_form_post_with_a_page(settings, resident, cams):
    settings.VOTES_PER_DAY_NEW = 1
    client = _client(resident)
    assert _vote(client, cams[0], as_json=False).status_code == 302
    response = _vote(client, cams[1], as_json=False)
    assert response.status_code == 429
    assert "as many votes as your account can today" in text(response)


def test_votes_are_limited_per_network(settings, resident, other_resident, cams):
    settings.SUBMIT_RATE_NETWORK = "2/h"
    assert _vote(_client(resident), cams[0]).status_code == 200
    assert _vote(_client(other_resident), cams[1]).status_code == 200
    assert _vote(_client(other_resident), cams[2]).status_code == 429
    assert _vote(_client(other_resident, "203.0.113.9"), cams[2]).status_code == 200


def test_a_vote_burst_pauses_votes_and_flags_recent_reports(settings, resident, make_camera, cams):
    settings.VOTE_BURST_RATE = "3/5m"
    own = make_camera(*offset(*MONG_KOK, east_m=300), reporter=resident)
    client = _client(resident)
    assert [_vote(client, c).status_code for c in cams[:4]] == [200] * 4  # the 4th is past the burst
    response = _vote(client, cams[4])
    assert response.status_code == 429
    assert "Your votes are paused" in response.json()["error"]
    own.refresh_from_db()
    assert own.flagged
    assert AuditEntry.objects.filter(camera=own, action=AuditEntry.Action.FLAGGED, reason="burst:votes").exists()
    assert Profile.objects.get(user=resident).votes_paused_until is not None
    # Withdrawing is still allowed: a pause stops new weight, not corrections.
    assert client.post(reverse("votes:withdraw", args=[cams[0].pk])).status_code == 302
