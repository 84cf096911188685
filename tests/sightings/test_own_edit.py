"""A resident corrects their own report until it is published or a moderator decides on it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.core.errors import Conflict
from mapsite.lib.quadkeys import quadkey
from mapsite.moderation import services as moderation
from mapsite.sightings.services import edit_own_report
from mapsite.tiles.services import current_version
from tests.helpers import CENTRAL, MONG_KOK, SHENZHEN, csrf_client, csrf_token, offset, text

pytestmark = pytest.mark.django_db

# The camera's row as the resident cannot see it changing: compared before and after a refusal.
ROW = ("latitude", "longitude", "district_id", "kind", "operator", "mount", "direction", "field_of_view", "notes",
       "version", "status")


def row(camera: Camera) -> tuple:
    camera.refresh_from_db()
    return tuple(getattr(camera, name) for name in ROW)


def url(camera: Camera) -> str:
    return reverse("sightings:own_edit", args=[camera.pk])


@pytest.fixture
def waiting(make_camera, reporter):
    """The reporter's report, waiting for its publication window."""
    return make_camera(reporter=reporter, published_at=None, kind=Camera.Kind.DOME, notes="white dome")


def body(camera: Camera, **fields) -> dict:
    data = {"latitude": camera.latitude, "longitude": camera.longitude, "kind": camera.kind,
            "operator": camera.operator, "mount": camera.mount, "direction": camera.direction or "",
            "field_of_view": camera.field_of_view or "", "notes": camera.notes, "version": camera.version}
    return {**data, **fields}


def test_the_form_shows_the_report_as_it_is(reporter_client, waiting):
    response = reporter_client.get(url(waiting))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["kind"].value() == "dome" and form["notes"].value() == "white dome"
    assert form["latitude"].value() == MONG_KOK[0] and form["version"].value() == 1
    assert 'name="photo"' not in text(response)


def test_a_change_is_saved_and_audited_as_the_residents(reporter_client, reporter, waiting):
    version = current_version()
    response = reporter_client.post(url(waiting), body(waiting, kind="ptz", operator="police", direction=90,
                                                       notes="  grey ptz  "))
    assert response.status_code == 302 and response["Location"] == reverse("sightings:mine")
    waiting.refresh_from_db()
    assert (waiting.kind, waiting.operator, waiting.direction, waiting.notes) == ("ptz", "police", 90, "grey ptz")
    assert waiting.version == 2 and waiting.published_at is None
    entry = AuditEntry.objects.get(camera=waiting, action=AuditEntry.Action.EDITED)
    assert (entry.actor, entry.role) == (reporter, AuditEntry.Role.RESIDENT)
    assert (entry.before["kind"], entry.after["kind"]) == ("dome", "ptz")
    # Nothing public moved: the report is not out yet.
    assert current_version() == version


def test_moving_the_pin_moves_the_district_and_is_audited_as_a_move(reporter_client, waiting):
    response = reporter_client.post(url(waiting), body(waiting, latitude=CENTRAL[0], longitude=CENTRAL[1]))
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.latitude, waiting.longitude, waiting.district.code) == (*CENTRAL, "A")
    assert waiting.qk == quadkey(CENTRAL[1], CENTRAL[0]) != quadkey(MONG_KOK[1], MONG_KOK[0])
    actions = set(AuditEntry.objects.filter(camera=waiting).values_list("action", flat=True))
    assert actions == {AuditEntry.Action.MOVED}


def test_a_move_is_checked_as_a_report_is(reporter_client, waiting):
    before = row(waiting)
    response = reporter_client.post(url(waiting), body(waiting, latitude=SHENZHEN[0], longitude=SHENZHEN[1]))
    assert response.status_code == 400
    assert response.context["form"].has_error("__all__", "outside_hong_kong")
    assert row(waiting) == before


@pytest.mark.parametrize(("field", "value", "code"), [
    ("direction", "360", "max_value"), ("field_of_view", "0", "min_value"), ("kind", "drone", "invalid_choice"),
    ("notes", "x" * 1001, "max_length"), ("latitude", "", "required"),
])
def test_bad_values_are_form_errors_and_change_nothing(reporter_client, waiting, field, value, code):
    before = row(waiting)
    response = reporter_client.post(url(waiting), body(waiting, **{field: value}))
    assert response.status_code == 400
    assert response.context["form"].has_error(field, code)
    assert row(waiting) == before


def test_moving_next_to_a_camera_on_the_map_asks_as_a_report_does(reporter_client, waiting, make_camera):
    near = offset(*CENTRAL, north_m=5)
    make_camera(lat=near[0], lon=near[1])  # published, on the map
    response = reporter_client.post(url(waiting), body(waiting, latitude=CENTRAL[0], longitude=CENTRAL[1]))
    assert response.status_code == 400 and response.context["form"].has_error("__all__", "duplicate")
    assert row(waiting)[:2] == MONG_KOK
    response = reporter_client.post(url(waiting), body(waiting, latitude=CENTRAL[0], longitude=CENTRAL[1],
                                                       confirm_different="on"))
    assert response.status_code == 302 and row(waiting)[:2] == CENTRAL


def test_an_unmoved_pin_is_not_asked_about_cameras_nearby_again(reporter_client, waiting, make_camera):
    near = offset(*MONG_KOK, north_m=5)
    make_camera(lat=near[0], lon=near[1])
    response = reporter_client.post(url(waiting), body(waiting, notes="on the left"))
    assert response.status_code == 302
    assert row(waiting)[8] == "on the left"


def test_nothing_changed_is_said_and_bumps_nothing(reporter_client, waiting):
    response = reporter_client.post(url(waiting), body(waiting))
    assert response.status_code == 400
    assert response.context["form"].has_error("__all__", "unchanged")
    assert row(waiting)[9] == 1 and not AuditEntry.objects.filter(camera=waiting).exists()


@pytest.mark.parametrize("closing", [{"published_at": "2026-03-04T15:00:00+00:00"}, {"moderator_decided": True},
                                     {"status": Camera.Status.REJECTED}])
def test_a_published_or_decided_report_can_no_longer_be_changed(reporter_client, waiting, closing):
    Camera.objects.filter(pk=waiting.pk).update(**closing)
    before = row(waiting)
    assert reporter_client.get(url(waiting)).status_code == 409
    response = reporter_client.post(url(waiting), body(waiting, kind="ptz"))
    assert response.status_code == 409
    assert "can no longer be changed or withdrawn" in text(response)
    assert row(waiting) == before


def test_a_moderators_change_meanwhile_is_a_conflict_not_an_overwrite(reporter_client, waiting, moderator):
    seen = body(waiting, notes="mine")  # the form as loaded, with version 1
    moderation.edit(waiting.pk, 1, actor=moderator, notes="moderator's")
    response = reporter_client.post(url(waiting), seen)
    assert response.status_code == 409
    assert "changed this report in the meantime" in text(response)
    assert row(waiting)[8] == "moderator's"


def test_a_moderator_acting_on_the_version_before_the_residents_change_is_refused(reporter, waiting, moderator):
    edit_own_report(waiting.pk, 1, reporter, {**body(waiting, notes="fixed"), "direction": None,
                                              "field_of_view": None}, district=waiting.district)
    with pytest.raises(Conflict):
        moderation.decide(waiting.pk, 1, moderation.Decision.VERIFY, actor=moderator)
    assert row(waiting)[10] == Camera.Status.PENDING


def test_someone_elses_report_does_not_exist_for_them(other_resident_client, moderator_client, waiting):
    before = row(waiting)
    for client in (other_resident_client, moderator_client):
        assert client.get(url(waiting)).status_code == 404
        assert client.post(url(waiting), body(waiting, kind="ptz")).status_code == 404
    assert row(waiting) == before


def test_a_bad_version_is_a_form_error(reporter_client, waiting):
    before = row(waiting)
    for version in ("", "abc", "0"):
        response = reporter_client.post(url(waiting), body(waiting, kind="ptz", version=version))
        assert response.status_code == 400
        assert "Reload the page and try again." in text(response)
    assert row(waiting) == before


def test_outsider_is_sent_to_log_in_and_other_methods_are_refused(outsider_client, reporter_client, waiting):
    response = outsider_client.post(url(waiting), body(waiting, kind="ptz"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert reporter_client.put(url(waiting)).status_code == 405
    assert reporter_client.delete(url(waiting)).status_code == 405
    assert reporter_client.get(reverse("sightings:own_edit", args=[10**9])).status_code == 404


def test_the_form_needs_its_csrf_token(reporter, waiting):
    client = csrf_client(reporter)
    assert client.post(url(waiting), body(waiting, kind="ptz")).status_code == 403
    token = csrf_token(client, url(waiting))
    assert client.post(url(waiting), body(waiting, kind="ptz", csrfmiddlewaretoken=token)).status_code == 302
