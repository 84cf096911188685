"""The report page: a resident places a pin, describes the camera and submits it."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from tests.helpers import MONG_KOK, SHENZHEN, csrf_client, csrf_token, offset, report_body

pytestmark = pytest.mark.django_db
URL = "/report/"


def test_report_url_is_where_the_nav_links():
    assert reverse("sightings:new") == URL


def test_outsider_is_sent_to_log_in(outsider_client, districts):
    for method in ("get", "post"):
        response = getattr(outsider_client, method)(URL)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert Camera.objects.count() == 0


def test_report_page_has_map_controls_and_a_fresh_token(resident_client, districts):
    response = resident_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    for text in ('id="report-map"', "Use my location", "Paste coordinates", 'name="direction"', 'name="photo"'):
        assert text in page
    assert 'id="report-config"' in page and "sightings/report.js" in page
    token = response.context["form"]["submission_token"].value()
    assert uuid.UUID(str(token))
    assert resident_client.get(URL).context["form"]["submission_token"].value() != token
    # No unknown-choice trap: every select starts at "unknown".
    assert response.context["form"]["kind"].value() == Camera.Kind.UNKNOWN


def test_a_report_makes_one_pending_public_camera_with_an_audit_entry(
    resident, resident_client, districts
):
    data = report_body(
        kind="dome",
        operator="police",
        mount="pole",
        direction="135",
        field_of_view="90",
        notes="  Above the bus stop. ",
    )
    response = resident_client.post(URL, data)

    camera = Camera.objects.get()
    assert response.status_code == 302
    assert response["Location"] == camera.get_absolute_url()
    assert camera.status == Camera.Status.PENDING
    assert camera in Camera.objects.public()
    assert (camera.latitude, camera.longitude) == MONG_KOK
    assert camera.district.code == "E"
    assert (camera.kind, camera.operator, camera.mount) == ("dome", "police", "pole")
    assert (camera.direction, camera.field_of_view) == (135, 90)
    assert camera.notes == "Above the bus stop."
    assert camera.reporter == resident
    assert camera.source == Camera.Source.RESIDENT
    assert str(camera.submission_token) == data["submission_token"]
    entry = AuditEntry.objects.get(camera=camera)
    assert entry.action == AuditEntry.Action.REPORTED
    assert entry.actor == resident and entry.role == AuditEntry.Role.RESIDENT
    assert entry.after["kind"] == "dome"
    follow = resident_client.get(response["Location"])
    assert "pending" in follow.content.decode()


def test_every_detail_is_optional(resident_client, districts):
    response = resident_client.post(URL, report_body(kind="", operator="", mount="", direction="", notes=""))
    assert response.status_code == 302
    camera = Camera.objects.get()
    assert (camera.kind, camera.operator, camera.mount) == ("unknown", "unknown", "unknown")
    assert camera.direction is None and camera.field_of_view is None


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"latitude": ""}, "latitude", "Place the pin on the map, or enter coordinates."),
        ({"latitude": "", "longitude": ""}, "longitude", "Place the pin on the map, or enter coordinates."),
        ({"latitude": "91"}, "latitude", "less than or equal to 90"),
        ({"longitude": "-181"}, "longitude", "greater than or equal to -180"),
        ({"latitude": "NaN"}, "latitude", "Enter a number."),
        ({"longitude": "inf"}, "longitude", "Enter a number."),
        ({"latitude": "22.3.1"}, "latitude", "Enter a number."),
        ({"kind": "laser"}, "kind", "Select a valid choice."),
        ({"operator": "cia"}, "operator", "Select a valid choice."),
        ({"mount": "drone"}, "mount", "Select a valid choice."),
        ({"direction": "360"}, "direction", "less than or equal to 359"),
        ({"direction": "-1"}, "direction", "greater than or equal to 0"),
        ({"direction": "north"}, "direction", "Enter a whole number."),
        ({"field_of_view": "0"}, "field_of_view", "greater than or equal to 1"),
        ({"notes": "x" * 1001}, "notes", "at most 1000 characters"),
        ({"submission_token": "not-a-uuid"}, "submission_token", "Enter a valid UUID."),
    ],
)
def test_bad_input_is_a_form_error_and_saves_nothing(resident_client, districts, fields, field, message):
    response = resident_client.post(URL, report_body(**fields))
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert message.split(" ")[0] in response.content.decode()
    assert Camera.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_a_pin_outside_hong_kong_is_refused(resident_client, districts):
    response = resident_client.post(URL, report_body(*SHENZHEN))
    assert response.status_code == 400
    assert "This position is outside Hong Kong." in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert Camera.objects.count() == 0


def test_a_pin_in_the_sea_far_out_is_refused(resident_client, districts):
    response = resident_client.post(URL, report_body(0.0, 0.0))
    assert "This position is outside Hong Kong." in response.content.decode()
    assert Camera.objects.count() == 0


def test_refused_form_keeps_the_token_and_the_pin(resident_client, districts):
    data = report_body(kind="laser")
    response = resident_client.post(URL, data)
    form = response.context["form"]
    assert str(form["submission_token"].value()) == data["submission_token"]
    assert f'value="{MONG_KOK[0]}"' in response.content.decode()


class TestNearbyDuplicates:
    def test_a_public_camera_just_inside_the_radius_is_offered_instead(self, resident_client, make_camera, settings):
        make_camera(*MONG_KOK, kind="dome")
        inside = settings.DUPLICATE_RADIUS_SUBMIT_M - 0.1
        lat, lon = offset(*MONG_KOK, north_m=inside)
        response = resident_client.post(URL, report_body(lat, lon))
        page = response.content.decode()
        assert response.status_code == 400
        radius = settings.DUPLICATE_RADIUS_SUBMIT_M
        assert (
            f"A camera is already on the map within {radius} m of this pin. If it is the one you saw, confirm it "
            "instead; if it is a different camera, tick “It is a different camera” and submit again."
        ) in page
        assert response.context["form"].has_error("__all__", "duplicate")
        assert "This is the same camera: confirm it" in page
        assert "It is a different camera: report it anyway" in page
        assert "Dome" in page and f"{inside:.1f} m away" in page
        assert Camera.objects.count() == 1

    def test_the_radius_is_fifteen_metres(self, settings):
        # The number residents are told (README, report page); moving it is a decision, not a refactor.
        assert settings.DUPLICATE_RADIUS_SUBMIT_M == 15

    def test_the_offer_confirms_the_existing_camera(
        self, other_resident, other_resident_client, make_camera
    ):
        existing = make_camera(*MONG_KOK)
        response = other_resident_client.post(URL, report_body(*offset(*MONG_KOK, north_m=5)))
        page = response.content.decode()
        confirm_url = reverse("votes:confirm", args=[existing.pk])
        # A real POST form (outside the report form) that the offer's button submits.
        assert f'<form id="confirm-{existing.pk}" method="post" action="{confirm_url}">' in page
        assert f'form="confirm-{existing.pk}"' in page
        from mapsite.votes.models import Vote

        other_resident_client.post(confirm_url)
        assert Vote.objects.filter(camera=existing, user=other_resident, kind=Vote.Kind.CONFIRM).exists()

    def test_saying_it_is_a_different_camera_lets_it_through(self, resident_client, make_camera):
        make_camera(*MONG_KOK)
        lat, lon = offset(*MONG_KOK, east_m=10)
        response = resident_client.post(URL, report_body(lat, lon, confirm_different="on"))
        assert response.status_code == 302
        assert Camera.objects.count() == 2

    @pytest.mark.parametrize("direction", ["north_m", "east_m"])
    def test_a_camera_just_outside_the_radius_is_not_a_duplicate(self, resident_client, make_camera, settings,
                                                                 direction):
        make_camera(*MONG_KOK)
        outside = settings.DUPLICATE_RADIUS_SUBMIT_M + 0.1
        response = resident_client.post(URL, report_body(*offset(*MONG_KOK, **{direction: outside})))
        assert response.status_code == 302
        assert Camera.objects.count() == 2

    @pytest.mark.parametrize("status", [Camera.Status.REJECTED, Camera.Status.REMOVED])
    def test_cameras_off_the_public_map_are_not_duplicates(self, resident_client, make_camera, status):
        make_camera(*MONG_KOK, status=status)
        assert resident_client.post(URL, report_body(*MONG_KOK)).status_code == 302
        assert Camera.objects.count() == 2

    def test_the_page_after_the_offer_starts_with_the_choice_visible(self, resident_client, make_camera):
        make_camera(*MONG_KOK)
        response = resident_client.post(URL, report_body(*MONG_KOK))
        assert 'id="different-wrap" class="different" hidden' not in response.content.decode()
        assert len(response.context["js_config"]["nearby"]) == 1


class TestDoubleSubmit:
    def test_the_same_form_twice_makes_one_camera(self, resident_client, districts):
        data = report_body(kind="dome")
        first = resident_client.post(URL, data)
        second = resident_client.post(URL, data, follow=True)
        assert Camera.objects.count() == 1
        assert second.redirect_chain[0][0] == first["Location"]
        assert "This report was already received" in second.content.decode()
        assert AuditEntry.objects.filter(action=AuditEntry.Action.REPORTED).count() == 1

    def test_a_race_on_the_token_still_makes_one_camera(self, resident_client, districts, monkeypatch):
        # The second request passed the form's look-up before the first one committed,
        # so it did not see it nearby either: the unique constraint catches it.
        data = report_body(confirm_different="on")
        resident_client.post(URL, data)
        real_filter = Camera.objects.filter
        calls = {"n": 0}

        def filter_missing_once(*args, **kwargs):
            qs = real_filter(*args, **kwargs)
            if "submission_token" in kwargs and calls["n"] < 1:
                calls["n"] += 1
                return qs.none()
            return qs

        monkeypatch.setattr(Camera.objects, "filter", filter_missing_once)
        response = resident_client.post(URL, data)
        assert response.status_code == 302
        assert Camera.objects.count() == 1

    def test_a_token_used_by_someone_else_is_refused(
        self, resident_client, other_resident_client, districts
    ):
        data = report_body()
        resident_client.post(URL, data)
        response = other_resident_client.post(URL, data)
        assert response.status_code == 400
        assert "This form was already submitted." in response.content.decode()
        # Refused by the form's own look-up (before the duplicate check), not by the save's constraint.
        errors = response.context["form"].errors.as_data()
        assert [(e.code, e.messages) for e in errors["__all__"]] == [
            ("already_submitted", ["This form was already submitted. Please reload the page to report another camera."])
        ]
        assert Camera.objects.count() == 1


def test_report_without_csrf_token_is_refused(resident, districts):
    client = csrf_client(resident)
    response = client.post(URL, report_body())
    assert response.status_code == 403
    assert "Form expired" in response.content.decode()
    assert Camera.objects.count() == 0


def test_report_with_a_stale_csrf_token_is_refused(resident, districts):
    client = csrf_client(resident)
    csrf_token(client, URL)
    response = client.post(URL, report_body(csrfmiddlewaretoken="x" * 64))
    assert response.status_code == 403
    assert Camera.objects.count() == 0


def test_report_with_a_valid_csrf_token_is_accepted(resident, districts):
    client = csrf_client(resident)
    response = client.post(URL, report_body(csrfmiddlewaretoken=csrf_token(client, URL)))
    assert response.status_code == 302
    camera = Camera.objects.get()
    assert camera.reporter == resident
    assert response["Location"] == camera.get_absolute_url()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_report_refuses_other_methods(resident_client, districts, method):
    assert getattr(resident_client, method)(URL).status_code == 405


class TestMySightings:
    url = "/report/mine/"

    def test_lists_only_my_cameras_with_their_status(self, resident, other_resident, resident_client, make_camera):
        make_camera(reporter=resident, kind="dome", status=Camera.Status.VERIFIED)
        make_camera(*offset(*MONG_KOK, north_m=50), reporter=resident, kind="anpr")
        make_camera(*offset(*MONG_KOK, north_m=100), reporter=other_resident, kind="smartview")
        response = resident_client.get(self.url)
        page = response.content.decode()
        assert response.status_code == 200
        assert "Dome" in page and "Verified" in page
        assert "Licence-plate reader (ANPR)" in page and "Pending" in page
        assert "Police SmartView unit" not in page
        assert "Yau Tsim Mong" in page

    def test_empty_list_invites_a_report(self, resident_client, districts):
        assert "You have not reported any cameras yet." in resident_client.get(self.url).content.decode()

    def test_outsider_is_sent_to_log_in(self, outsider_client, db):
        response = outsider_client.get(self.url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))

    @pytest.mark.parametrize("method", ["post", "put", "delete"])
    def test_read_only(self, resident_client, db, method):
        assert getattr(resident_client, method)(self.url).status_code == 405


def test_the_form_names_its_refusals_by_code(districts):
    from mapsite.sightings.forms import ReportForm

    outside = ReportForm(data=report_body(*SHENZHEN))
    assert not outside.is_valid()
    assert outside.has_error("__all__", "outside_hong_kong")
