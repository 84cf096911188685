"""Plausibility warnings at submission (mapsite/sightings/plausibility.py): computed once,
stored on the camera, shown to its reporter and to moderators, never a refusal."""

from __future__ import annotations

import csv
import datetime as dt

import numpy as np
import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from mapsite.cameras.models import Camera
from mapsite.sightings import plausibility
from tests.helpers import MONG_KOK, SHA_TIN, offset, report_body

pytestmark = pytest.mark.django_db
URL = "/report/"
CREATE = "/api/cameras"

# Open water inside the district polygons (which run out to sea).
SEA = {
    "south of Lamma": (22.15, 114.20),
    "south of Lantau": (22.20, 113.95),
    "Port Shelter": (22.34, 114.30),
    "Deep Bay": (22.47, 113.96),
}
# Places on land that are not in the shipped lists themselves.
LAND = {"Mong Kok": MONG_KOK, "Sha Tin": SHA_TIN, "Peng Chau": (22.285, 114.039), "Stanley": (22.219, 114.211)}


def _report(client, lat=MONG_KOK[0], lon=MONG_KOK[1], **fields) -> Camera:
    response = client.post(URL, report_body(lat, lon, confirm_different="on", **fields))
    assert response.status_code == 302, response.content.decode()[:500]
    return Camera.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_a_plain_report_has_no_warnings(resident_client, districts):
    assert _report(resident_client, kind="dome", operator="police").warnings == []


class TestOperatorAndKind:
    @pytest.mark.parametrize(
        ("kind", "operator"), [("smartview", "private"), ("smartview", "mtr"), ("traffic", "private"),
                               ("traffic", "housing")]
    )
    def test_an_unusual_pair_is_warned(self, resident_client, districts, kind, operator):
        camera = _report(resident_client, kind=kind, operator=operator)
        assert camera.warnings == [plausibility.OPERATOR_KIND]
        assert camera.status == Camera.Status.PENDING  # warned, not refused

    @pytest.mark.parametrize(
        ("kind", "operator"), [("smartview", "police"), ("smartview", "unknown"), ("traffic", "transport"),
                               ("traffic", "police"), ("dome", "private"), ("anpr", "private")]
    )
    def test_a_usual_pair_is_not(self, resident_client, districts, kind, operator):
        assert _report(resident_client, kind=kind, operator=operator).warnings == []


class TestFarFromLand:
    @pytest.mark.parametrize("place", SEA)
    def test_open_water_is_warned(self, resident_client, districts, place):
        camera = _report(resident_client, *SEA[place])
        assert camera.warnings == [plausibility.FAR_FROM_LAND]

    @pytest.mark.parametrize("place", LAND)
    def test_land_is_not(self, resident_client, districts, place):
        assert _report(resident_client, *LAND[place]).warnings == []

    def test_no_shipped_station_or_estate_is_far_from_the_others(self):
        """The radius was tuned so every known land point lies within it of another one:
        a pin beside a station or an estate, even one whose neighbours were left out, passes."""
        rows = []
        for name in ("rail-stations.csv", "housing-estates.csv"):
            with open(settings.BASE_DIR / "fixtures" / "gazetteer" / name, encoding="utf-8") as f:
                rows += [(float(r["lat"]), float(r["lng"])) for r in csv.DictReader(f)]
        assert len(rows) > 600
        la, lo = plausibility.land_points().T
        for lat, lon in rows:
            rlat, rlon = np.radians(lat), np.radians(lon)
            a = np.sin((la - rlat) / 2) ** 2 + np.cos(rlat) * np.cos(la) * np.sin((lo - rlon) / 2) ** 2
            d = plausibility.EARTH_RADIUS_M * 2 * np.arcsin(np.sqrt(a))
            # The nearest *other* point (the point itself, and any duplicate of it, is within 2 m).
            assert d[d > 2].min() <= settings.PLAUSIBLE_LAND_DISTANCE_M, (lat, lon)

    def test_a_verified_camera_nearby_counts_as_land(self, resident_client, make_camera):
        lat, lon = SEA["Port Shelter"]
        make_camera(*offset(lat, lon, north_m=500), status=Camera.Status.VERIFIED, moderator_decided=True)
        assert _report(resident_client, lat, lon).warnings == []

    def test_a_pending_camera_nearby_does_not(self, resident_client, make_camera):
        lat, lon = SEA["Port Shelter"]
        make_camera(*offset(lat, lon, north_m=500))
        assert _report(resident_client, lat, lon).warnings == [plausibility.FAR_FROM_LAND]

    def test_the_points_are_read_once_per_process(self, monkeypatch):
        plausibility.land_points()
        monkeypatch.setattr(plausibility, "FIXTURES", settings.BASE_DIR / "no-such-folder")
        assert plausibility.distance_to_land_m(*MONG_KOK) < 1000


class TestCluster:
    def _earlier(self, make_camera, user, n, *, metres=10, days=0):
        for i in range(n):
            camera = make_camera(*offset(*SHA_TIN, north_m=metres, east_m=3 * i), reporter=user)
            Camera.objects.filter(pk=camera.pk).update(reported_at=timezone.now() - dt.timedelta(days=days))

    def test_the_fourth_report_within_30_m_in_a_week_is_warned(self, resident, resident_client, make_camera):
        self._earlier(make_camera, resident, 3)
        assert _report(resident_client, *SHA_TIN).warnings == [plausibility.CLUSTER]

    def test_two_earlier_ones_are_not_many(self, resident, resident_client, make_camera):
        self._earlier(make_camera, resident, 2)
        assert _report(resident_client, *SHA_TIN).warnings == []

    def test_further_than_30_m_is_not_a_cluster(self, resident, resident_client, make_camera):
        self._earlier(make_camera, resident, 3, metres=40)
        assert _report(resident_client, *SHA_TIN).warnings == []

    def test_older_than_a_week_is_not_a_cluster(self, resident, resident_client, make_camera):
        self._earlier(make_camera, resident, 3, days=8)
        assert _report(resident_client, *SHA_TIN).warnings == []

    def test_other_accounts_reports_are_not_a_cluster(self, other_resident, resident_client, make_camera):
        self._earlier(make_camera, other_resident, 3)
        assert _report(resident_client, *SHA_TIN).warnings == []


def test_several_warnings_together(resident, resident_client, make_camera):
    lat, lon = SEA["south of Lantau"]
    for i in range(3):
        make_camera(*offset(lat, lon, east_m=5 * i), reporter=resident)
    camera = _report(resident_client, lat, lon, kind="smartview", operator="private")
    assert camera.warnings == [plausibility.OPERATOR_KIND, plausibility.FAR_FROM_LAND, plausibility.CLUSTER]


class TestWhoSeesThem:
    LABEL = "This kind of camera is rarely run by this operator"

    def test_the_reporter_sees_them_on_the_camera_page_after_submitting(self, resident_client, districts):
        response = resident_client.post(URL, report_body(kind="traffic", operator="private"), follow=True)
        page = response.content.decode()
        assert "notice-plausibility" in page and self.LABEL in page

    def test_the_public_and_other_residents_do_not(self, resident_client, other_resident_client, districts):
        camera = _report(resident_client, kind="traffic", operator="private")
        for client in (Client(), other_resident_client):
            page = client.get(camera.get_absolute_url()).content.decode()
            assert camera.get_kind_display() in page  # the page itself is shown
            assert "notice-plausibility" not in page and self.LABEL not in page

    def test_no_notice_without_warnings(self, resident_client, districts):
        camera = _report(resident_client)
        assert "notice-plausibility" not in resident_client.get(camera.get_absolute_url()).content.decode()

    def test_the_moderator_sees_labels_not_codes(self, resident_client, moderator_client, districts):
        camera = _report(resident_client, *SEA["Deep Bay"], kind="smartview", operator="private")
        page = moderator_client.get(f"/moderation/cameras/{camera.pk}/").content.decode()
        assert self.LABEL in page and "may be in the sea" in page
        assert "operator_kind" not in page and "far_from_land" not in page

    def test_the_api_201_carries_them(self, resident_client, districts):
        response = resident_client.post(
            CREATE, report_body(kind="smartview", operator="mtr"), content_type="application/json"
        )
        assert response.status_code == 201
        warnings = response.json()["warnings"]
        assert [w["code"] for w in warnings] == [plausibility.OPERATOR_KIND]
        assert warnings[0]["message"].startswith(self.LABEL)
        # Not a public property: the public API's feature for the same camera has no warnings.
        public = Client().get(f"/api/cameras/{response.json()['id']}.geojson").json()
        assert "warnings" not in str(public)

    def test_a_plain_api_report_has_an_empty_list(self, resident_client, districts):
        response = resident_client.post(CREATE, report_body(), content_type="application/json")
        assert response.status_code == 201 and response.json()["warnings"] == []


def test_the_about_page_explains_the_land_test_and_credits_its_sources(outsider_client, settings):
    settings.PLAUSIBLE_LAND_DISTANCE_M = 2500
    page = outsider_client.get("/about/").content.decode()
    assert "more than 2.5 km from any place known to be on land" in page
    assert "approximation" in page
    for source in ("MTR Corporation", "Hong Kong Housing Authority", "Transport Department"):
        assert source in page
