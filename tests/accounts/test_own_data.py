"""/accounts/data.json: everything the site holds about the signed-in account, as a download,
and the account page that links to it, to logging out everywhere and to deleting the account."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from mapsite.accounts.services import set_override
from mapsite.audit.models import AuditEntry
from mapsite.audit.services import record
from mapsite.cameras.models import Camera
from mapsite.votes import services as votes
from tests.helpers import stored_photo, text

pytestmark = pytest.mark.django_db
URL = "/accounts/data.json"


def test_the_address_is_the_documented_one():
    assert reverse("accounts:data") == URL


def test_it_is_a_download_never_cached(resident_client):
    response = resident_client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="hong-kong-camera-map-my-data.json"'
    assert "no-store" in response["Cache-Control"]


def test_it_holds_the_accounts_reports_votes_photos_trust_and_own_actions(
    resident_client, resident, other_resident, make_camera, moderator
):
    mine = make_camera(reporter=resident, kind=Camera.Kind.DOME, notes="by the bus stop", direction=45)
    record(mine, AuditEntry.Action.REPORTED, actor=resident, after={"kind": "dome"})
    theirs = make_camera(lat=22.2820, lon=114.1580, reporter=other_resident)
    votes.confirm(theirs.pk, resident)
    votes.confirm(mine.pk, other_resident)  # someone else's vote on the resident's report: not theirs
    photo = stored_photo(mine, resident)
    set_override(resident, "held_new", actor=moderator, reason="checking")

    data = json.loads(resident_client.get(URL).content)
    assert data["account"]["username"] == "resident" and data["account"]["id"] == resident.pk
    assert data["trust"]["level"] == "new" and data["trust"]["override"] == "held_new"

    assert [r["id"] for r in data["reports"]] == [mine.pk]
    report = data["reports"][0]
    assert (report["kind"], report["notes"], report["direction"], report["district"]) == (
        "dome", "by the bus stop", 45, "E")
    assert report["url"] == f"/cameras/{mine.pk}/"

    assert [(v["camera"], v["kind"]) for v in data["votes"]] == [(theirs.pk, "confirm")]
    assert data["photos"] == [{
        "id": photo.pk, "camera": mine.pk, "status": "pending", "width": 640, "height": 480,
        "created_at": photo.created_at.isoformat(), "published_at": photo.published_at.isoformat(),
        "image_url": f"/photos/{photo.pk}.jpg", "thumbnail_url": f"/photos/{photo.pk}/thumb.jpg",
    }]
    own = [(e["action"], e["camera"]) for e in data["audit"]["own_actions"]]
    assert own == [("reported", mine.pk), ("confirmed", theirs.pk)]
    about = data["audit"]["about_account"]
    assert [(e["action"], e["reason"]) for e in about] == [("trust_set", "checking")]
    # Other people stay out: the moderator who acted, the neighbour who voted.
    body = text(resident_client.get(URL))
    assert body.count('"moderator"') == body.count('"role":"moderator"') == 1
    assert "neighbour" not in body and '"actor' not in body


def test_an_account_with_nothing_gets_empty_lists_and_no_row_is_made(resident_client, resident):
    from mapsite.accounts.models import Profile

    data = json.loads(resident_client.get(URL).content)
    assert (data["reports"], data["votes"], data["photos"]) == ([], [], [])
    assert data["audit"] == {"own_actions": [], "about_account": []}
    assert data["trust"]["level"] == "new"
    assert not Profile.objects.filter(user=resident).exists()


def test_an_outsider_is_refused_as_not_signed_in(outsider_client):
    response = outsider_client.get(URL)
    assert response.status_code == 401
    assert "Log in to download your data." in text(response)
    response = outsider_client.get(URL, headers={"Accept": "application/json"})
    assert (response.status_code, response.json()) == (401, {"error": "Log in to download your data."})


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_other_methods_are_refused(resident_client, outsider_client, method):
    for client in (resident_client, outsider_client):
        response = getattr(client, method)(URL)
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(("prefix", "heading"), [("", "Your account"), ("/zh-hant", None)])
def test_the_account_page_links_everything_in_both_languages(resident_client, prefix, heading):
    response = resident_client.get(f"{prefix}/accounts/")
    assert response.status_code == 200
    page = text(response)
    for target in ("/report/mine/", "/accounts/password/", "/accounts/data.json", "/accounts/sessions/end/",
                   "/accounts/delete/"):
        assert f'"{prefix}{target}"' in page
    # The header's account menu (the username) leads here.
    assert f'<a href="{prefix}/accounts/" class="account-link">resident</a>' in page
    if heading:
        assert f"<h1>{heading}</h1>" in page


def test_the_account_page_needs_log_in_and_takes_get_only(outsider_client, resident_client):
    response = outsider_client.get("/accounts/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert resident_client.post("/accounts/").status_code == 405
