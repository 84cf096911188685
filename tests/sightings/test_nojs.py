"""The report page as a plain form, as a browser without JavaScript sends it: pasted
coordinates, "Check this position" (the district check, saving nothing), and the
same validation and messages as with the map."""

from __future__ import annotations

import pytest

from mapsite.cameras.models import Camera
from tests.helpers import MONG_KOK, csrf_client, csrf_token, report_body, text

pytestmark = pytest.mark.django_db
URL = "/report/"


def pasted(position: str, **fields) -> dict:
    return report_body(latitude="", longitude="", position=position, **fields)


def test_the_page_works_without_scripts(resident_client, districts):
    page = text(resident_client.get(URL))
    # The map and its buttons are hidden when scripting is off; the plain check shows instead.
    assert '<noscript><link rel="stylesheet" href="/static/sightings/nojs.css"></noscript>' in page
    assert 'name="position"' in page and 'name="check"' in page
    assert 'name="latitude"' in page and 'name="longitude"' in page
    # No browser-side "required": a pasted position stands in for empty coordinate boxes.
    assert " required" not in page.split('id="report-form"')[1].split("</form>")[0]


@pytest.mark.parametrize(
    "position",
    ["22.3193, 114.1694", "22.3193 114.1694", "114.1694, 22.3193", "22°19′09.5″N 114°10′09.8″E",
     "https://www.openstreetmap.org/#map=18/22.3193/114.1694"],
)
def test_a_pasted_position_is_read_when_the_boxes_are_empty(resident_client, districts, position):
    response = resident_client.post(URL, pasted(position, kind="dome"))
    assert response.status_code == 302
    camera = Camera.objects.get()
    assert (round(camera.latitude, 3), round(camera.longitude, 3), camera.kind) == (22.319, 114.169, "dome")


def test_a_pasted_position_wins_over_the_boxes_and_moves_into_them(resident_client, districts):
    response = resident_client.post(URL, {**report_body(*MONG_KOK, position="22.2820, 114.1580"), "check": "1"})
    assert "District: Central and Western" in text(response)
    # Shown again with the pasted position in the boxes and an empty paste box.
    assert 'value="22.282"' in text(response) and 'value="114.158"' in text(response)
    assert 'name="position" value=' not in text(response)
    response = resident_client.post(URL, report_body(*MONG_KOK, position="22.2820, 114.1580"))
    assert response.status_code == 302
    assert (Camera.objects.get().latitude, Camera.objects.get().longitude) == (22.282, 114.158)


@pytest.mark.parametrize(
    ("position", "field", "message"),
    [
        ("over there", "position", "Those coordinates were not understood."),
        ("22.5410, 114.0550", "__all__", "This position is outside Hong Kong."),
        ("95, 114.1", "position", "Those coordinates were not understood."),
        ("", "latitude", "Place the pin on the map, or enter coordinates."),
        ("1" * 101, "position", "at most 100 characters"),
    ],
)
def test_a_bad_pasted_position_is_a_form_error(resident_client, districts, position, field, message):
    response = resident_client.post(URL, pasted(position))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message.split(" ")[0] in text(response)
    assert Camera.objects.count() == 0


UNREADABLE = "Those coordinates were not understood. Try 22.3193, 114.1694 or 22°19′09″N 114°10′10″E."


def test_an_unreadable_position_is_said_once(resident_client, districts):
    # The coordinate boxes are empty because the paste was not understood: no "place the pin" beside it.
    form = resident_client.post(URL, pasted("over there")).context["form"]
    assert form.errors == {"position": [UNREADABLE]}
    assert form.has_error("position", "bad_position")


def test_only_the_empty_boxes_are_excused_by_an_unreadable_paste(resident_client, districts):
    form = resident_client.post(URL, {**pasted("over there"), "latitude": "22.3.1"}).context["form"]
    assert form.errors == {"position": [UNREADABLE], "latitude": ["Enter a number."]}


def test_a_paste_too_long_to_read_leaves_the_boxes_asked_for(resident_client, districts):
    # Not an unreadable paste: it was never read, so the empty boxes are errors too.
    form = resident_client.post(URL, pasted("1" * 101)).context["form"]
    assert form.errors == {
        "position": ["Ensure this value has at most 100 characters (it has 101)."],
        "latitude": ["Place the pin on the map, or enter coordinates."],
        "longitude": ["Place the pin on the map, or enter coordinates."],
    }


def test_a_blank_paste_is_no_paste(resident_client, districts):
    form = resident_client.post(URL, pasted("   ")).context["form"]
    assert form.errors == {
        "latitude": ["Place the pin on the map, or enter coordinates."],
        "longitude": ["Place the pin on the map, or enter coordinates."],
    }


def test_a_paste_of_exactly_the_longest_length_is_read(resident_client, districts):
    position = "22.3193" + "0" * 83 + ", 114.1694"
    assert len(position) == 100
    response = resident_client.post(URL, pasted(position))
    assert response.status_code == 302
    assert (Camera.objects.get().latitude, Camera.objects.get().longitude) == (22.3193, 114.1694)


def test_check_this_position_names_the_district_and_saves_nothing(resident_client, districts):
    body = pasted("22.3193, 114.1694", notes="by the bus stop")
    response = resident_client.post(URL, {**body, "check": "1"})
    assert response.status_code == 200
    page = text(response)
    status = '<p id="pin-status" class="pin-status is-ok" role="status" aria-live="polite">'
    assert status + "District: Yau Tsim Mong · 油尖旺區</p>" in page
    # The form comes back as sent, token and all, ready to submit.
    assert body["submission_token"] in page and "by the bus stop" in page
    assert Camera.objects.count() == 0


def test_check_this_position_outside_hong_kong_says_so(resident_client, districts):
    response = resident_client.post(URL, {**pasted("22.5410, 114.0550"), "check": "1"})
    assert response.status_code == 400
    assert "This position is outside Hong Kong." in text(response)
    assert 'class="pin-status is-ok"' not in text(response)
    assert Camera.objects.count() == 0


def test_check_this_position_shows_the_cameras_nearby(resident_client, make_camera):
    make_camera(*MONG_KOK)
    response = resident_client.post(URL, {**pasted("22.3193, 114.1694"), "check": "1"})
    page = text(response)
    assert "A camera is already on the map within" in page
    assert "This is the same camera: confirm it" in page
    assert Camera.objects.count() == 1


def test_check_is_refused_without_a_csrf_token(resident, districts):
    client = csrf_client(resident)
    response = client.post(URL, {**pasted("22.3193, 114.1694"), "check": "1"})
    assert response.status_code == 403
    token = csrf_token(client)
    response = client.post(URL, {**pasted("22.3193, 114.1694"), "check": "1", "csrfmiddlewaretoken": token})
    assert response.status_code == 200


def test_check_is_for_residents_signed_in(outsider_client, districts):
    response = outsider_client.post(URL, {**pasted("22.3193, 114.1694"), "check": "1"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
