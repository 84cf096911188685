"""The cameras in view as a text list (cameras/map/list.js) and the filters' "only" shortcut."""

from __future__ import annotations

import csv
import io

from mapsite.cameras.models import Camera
from tests.conftest import MONG_KOK
from tests.helpers import marker, offset, open_map_at, settled


def open_list(page):
    page.locator("#list-section > summary").click()
    page.locator('#list-section [data-list="status"]:not(:empty)').wait_for()


def listed_ids(page) -> list[int]:
    hrefs = page.locator('#list-section [data-list="items"] a').evaluate_all("els => els.map(a => a.pathname)")
    return [int(h.rstrip("/").rsplit("/", 1)[1]) for h in hrefs]


def test_the_list_is_nearest_first_and_follows_the_filters(page, make_camera):
    far = make_camera(*offset(*MONG_KOK, north_m=120), kind=Camera.Kind.DOME)
    near = make_camera(*offset(*MONG_KOK, east_m=30), kind=Camera.Kind.FIXED)
    middle = make_camera(*offset(*MONG_KOK, north_m=-70), kind=Camera.Kind.DOME)
    open_map_at(page, *MONG_KOK, zoom=17)
    open_list(page)
    assert listed_ids(page) == [near.pk, middle.pk, far.pk]
    first = page.locator('#list-section [data-list="items"] li').first.inner_text()
    assert "Fixed / bullet" in first and "30 m from the centre" in first
    assert page.locator('#list-section [data-list="status"]').inner_text() == (
        "Cameras in view: 3, nearest to the centre first."
    )

    # "only" beside Dome leaves domes alone, on the map and in the list, and in the shared link.
    page.get_by_role("button", name="Show only Dome").click()
    settled(page)
    page.wait_for_function("() => document.querySelectorAll('#list-section [data-list=items] li').length === 2")
    assert listed_ids(page) == [middle.pk, far.pk]
    assert marker(page, middle).count() == 1 and marker(page, near).count() == 0
    assert "kind=dome" in page.evaluate("location.hash")
    boxes = page.locator('#map-filters input[name="kind"]')
    assert [b.is_checked() for b in boxes.all()].count(True) == 1


def test_the_list_pages_and_downloads_what_it_lists(page, make_camera):
    cams = [make_camera(*offset(*MONG_KOK, north_m=5 * i, east_m=3 * i)) for i in range(23)]
    open_map_at(page, *MONG_KOK, zoom=17)
    open_list(page)
    pager = page.locator('#list-section [data-list="page"]')
    assert pager.inner_text() == "Page 1 of 2"
    assert listed_ids(page) == [c.pk for c in cams[:20]]
    page.locator('#list-section [data-list="next"]').click()
    assert pager.inner_text() == "Page 2 of 2"
    assert listed_ids(page) == [c.pk for c in cams[20:]]
    assert page.locator('#list-section [data-list="next"]').is_disabled()

    with page.expect_download() as got:
        page.locator('#list-section [data-list="csv"]').click()
    rows = list(csv.DictReader(io.StringIO(got.value.path().read_text(encoding="utf-8"))))
    assert [int(r["id"]) for r in rows] == [c.pk for c in cams]
    assert rows[0]["kind"] == "unknown" and rows[0]["url"].endswith(f"/cameras/{cams[0].pk}/")
    assert abs(float(rows[0]["latitude"]) - cams[0].latitude) < 1e-9


def test_too_many_cameras_in_view_asks_to_zoom_in(page, make_camera, settings):
    settings.API_MAX_FEATURES = 2
    for i in range(3):
        make_camera(*offset(*MONG_KOK, north_m=10 * i))
    open_map_at(page, *MONG_KOK, zoom=17)
    open_list(page)
    status = page.locator('#list-section [data-list="status"]')
    assert status.inner_text() == "Cameras in view: 3. Zoom in to list them."
    assert listed_ids(page) == []
