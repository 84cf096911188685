"""GET cameras/<pk>/my-vote/: the visitor's own vote, for the map popup (never anyone else's)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from mapsite.cameras.models import Camera
from mapsite.votes import services
from mapsite.votes.models import Vote


def url(camera) -> str:
    return reverse("votes:mine", args=[camera.pk])


def test_a_resident_who_has_not_voted_may_confirm(resident_client, camera):
    data = resident_client.get(url(camera)).json()
    assert data["signed_in"] and data["can_vote"] and data["can_confirm"]
    assert data["your_vote"] is None and data["is_reporter"] is False


def test_after_confirming_it_says_so_and_confirm_waits_for_the_window(resident_client, resident, camera, settings):
    services.confirm(camera.pk, resident)
    response = resident_client.get(url(camera))
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    data = response.json()
    assert data["your_vote"] == "confirm" and data["voted_on"]
    assert data["can_vote"] is True and data["can_confirm"] is False
    assert data["confirm_again_on"]
    # Once the window has passed, confirming again is offered.
    Vote.objects.filter(user=resident).update(
        updated_at=timezone.now() - dt.timedelta(days=settings.RECONFIRM_AFTER_DAYS + 1)
    )
    data = resident_client.get(url(camera)).json()
    assert data["can_confirm"] is True and data["confirm_again_on"] is None


def test_a_dispute_is_shown_with_its_reason(resident_client, resident, camera):
    services.dispute(camera.pk, resident, reason=Vote.Reason.WRONG_PLACE)
    data = resident_client.get(url(camera)).json()
    assert data["your_vote"] == "dispute" and data["your_reason"]
    assert data["can_confirm"] is True


def test_the_reporter_may_not_vote(reporter_client, camera):
    data = reporter_client.get(url(camera)).json()
    assert data["is_reporter"] is True and data["can_vote"] is False and data["can_confirm"] is False


def test_someone_elses_vote_is_never_shown(other_resident_client, resident, camera):
    services.confirm(camera.pk, resident)
    data = other_resident_client.get(url(camera)).json()
    assert data["your_vote"] is None and data["can_confirm"] is True


def test_an_outsider_gets_only_signed_out(client, camera):
    data = client.get(url(camera)).json()
    assert data["signed_in"] is False and data["can_vote"] is False and data["your_vote"] is None


def test_a_camera_off_the_map_cannot_be_voted_on(resident_client, camera):
    Camera.objects.filter(pk=camera.pk).update(status=Camera.Status.REJECTED)
    assert resident_client.get(url(camera)).json()["can_vote"] is False


def test_unknown_camera_is_404_and_post_is_405(resident_client, camera):
    assert resident_client.get(reverse("votes:mine", args=[camera.pk + 999])).status_code == 404
    assert resident_client.post(url(camera)).status_code == 405


def test_camera_page_shows_when_confirming_again_is_possible(resident_client, resident, camera):
    services.confirm(camera.pk, resident)
    html = resident_client.get(camera.get_absolute_url()).content.decode()
    assert "You can confirm it again from" in html
    assert "I saw it again" not in html
