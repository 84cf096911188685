"""The small maps on the camera and district pages draw under the site's CSP."""

import pytest

from mapsite.cameras.models import Camera
from tests.conftest import MONG_KOK


@pytest.fixture
def small_map_page(page):
    return page


def test_camera_page_map_shows_marker_and_cone(small_map_page, districts):
    page = small_map_page
    camera = Camera.objects.create(
        latitude=MONG_KOK[0],
        longitude=MONG_KOK[1],
        district=districts["E"],
        direction=90,
        field_of_view=60,
        notes="<img src=x onerror=alert(1)>",
    )
    page.goto(f"{page.base_url}/cameras/{camera.pk}/")
    page.wait_for_selector("#camera-map .leaflet-overlay-pane path")
    # The marker and the view cone.
    assert page.locator("#camera-map .leaflet-overlay-pane path").count() == 2
    assert page.locator(".camera-notes").inner_text() == "<img src=x onerror=alert(1)>"
    assert page.locator("#camera-map").bounding_box()["height"] > 200


def test_rejected_camera_page_has_no_map(small_map_page, districts):
    page = small_map_page
    camera = Camera.objects.create(
        latitude=MONG_KOK[0], longitude=MONG_KOK[1], district=districts["E"], status=Camera.Status.REJECTED
    )
    page.goto(f"{page.base_url}/cameras/{camera.pk}/")
    assert "not shown on the map" in page.locator(".notice-rejected").inner_text()
    assert page.locator("#camera-map").count() == 0


def test_district_page_map_draws_the_boundary(small_map_page, districts):
    page = small_map_page
    page.goto(f"{page.base_url}/districts/e/")
    page.wait_for_selector("#district-map .leaflet-overlay-pane path")
    assert "Yau Tsim Mong" in page.locator("h1").inner_text()
