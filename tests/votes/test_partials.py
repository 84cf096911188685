"""The camera page's vote panel and the map's popup data, as the user sees them."""

from __future__ import annotations

import datetime as dt
import json
import re

from django.urls import reverse
from django.utils import timezone

from mapsite.votes import services
from mapsite.votes.models import Vote


def test_panel_shows_counts_confidence_and_last_confirmed_date(client, camera, django_user_model):
    alice = django_user_model.objects.create_user(username="alice_voter_x", password="x")
    bob = django_user_model.objects.create_user(username="bob_voter_y", password="x")
    services.confirm(camera.pk, alice)
    services.dispute(camera.pk, bob, reason=Vote.Reason.WRONG_PLACE)
    html = client.get(camera.get_absolute_url()).content.decode()
    assert re.search(r'class="confirm-count">1<', html)
    assert re.search(r'class="dispute-count">1<', html)
    assert "Confidence" in html and "Low" in html
    today = timezone.localdate()
    assert f'datetime="{today:%Y-%m-%d}"' in html
    # a date, never a time of day
    assert not re.search(r'class="last-confirmed">.*\d{1,2}:\d{2}', html)
    # never who voted
    assert "alice_voter_x" not in html and "bob_voter_y" not in html


def test_outsider_is_offered_log_in(client, camera):
    html = client.get(camera.get_absolute_url()).content.decode()
    assert "Log in to confirm or dispute this camera." in html
    assert reverse("votes:confirm", args=[camera.pk]) not in html


def test_reporter_sees_no_vote_forms(reporter_client, camera):
    html = reporter_client.get(camera.get_absolute_url()).content.decode()
    assert "You reported this camera" in html
    assert reverse("votes:confirm", args=[camera.pk]) not in html


def test_resident_sees_forms_and_their_own_vote(resident_client, camera, make_camera, resident):
    near = make_camera(lat=camera.latitude + 0.0002, lon=camera.longitude)
    html = resident_client.get(camera.get_absolute_url()).content.decode()
    assert reverse("votes:confirm", args=[camera.pk]) in html
    assert f'name="duplicate_of" value="{near.pk}"' in html
    assert 'name="suggested_kind"' in html
    services.dispute(camera.pk, resident, reason=Vote.Reason.REMOVED)
    html = resident_client.get(camera.get_absolute_url()).content.decode()
    assert "You disputed this camera: Removed." in html
    assert "Withdraw my vote" in html


def test_stale_notice(client, make_camera):
    old = timezone.now() - dt.timedelta(days=400)
    camera = make_camera(reported_at=old, last_confirmed_at=old)
    assert "Nobody has confirmed this camera for over a year" in client.get(camera.get_absolute_url()).content.decode()
    fresh = make_camera(lat=22.3, lon=114.17)
    assert "over a year" not in client.get(fresh.get_absolute_url()).content.decode()


def test_map_page_carries_popup_config(resident_client, districts):
    html = resident_client.get(reverse("cameras:map")).content.decode()
    match = re.search(r'<script id="popup-votes-config" type="application/json">(.*?)</script>', html, re.S)
    assert match
    config = json.loads(match.group(1))
    assert config["signedIn"] is True
    assert config["confirmUrl"] == "/cameras/{pk}/confirm/"
    assert config["labels"]["confirm"] == "Confirm: I saw it here"
    assert config["csrfToken"]
    assert re.search(r'<script type="module" src="[^"]*votes/popup-votes.js" nonce="[^"]+"', html)


def test_map_page_config_for_outsider(client, districts):
    html = client.get(reverse("cameras:map")).content.decode()
    config = json.loads(re.search(r'id="popup-votes-config" type="application/json">(.*?)</script>', html, re.S)[1])
    assert config["signedIn"] is False


def test_moderators_get_a_review_link_residents_do_not(moderator_client, resident_client, camera):
    link = reverse("moderation:camera", args=[camera.pk])
    assert link in moderator_client.get(camera.get_absolute_url()).content.decode()
    assert link not in resident_client.get(camera.get_absolute_url()).content.decode()
