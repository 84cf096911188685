"""What residents and moderators see while a report waits for its window: the reporter sees it
at once, marked "only you and the moderators can see this until 15:00"; moderators have it in their queue; for
everyone else it does not exist yet."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from mapsite.cameras.models import Camera
from mapsite.moderation import services as moderation
from mapsite.votes.models import Vote
from tests.helpers import report_body, text
from tests.publication.moments import SENT, WINDOW

pytestmark = pytest.mark.usefixtures("window_on")

MARK = "Only you and the moderators can see this until 15:00"
NOT_YET = "can see this until"  # either wording of the mark


@pytest.fixture
def waiting(resident_client, elsewhere) -> Camera:
    """A report the signed-in `resident` sent at 13:30, out at 15:00."""
    with time_machine.travel(SENT, tick=False):
        response = resident_client.post("/report/", report_body(*elsewhere))
    camera = Camera.objects.get(reporter__username="resident")
    assert response["Location"] == camera.get_absolute_url()
    assert camera.published_at is None
    return camera


def test_the_reporter_sees_their_waiting_report_marked_with_its_window(waiting, resident_client):
    with time_machine.travel(SENT, tick=False):
        response = resident_client.get(waiting.get_absolute_url())
    assert response.status_code == 200
    assert f"{MARK}, when it goes public" in text(response)
    assert 'id="camera-map-data"' in text(response)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_my_sightings_marks_the_waiting_report_until_it_goes_out(waiting, resident_client):
    with time_machine.travel(SENT, tick=False):
        html = text(resident_client.get(reverse("sightings:mine")))
    assert f"{MARK}." in html
    assert f'href="{waiting.get_absolute_url()}"' in html
    with time_machine.travel(WINDOW, tick=False):
        call_command("publish", stdout=io.StringIO())
        html = text(resident_client.get(reverse("sightings:mine")))
    assert NOT_YET not in html
    assert f'href="{waiting.get_absolute_url()}"' in html


def test_a_window_on_another_day_is_given_with_its_date(resident_client, elsewhere):
    with time_machine.travel("2026-03-04T15:30:00+00:00", tick=False):  # 23:30 in Hong Kong
        resident_client.post("/report/", report_body(*elsewhere))
        html = text(resident_client.get(reverse("sightings:mine")))
    assert "Only you and the moderators can see this until 2026-03-05 03:00." in html


def test_a_report_rejected_before_its_window_is_not_marked_as_going_out(waiting, resident_client, moderator):
    with time_machine.travel(SENT, tick=False):
        moderation.decide(waiting.pk, waiting.version, "reject", actor=moderator)
        html = text(resident_client.get(reverse("sightings:mine")))
    assert "Rejected" in html
    assert NOT_YET not in html
    assert f'href="{waiting.get_absolute_url()}"' not in html


@pytest.mark.parametrize("who", ["outsider_client", "other_resident_client"])
def test_nobody_else_finds_the_waiting_report(waiting, request, who):
    client = request.getfixturevalue(who)
    with time_machine.travel(SENT, tick=False):
        assert client.get(waiting.get_absolute_url()).status_code == 404
        assert client.get(f"/api/cameras/{waiting.pk}.geojson").status_code == 404
    with time_machine.travel(WINDOW, tick=False):
        call_command("publish", stdout=io.StringIO())
        page = client.get(waiting.get_absolute_url())
    assert page.status_code == 200
    assert NOT_YET not in text(page)


def test_voting_on_a_waiting_report_is_told_apart_from_no_camera_at_all(waiting, other_resident_client):
    with time_machine.travel(SENT, tick=False):
        for url in (reverse("votes:confirm", args=[waiting.pk]), reverse("votes:confirm", args=[987654321])):
            response = other_resident_client.post(url, HTTP_ACCEPT="application/json")
            assert (response.status_code, response.json()) == (404, {"error": "This camera does not exist."})
        for pk in (waiting.pk, 987654321):
            assert other_resident_client.get(reverse("votes:mine", args=[pk])).status_code == 404
            dispute = other_resident_client.post(reverse("votes:dispute", args=[pk]), {"reason": "bogus"},
                                                 HTTP_ACCEPT="application/json")
            assert dispute.status_code == 404
    assert not Vote.objects.exists()


def test_moderators_have_the_waiting_report_in_their_queue_at_once(waiting, moderator_client):
    with time_machine.travel(SENT, tick=False):
        queue = text(moderator_client.get(reverse("moderation:queue") + "?tab=pending"))
        review = moderator_client.get(reverse("moderation:camera", args=[waiting.pk]))
        page = moderator_client.get(waiting.get_absolute_url())
    assert f'href="{reverse("moderation:camera", args=[waiting.pk])}' in queue
    assert review.status_code == 200
    assert page.status_code == 200


def test_a_voter_sees_their_own_waiting_vote_at_once(make_camera, other_resident_client):
    with time_machine.travel("2026-03-03T02:00:00+00:00", tick=False):
        camera = make_camera()
    with time_machine.travel(SENT, tick=False):
        response = other_resident_client.post(reverse("votes:confirm", args=[camera.pk]),
                                               HTTP_ACCEPT="application/json")
        mine = other_resident_client.get(reverse("votes:mine", args=[camera.pk])).json()
        page = text(other_resident_client.get(camera.get_absolute_url()))
    body = response.json()
    assert response.status_code == 200
    assert "It shows publicly from 15:00" in body["message"]
    assert (body["confirm_count"], body["your_vote"]) == (0, "confirm")
    assert mine["your_vote"] == "confirm"
    assert "You confirmed this camera" in page
    assert "Only you and the moderators can see your vote until 15:00." in page
    with time_machine.travel(WINDOW, tick=False):
        call_command("publish", stdout=io.StringIO())
        page = text(other_resident_client.get(camera.get_absolute_url()))
    assert "You confirmed this camera" in page
    assert "can see your vote" not in page


def test_the_camera_page_gives_a_window_on_another_day_with_its_date(resident_client, elsewhere):
    with time_machine.travel("2026-03-04T15:30:00+00:00", tick=False):  # 23:30 in Hong Kong
        resident_client.post("/report/", report_body(*elsewhere))
        camera = Camera.objects.get(reporter__username="resident")
        page = text(resident_client.get(camera.get_absolute_url()))
    assert "Only you and the moderators can see this until 2026-03-05 03:00, when it goes public" in page


def test_a_moderator_sees_the_waiting_report_marked_with_its_window(waiting, moderator_client):
    with time_machine.travel(SENT, tick=False):
        page = text(moderator_client.get(waiting.get_absolute_url()))
    assert "Only its reporter and the moderators can see this until 15:00, when it goes public" in page
    assert MARK not in page


def test_the_camera_page_of_a_report_rejected_before_its_window_is_not_marked(waiting, resident_client, moderator):
    with time_machine.travel(SENT, tick=False):
        moderation.decide(waiting.pk, waiting.version, "reject", actor=moderator)
        response = resident_client.get(waiting.get_absolute_url())
    assert response.status_code == 200
    assert NOT_YET not in text(response)
    assert 'id="camera-map-data"' not in text(response)
