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


def _bbox(geometry) -> tuple[float, float, float, float]:
    """(south, west, north, east) of a GeoJSON (Multi)Polygon."""

    def points(coords):
        if coords and isinstance(coords[0], (int, float)):
            yield coords
        else:
            for part in coords:
                yield from points(part)

    lons, lats = zip(*[(p[0], p[1]) for p in points(geometry["coordinates"])], strict=True)
    return min(lats), min(lons), max(lats), max(lons)


@pytest.mark.parametrize("code", ["E", "R"])
def test_district_page_map_draws_that_districts_boundary(small_map_page, districts, code):
    page = small_map_page
    # Keep hold of each small map as django-leaflet announces it (the page itself exposes none).
    page.add_init_script(
        "window.addEventListener('map:init', (e) => { (window.__maps ||= {})[e.detail.id] = e.detail.map; });"
    )
    page.goto(f"{page.base_url}/districts/{code.lower()}/")
    page.wait_for_selector("#district-map .leaflet-overlay-pane path")
    district = districts[code]
    assert district.name_en in page.locator("h1").inner_text()
    drawn = page.evaluate(
        """() => {
          const map = window.__maps["district-map"];
          const shapes = [];
          map.eachLayer((layer) => {
            if (layer.feature && layer.getBounds) {
              const b = layer.getBounds();
              shapes.push({code: layer.feature.properties.code,
                           bbox: [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]});
            }
          });
          const v = map.getBounds();
          return {shapes, view: [v.getSouth(), v.getWest(), v.getNorth(), v.getEast()]};
        }"""
    )
    # One shape, this district's, with this district's extent, and the view fitted around it.
    assert [shape["code"] for shape in drawn["shapes"]] == [code]
    expected = _bbox(district.display_boundary)
    assert drawn["shapes"][0]["bbox"] == pytest.approx(expected, abs=1e-6)
    south, west, north, east = drawn["view"]
    assert south <= expected[0] and west <= expected[1] and north >= expected[2] and east >= expected[3]
    # Fitted, not the whole territory: the view is at most a few times the district's size.
    assert (north - south) < 3 * (expected[2] - expected[0]) or (east - west) < 3 * (expected[3] - expected[1])
