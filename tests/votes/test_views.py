from __future__ import annotations

import json

import pytest
from django.urls import reverse

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.votes.models import Vote
from tests.helpers import SHENZHEN, csrf_client, csrf_token


def _url(name: str, camera) -> str:
    return reverse(f"votes:{name}", args=[camera.pk if hasattr(camera, "pk") else camera])


def _json(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json", HTTP_ACCEPT="application/json")


@pytest.mark.parametrize("name", ["confirm", "dispute", "withdraw"])
def test_get_is_405(resident_client, camera, name):
    assert resident_client.get(_url(name, camera)).status_code == 405


def test_form_confirm_redirects_back_with_a_message(resident_client, camera):
    back = camera.get_absolute_url()
    response = resident_client.post(_url("confirm", camera), {"next": back}, follow=True)
    assert response.redirect_chain[-1][0] == back
    assert "your confirmation is counted" in response.content.decode()
    camera.refresh_from_db()
    assert camera.confirm_count == 1


def test_json_confirm_returns_counts(resident_client, camera):
    response = _json(resident_client, _url("confirm", camera))
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True
    assert (data["confirm_count"], data["dispute_count"], data["your_vote"]) == (1, 0, "confirm")


def test_json_dispute_with_reason(resident_client, camera):
    response = _json(resident_client, _url("dispute", camera), {"reason": "removed"})
    assert response.status_code == 200
    assert response.json()["dispute_count"] == 1
    assert Vote.objects.get().reason == Vote.Reason.REMOVED


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"reason": "bogus"},
        {"reason": "duplicate"},
        {"reason": "duplicate", "duplicate_of": "abc"},
        {"reason": "wrong_details", "suggested_latitude": SHENZHEN[0], "suggested_longitude": SHENZHEN[1]},
        {"reason": "wrong_details", "suggested_latitude": "22.3"},
        {"reason": "wrong_details", "suggested_kind": "laser"},
        {"reason": "wrong_details", "suggested_direction": 400},
        {"reason": "wrong_details", "suggested_latitude": "nan", "suggested_longitude": "114.1"},
    ],
)
def test_malformed_disputes_get_400_json(resident_client, camera, data):
    response = _json(resident_client, _url("dispute", camera), data)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Vote.objects.exists()


def test_malformed_dispute_form_gets_a_readable_page(resident_client, camera):
    response = resident_client.post(_url("dispute", camera), {"reason": "bogus"})
    assert response.status_code == 400
    assert "That is not one of the reasons" in response.content.decode()


def test_broken_json_is_400(resident_client, camera):
    response = resident_client.post(
        _url("confirm", camera), "{not json", content_type="application/json", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert "could not be read" in response.json()["error"]
    assert not Vote.objects.exists()


def test_unknown_camera_is_404_with_message(resident_client, db):
    response = _json(resident_client, _url("confirm", 987654))
    assert response.status_code == 404
    assert response.json()["error"] == "This camera does not exist."
    response = resident_client.post(_url("confirm", 987654))
    assert response.status_code == 404
    assert "This camera does not exist." in response.content.decode()


def test_merged_camera_is_409_with_message(resident_client, camera, make_camera):
    survivor = make_camera(lat=camera.latitude + 0.0001, lon=camera.longitude)
    Camera.objects.filter(pk=camera.pk).update(merged_into=survivor)
    response = _json(resident_client, _url("confirm", camera))
    assert response.status_code == 409
    assert f"#{survivor.pk}" in response.json()["error"]


def test_outsider_json_gets_401_and_form_is_sent_to_log_in(outsider_client, camera):
    response = _json(outsider_client, _url("confirm", camera))
    assert response.status_code == 401
    assert response.json()["login_url"] == reverse("accounts:login")
    response = outsider_client.post(_url("confirm", camera), {"next": camera.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Vote.objects.exists()


def test_csrf_is_checked(resident, camera):
    client = csrf_client(resident)
    assert _json(client, _url("confirm", camera)).status_code == 403
    assert client.post(_url("confirm", camera)).status_code == 403
    assert not Vote.objects.exists()


def test_csrf_token_in_header_is_accepted(resident, camera):
    client = csrf_client(resident)
    token = csrf_token(client, camera.get_absolute_url())
    response = client.post(
        _url("confirm", camera), "{}", content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert Vote.objects.filter(camera=camera, user=resident, kind=Vote.Kind.CONFIRM).count() == 1


def test_next_cannot_send_you_off_site(resident_client, camera):
    response = resident_client.post(_url("confirm", camera), {"next": "https://evil.example/"})
    assert response["Location"] == camera.get_absolute_url()


def test_every_vote_writes_an_audit_entry(resident_client, camera):
    _json(resident_client, _url("confirm", camera))
    _json(resident_client, _url("dispute", camera), {"reason": "not_camera"})
    _json(resident_client, _url("withdraw", camera))
    actions = list(AuditEntry.objects.filter(camera=camera).order_by("id").values_list("action", flat=True))
    assert actions == ["confirmed", "disputed", "vote_withdrawn"]


ODD_VALUES = {"list": [1, 2], "object": {"a": 1}, "overflow": 1e309, "minus_one": -1, "true": True, "null": None,
              "long": "x" * 5000}
# The odd values a dispute may carry and still be recorded; every other pair is refused with a 400.
ACCEPTED_ODD_VALUES = {
    ("duplicate_of", "null"),  # optional fields left empty
    ("suggested_latitude", "null"),
    ("suggested_kind", "null"),
    ("comment", "null"),
    ("comment", "minus_one"),  # a comment is free text: a scalar is read as its text
    ("comment", "true"),
}


@pytest.mark.parametrize("value", list(ODD_VALUES))
@pytest.mark.parametrize("field", ["reason", "duplicate_of", "suggested_latitude", "suggested_kind", "comment"])
def test_odd_json_values_get_one_answer_each(resident_client, camera, field, value):
    data = {"reason": "wrong_details", field: ODD_VALUES[value]}
    body = json.dumps(data).replace("Infinity", "1e309")
    response = resident_client.post(_url("dispute", camera), body, content_type="application/json")
    disputes = Vote.objects.filter(camera=camera, kind=Vote.Kind.DISPUTE)
    if (field, value) in ACCEPTED_ODD_VALUES:
        assert response.status_code == 200
        assert response.json()["ok"] is True
        assert disputes.count() == 1
    else:
        assert response.status_code == 400
        assert response.json()["error"]
        assert not disputes.exists()
    assert "error" in response.json() or response.json()["ok"] is True


@pytest.mark.parametrize("body", ["[]", '"text"', "null", "1", "{"])
def test_json_that_is_not_an_object_is_400(resident_client, camera, body):
    response = resident_client.post(_url("dispute", camera), body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]
