"""GET /api/locate and POST /api/cameras."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from tests.helpers import (
    BESIDE_HK_MIDNIGHT,
    CENTRAL,
    MONG_KOK,
    SHENZHEN,
    csrf_client,
    csrf_token,
    offset,
    report_body,
)

pytestmark = pytest.mark.django_db
LOCATE = "/api/locate"
CREATE = "/api/cameras"


class TestLocate:
    def test_district_of_a_pin(self, outsider_client, districts):
        response = outsider_client.get(LOCATE, {"lat": MONG_KOK[0], "lon": MONG_KOK[1]})
        assert response.status_code == 200
        body = response.json()
        assert (body["code"], body["name_en"], body["name_zh"]) == ("E", "Yau Tsim Mong", "油尖旺區")
        assert body["nearby"] == []

    def test_outside_hong_kong_is_a_400_with_a_message(self, outsider_client, districts):
        response = outsider_client.get(LOCATE, {"lat": SHENZHEN[0], "lon": SHENZHEN[1]})
        assert response.status_code == 400
        body = response.json()
        assert body["error"] == "This position is outside Hong Kong."
        assert body["code"] == "outside_hong_kong"
        assert (body["lat"], body["lon"]) == SHENZHEN

    @pytest.mark.parametrize(
        "params",
        [
            {},
            {"lat": "22.3"},
            {"lat": "nan", "lon": "114"},
            {"lat": "22", "lon": "inf"},
            {"lat": "91", "lon": "114"},
            {"lat": "abc", "lon": "114"},
            {"q": "somewhere nice"},
            {"q": "1" * 101},
        ],
    )
    def test_bad_positions_are_400(self, outsider_client, districts, params):
        response = outsider_client.get(LOCATE, params)
        assert response.status_code == 400
        assert "error" in response.json()

    @pytest.mark.parametrize(
        "text", ["22.2820, 114.1580", "22.282 114.158", "22°16′55.2″N 114°9′28.8″E", "22°16'55.2\"N, 114°09'28.8\"E"]
    )
    def test_pasted_coordinates(self, outsider_client, districts, text):
        body = outsider_client.get(LOCATE, {"q": text}).json()
        assert body["code"] == "A"
        assert body["lat"] == pytest.approx(CENTRAL[0], abs=1e-4)
        assert body["lon"] == pytest.approx(CENTRAL[1], abs=1e-4)

    def test_nearby_public_cameras_are_listed_nearest_first(self, outsider_client, make_camera):
        far = make_camera(*offset(*MONG_KOK, north_m=12), kind="dome")
        near = make_camera(*offset(*MONG_KOK, east_m=5), kind="anpr", notes="<b>x</b>")
        make_camera(*offset(*MONG_KOK, north_m=3), status=Camera.Status.REJECTED)
        make_camera(*offset(*MONG_KOK, north_m=40))
        body = outsider_client.get(LOCATE, {"lat": MONG_KOK[0], "lon": MONG_KOK[1]}).json()
        assert [f["id"] for f in body["nearby"]] == [near.pk, far.pk]
        first = body["nearby"][0]["properties"]
        assert first["distance_m"] == pytest.approx(5, abs=0.2)
        assert first["kind_label"] == "Licence-plate reader (ANPR)"
        # The votes app's POST endpoint when installed, else the camera page's confirm section.
        assert (first["confirm_url"], first["confirm_method"]) in [
            (near.get_absolute_url() + "#confirm", "get"),
            (f"/cameras/{near.pk}/confirm/", "post"),
        ]
        assert "reporter" not in first

    @pytest.mark.parametrize("method", ["post", "put", "delete"])
    def test_read_only(self, resident_client, districts, method):
        response = getattr(resident_client, method)(LOCATE + "?lat=22.3&lon=114.1")
        assert response.status_code == 405
        assert response.json()["error"]


class TestCreate:
    @pytest.mark.parametrize(("instant", "hk_day"), BESIDE_HK_MIDNIGHT)
    def test_created_with_session_and_csrf_header(self, resident, districts, instant, hk_day):
        client = csrf_client(resident)
        token = csrf_token(client)
        with time_machine.travel(instant, tick=False):
            response = client.post(
            CREATE,
                report_body(
                    kind="dome", operator="police", direction=90, field_of_view=60, notes="On the pole", mount=None
                ),
                content_type="application/json",
                headers={"X-CSRFToken": token},
            )
        assert response.status_code == 201
        assert response["Content-Type"] == "application/geo+json"
        feature = response.json()
        camera = Camera.objects.get()
        assert response["Location"] == camera.get_absolute_url()
        assert feature["type"] == "Feature" and feature["id"] == camera.pk
        assert feature["geometry"] == {"type": "Point", "coordinates": [MONG_KOK[1], MONG_KOK[0]]}
        props = feature["properties"]
        assert props["kind"] == "dome" and props["operator"] == "police" and props["mount"] == "unknown"
        assert props["status"] == "pending" and props["direction"] == 90 and props["field_of_view"] == 60
        assert props["notes"] == "On the pole"
        assert props["reported_on"] == hk_day
        assert "reporter" not in props and "reported_at" not in props
        assert camera.reporter == resident
        assert AuditEntry.objects.filter(camera=camera, action=AuditEntry.Action.REPORTED).count() == 1

    def test_a_moderators_own_report_is_a_residents_act(self, moderator_client, districts):
        response = moderator_client.post(CREATE, report_body(kind="ptz"), content_type="application/json")
        assert response.status_code == 201
        entry = AuditEntry.objects.get(camera_id=response.json()["id"], action=AuditEntry.Action.REPORTED)
        assert entry.role == AuditEntry.Role.RESIDENT

    def test_the_feature_is_the_public_apis_feature(self, resident_client, districts):
        created = resident_client.post(CREATE, report_body(kind="ptz"), content_type="application/json").json()
        public = Client().get(f"/api/cameras/{created['id']}.geojson").json()
        assert public["type"] == "Feature"
        # Plus, for the reporter alone, the plausibility warnings found at submission.
        assert created.pop("warnings") == []
        assert created == public

    def test_anonymous_gets_401_json(self, districts):
        response = Client().post(CREATE, report_body(), content_type="application/json")
        assert response.status_code == 401
        assert response.json()["error"]
        assert Camera.objects.count() == 0

    @pytest.mark.parametrize("header", [None, "wrong" * 8])
    def test_missing_or_wrong_csrf_gets_403_json(self, resident, districts, header):
        client = csrf_client(resident)
        csrf_token(client)  # the cookie is set, only the header is missing or wrong
        headers = {"X-CSRFToken": header} if header else {}
        response = client.post(CREATE, report_body(), content_type="application/json", headers=headers)
        assert response.status_code == 403
        assert "CSRF" in response.json()["error"]
        assert Camera.objects.count() == 0

    @pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
    def test_other_methods_are_405(self, resident_client, districts, method):
        response = getattr(resident_client, method)(CREATE)
        assert response.status_code == 405
        assert response["Allow"] == "POST"
        assert response.json()["error"]

    @pytest.mark.parametrize(
        "raw",
        [
            b"",
            b"{",
            b"not json",
            b"[1, 2]",
            b'"text"',
            b"null",
            b"\xff\xfe",
            b'{"latitude": NaN}',
            b'{"longitude": 1e999}',
        ],
        ids=lambda r: repr(r)[:20],
    )
    def test_malformed_bodies_are_400(self, resident_client, districts, raw):
        response = resident_client.post(CREATE, raw, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["error"]
        assert Camera.objects.count() == 0

    @pytest.mark.parametrize(
        ("fields", "field"),
        [
            ({"latitude": None}, "latitude"),
            ({"latitude": "NaN"}, "latitude"),
            ({"longitude": "Infinity"}, "longitude"),
            ({"latitude": 95}, "latitude"),
            ({"kind": "laser"}, "kind"),
            ({"direction": 400}, "direction"),
            ({"direction": 12.5}, "direction"),
            ({"notes": "x" * 1001}, "notes"),
            ({"submission_token": 12}, "submission_token"),
            ({"submission_token": True}, "submission_token"),
        ],
    )
    def test_invalid_fields_are_400_with_field_errors(self, resident_client, districts, fields, field):
        response = resident_client.post(CREATE, report_body(**fields), content_type="application/json")
        assert response.status_code == 400
        payload = response.json()
        # A field error alone: the answer's message is the summary, and only that field is named.
        assert payload["error"] == "Some fields are not valid."
        assert list(payload["fields"]) == [field]
        assert Camera.objects.count() == 0

    def test_nested_values_are_refused(self, resident_client, districts):
        response = resident_client.post(CREATE, report_body(kind=["dome"]), content_type="application/json")
        assert response.status_code == 400
        assert "kind" in response.json()["fields"]

    def test_outside_hong_kong(self, resident_client, districts):
        response = resident_client.post(CREATE, report_body(*SHENZHEN), content_type="application/json")
        assert response.status_code == 400
        assert response.json() == {
            "error": "This position is outside Hong Kong. Move the pin onto the camera's location in Hong Kong.",
            "fields": {},
        }
        assert Camera.objects.count() == 0

    def test_duplicates_are_offered_and_can_be_overridden(self, resident_client, make_camera, settings):
        existing = make_camera(*MONG_KOK)
        lat, lon = offset(*MONG_KOK, north_m=settings.DUPLICATE_RADIUS_SUBMIT_M - 0.1)
        response = resident_client.post(CREATE, report_body(lat, lon), content_type="application/json")
        assert response.status_code == 400
        payload = response.json()
        assert f"within {settings.DUPLICATE_RADIUS_SUBMIT_M} m" in payload["error"]
        assert [f["id"] for f in payload["nearby"]] == [existing.pk]
        data = report_body(lat, lon, confirm_different=True)
        response = resident_client.post(CREATE, data, content_type="application/json")
        assert response.status_code == 201
        assert Camera.objects.count() == 2

    def test_just_outside_the_radius_is_not_a_duplicate(self, resident_client, make_camera, settings):
        make_camera(*MONG_KOK)
        lat, lon = offset(*MONG_KOK, east_m=settings.DUPLICATE_RADIUS_SUBMIT_M + 0.1)
        response = resident_client.post(CREATE, report_body(lat, lon), content_type="application/json")
        assert response.status_code == 201
        assert Camera.objects.count() == 2

    def test_double_submit_returns_the_first_camera(self, resident_client, districts):
        data = report_body()
        first = resident_client.post(CREATE, data, content_type="application/json")
        second = resident_client.post(CREATE, data, content_type="application/json")
        assert (first.status_code, second.status_code) == (201, 200)
        assert first.json()["id"] == second.json()["id"]
        assert Camera.objects.count() == 1

    def test_someone_elses_token_is_409(self, resident_client, other_resident_client, districts):
        data = report_body()
        resident_client.post(CREATE, data, content_type="application/json")
        response = other_resident_client.post(CREATE, data, content_type="application/json")
        assert response.status_code == 409
        assert Camera.objects.count() == 1

    def test_a_photo_field_is_ignored_not_trusted(self, resident_client, districts):
        response = resident_client.post(CREATE, report_body(photo="AAAA"), content_type="application/json")
        assert response.status_code == 201
        assert not Camera.objects.get().photos.exists()
