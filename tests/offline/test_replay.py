"""The offline queue's requests, as the report page's script sends them: a multipart
post of the form (photo included) asking for JSON. A token the server has already
made a camera from is a success that adds nothing, for its own account only."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.photos.models import Photo
from tests.helpers import MONG_KOK, csrf_client, csrf_token, report_body, run_together, text
from tests.photos.factories import jpeg_with_gps, upload

URL = "/report/"
JSON = {"HTTP_ACCEPT": "application/json"}


def queued(token: str | None = None, **fields) -> dict:
    body = report_body(kind="dome", **fields)
    if token:
        body["submission_token"] = token
    return body


def with_photo(body: dict) -> dict:
    return {**body, "photo": upload("camera.jpg", jpeg_with_gps())}


@pytest.mark.django_db
def test_a_queued_report_is_made_and_answered_in_json(resident_client, districts):
    response = resident_client.post(URL, with_photo(queued()), **JSON)
    assert response.status_code == 201
    camera = Camera.objects.get()
    assert response.json() == {
        "ok": True,
        "already": False,
        "message": "Thank you. The camera is on the map as pending until residents or a moderator verify it.",
        "url": f"/cameras/{camera.pk}/",
    }
    assert Photo.objects.filter(camera=camera).count() == 1
    # The queue shows the answer itself: no notice waits on the resident's next page.
    assert "Thank you." not in text(resident_client.get("/about/"))


@pytest.mark.django_db
def test_the_same_report_sent_twice_is_received_once(resident_client, districts):
    body = queued()
    first = resident_client.post(URL, with_photo(body), **JSON)
    again = resident_client.post(URL, with_photo(body), **JSON)
    assert (first.status_code, again.status_code) == (201, 200)
    camera = Camera.objects.get()
    assert again.json() == {
        "ok": True,
        "already": True,
        "message": "This report was already received; it was not added twice.",
        "url": f"/cameras/{camera.pk}/",
    }
    assert Photo.objects.count() == 1
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REPORTED).count() == 1


@pytest.mark.django_db
def test_a_first_send_that_lands_between_the_seconds_checks_is_the_same_report(
    resident_client, resident, make_camera, monkeypatch
):
    """The second send finds no camera with its token, then the first send's camera appears (it
    committed meanwhile) where the second looks for cameras nearby: that is this report, not a
    duplicate to be refused."""
    from mapsite.sightings import forms

    body = queued()
    lookup = forms.district_at

    def first_send_lands(lat, lon):
        make_camera(lat, lon, reporter=resident, submission_token=body["submission_token"])
        return lookup(lat, lon)

    monkeypatch.setattr(forms, "district_at", first_send_lands)
    response = resident_client.post(URL, body, **JSON)
    assert response.status_code == 200
    assert response.json()["already"] is True
    assert Camera.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_sends_of_one_report_at_the_same_instant_make_one_camera(resident, districts):
    body = queued()

    def send():
        client = Client()
        client.force_login(resident)
        response = client.post(URL, body, **JSON)
        data = response.json()  # an error answer has no "ok": keep it whole, so a failure shows it
        return response.status_code, data.get("ok", data)

    outcomes = run_together(send, send)
    assert sorted(outcomes) == [(200, True), (201, True)]
    assert Camera.objects.count() == 1


@pytest.mark.django_db
def test_another_accounts_token_is_a_conflict_and_makes_nothing(resident_client, other_resident_client, districts):
    token = str(uuid.uuid4())
    assert resident_client.post(URL, queued(token), **JSON).status_code == 201
    response = other_resident_client.post(URL, queued(token, notes="not mine"), **JSON)
    assert response.status_code == 409
    assert response.json() == {"error": "This submission token was already used."}
    assert Camera.objects.count() == 1 and Camera.objects.get().notes == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "error", "field"),
    [
        ({"latitude": "91"}, "Some fields are not valid.", "latitude"),
        ({"latitude": "", "longitude": "", "position": "somewhere"}, "Some fields are not valid.", "position"),
        ({"latitude": "22.5410", "longitude": "114.0550"}, "This position is outside Hong Kong.", None),
    ],
)
def test_a_queued_report_the_form_refuses_is_a_json_error(resident_client, districts, fields, error, field):
    response = resident_client.post(URL, queued(**fields), **JSON)
    assert response.status_code == 400
    data = response.json()
    assert data["error"].startswith(error)
    if field:
        assert list(data["fields"]) == [field]
    assert Camera.objects.count() == 0


@pytest.mark.django_db
def test_a_queued_report_near_a_camera_is_refused_with_the_duplicate_message(resident_client, make_camera):
    make_camera(*MONG_KOK)
    response = resident_client.post(URL, queued(), **JSON)
    assert response.status_code == 400
    assert response.json()["error"].startswith("A camera is already on the map within")
    assert Camera.objects.count() == 1


@pytest.mark.django_db
def test_a_queued_report_needs_the_csrf_token(resident, districts):
    client = csrf_client(resident)
    body = queued()
    response = client.post(URL, body, **JSON)
    assert response.status_code == 403
    assert Camera.objects.count() == 0
    # As the queue sends it: the current cookie's token in the header and in the form.
    token = csrf_token(client)
    response = client.post(URL, {**body, "csrfmiddlewaretoken": token}, HTTP_X_CSRFTOKEN=token, **JSON)
    assert response.status_code == 201
    assert Camera.objects.count() == 1


@pytest.mark.django_db
def test_a_queued_report_waits_for_its_account_to_sign_in(outsider_client, districts):
    response = outsider_client.post(URL, queued(), **JSON)
    # The queue reads a redirect as "signed out" and keeps the report.
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert Camera.objects.count() == 0


@pytest.mark.django_db
def test_a_queued_report_kept_by_another_account_is_not_made_under_this_one(
    resident, resident_client, other_resident_client, districts
):
    from mapsite.sightings.views import account_tag

    # A page left open from the resident's session, sending after someone else signed in.
    body = queued(queue_account=account_tag(resident))
    response = other_resident_client.post(URL, body, **JSON)
    assert response.status_code == 401
    assert response.json()["error"] == "This report was kept by another account. Log in as that account to send it."
    assert Camera.objects.count() == 0
    # The same report, once its own account is signed in again.
    assert resident_client.post(URL, body, **JSON).status_code == 201
    assert Camera.objects.get().reporter == resident


@pytest.mark.django_db
def test_the_reporting_limit_answers_the_queue_in_json(settings, resident_client, districts):
    settings.SUBMIT_RATE_USER_HOUR = "1/h"
    assert resident_client.post(URL, queued(), **JSON).status_code == 201
    response = resident_client.post(URL, queued(latitude=MONG_KOK[0] + 0.001), **JSON)
    assert response.status_code == 429
    assert response.json()["error"].startswith("Too many requests")
    assert Camera.objects.count() == 1


@pytest.mark.django_db
def test_the_account_tag_is_stable_and_differs_between_accounts(resident, other_resident):
    from django.contrib.auth.models import AnonymousUser

    from mapsite.sightings.views import account_tag

    assert account_tag(resident) == account_tag(resident)
    assert len(account_tag(resident)) == 20
    assert account_tag(resident) != account_tag(other_resident)
    assert account_tag(AnonymousUser()) is None
