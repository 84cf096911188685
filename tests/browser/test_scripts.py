"""Every page with a map runs its module scripts without a JavaScript error
(the page fixture fails a test on any page error, console error or CSP
violation), and the scripts leave one global behind: window.cameraMap, the
public map's Leaflet map, which these tests drive."""

from __future__ import annotations

import pytest

from tests.conftest import MONG_KOK
from tests.helpers import log_in

# Leaflet and django-leaflet's own globals: vendored, not ours.
VENDORED = {"L", "Leaflet", "leaflet", "_leaflet_events"}


def own_globals(page) -> set[str]:
    names = "Object.getOwnPropertyNames(window)"
    on_page = set(page.evaluate(names))
    page.goto(page.base_url + "/about/")  # the same origin without any map script
    return on_page - set(page.evaluate(names)) - VENDORED


@pytest.mark.parametrize(
    ("path", "ready", "expected"),
    [
        ("/", "#camera-map[data-cameras-state='ready'] .cam-dot", {"cameraMap"}),
        ("/zh-hant/", "#camera-map[data-cameras-state='ready'] .cam-dot", {"cameraMap"}),
        ("/cameras/{camera}/", "#camera-map .leaflet-overlay-pane path", set()),
        ("/districts/e/", "#district-map .leaflet-overlay-pane path", set()),
        ("/report/", "#report-map .leaflet-marker-icon", set()),
        ("/moderation/cameras/{camera}/", "#review-map[data-review-map-ready='true']", set()),
    ],
)
def test_map_scripts_run_without_errors_or_globals(page, make_camera, moderator, path, ready, expected):
    camera = make_camera(*MONG_KOK, direction=90)
    log_in(page, moderator)
    page.goto(page.base_url + path.format(camera=camera.pk))
    if "cameraMap" in expected:
        page.wait_for_function("() => window.cameraMap !== undefined")
        page.evaluate(f"window.cameraMap.setView([{MONG_KOK[0]}, {MONG_KOK[1]}], 17, {{animate: false}})")
    if path == "/report/":
        page.locator("#report-map").click()  # the module places the pin where the map is clicked
    page.wait_for_selector(ready, state="attached")
    assert own_globals(page) == expected
