"""The public map as people meet it: hover, popups that keep their result,
keyboard, shared links, "locate me", the phone layout (issue 13)."""

from __future__ import annotations

import pytest

from mapsite.cameras.models import Camera
from mapsite.votes.models import Vote
from tests.browser.test_map_tiles import seed_block
from tests.conftest import MONG_KOK
from tests.helpers import log_in, marker, open_map, open_map_at, settled, zoom_to


def district_fill(page, code="E"):
    return float(page.locator(f"path.district-{code}").evaluate("el => getComputedStyle(el).fillOpacity"))


def test_hovering_a_district_never_washes_out_the_map(page):
    open_map(page)
    zoomed_out = district_fill(page)
    zoom_to(page, *MONG_KOK, 16)
    page.mouse.move(640, 450)
    page.wait_for_timeout(300)
    street = district_fill(page)
    assert street <= 0.2, street
    # The shading fades as you zoom in, since at street level a district is the whole screen.
    assert street < zoomed_out <= 0.45


def test_a_vote_keeps_its_popup_open_and_it_says_you_confirmed(page, make_camera, reporter, resident):
    cam = make_camera(*MONG_KOK, reporter=reporter)
    log_in(page, resident)
    open_map_at(page, *MONG_KOK)
    marker(page, cam).click()
    box = page.locator(f'.camera-popup[data-camera-id="{cam.pk}"] .popup-votes[data-mine="ready"]')
    box.wait_for()
    box.locator("button.popup-confirm").click()
    message = box.locator(".popup-votes-message")
    page.wait_for_function("el => el.textContent && el.textContent !== 'Sending…'", arg=message.element_handle())
    page.wait_for_timeout(1200)
    # Still open, with its result, a second later.
    assert box.is_visible()
    assert message.inner_text()
    assert "You confirmed this camera on" in box.locator(".popup-votes-mine").inner_text()
    assert not box.locator("button.popup-confirm").is_visible()
    assert Vote.objects.filter(camera=cam, user=resident, kind=Vote.Kind.CONFIRM).exists()

    # Opened again later, it knows: no "I saw it again" inside the 30-day window.
    open_map_at(page, *MONG_KOK)
    marker(page, cam).click()
    box.wait_for()
    assert "You confirmed this camera on" in box.locator(".popup-votes-mine").inner_text()
    assert "You can confirm it again from" in box.locator(".popup-votes-mine").inner_text()
    assert not box.locator("button.popup-confirm").is_visible()
    assert box.locator("button.popup-dispute").is_visible()


def test_the_first_filter_is_within_ten_tabs_by_the_skip_link(page, make_camera):
    seed_block(make_camera)
    open_map(page)
    for _press in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('href')") == "#filters-section":
            page.keyboard.press("Enter")
        if page.evaluate("document.activeElement.matches('#map-filters input')"):
            break
    else:
        raise AssertionError("the first filter was not reached in 10 Tabs")
    assert page.evaluate("document.activeElement.name") == "status"


def test_the_map_is_labelled(page):
    open_map(page)
    label = page.locator("#camera-map").get_attribute("aria-label")
    assert label and "map" in label.lower()


def test_a_single_camera_cluster_says_camera_not_cameras(page, make_camera):
    make_camera(*MONG_KOK)
    open_map(page)
    zoom_to(page, *MONG_KOK, 13)
    title = page.locator(".marker-cluster").first.get_attribute("title")
    assert title.startswith("1 camera here"), title


def test_big_figures_have_separators(page, figures):
    open_map(page)
    assert "60,000" in page.locator("#territory-figures").inner_text()


def test_a_shared_link_restores_the_view_filters_shading_and_camera(page, make_camera):
    dome = make_camera(*MONG_KOK, kind=Camera.Kind.DOME)
    make_camera(MONG_KOK[0] + 0.0005, MONG_KOK[1], kind=Camera.Kind.ANPR)
    open_map(page)
    page.locator('input[name="kind"][value="anpr"]').uncheck()
    page.locator('input[name="shading"][value="per_km2"]').check()
    zoom_to(page, *MONG_KOK, 17)
    marker(page, dome).click()
    page.wait_for_selector(f'.camera-popup[data-camera-id="{dome.pk}"]')
    link = page.evaluate("window.location.href")
    assert f"camera={dome.pk}" in link and "map=17/" in link and "shading=per_km2" in link

    other = page.context.new_page()
    other.goto(link)
    other.wait_for_function("() => window.cameraMap !== undefined")
    other.wait_for_selector(f'.camera-popup[data-camera-id="{dome.pk}"]')
    assert other.evaluate("window.cameraMap.getZoom()") == 17
    centre = other.evaluate("(() => { const c = window.cameraMap.getCenter(); return [c.lat, c.lng]; })()")
    assert abs(centre[0] - MONG_KOK[0]) < 0.001 and abs(centre[1] - MONG_KOK[1]) < 0.001
    assert other.locator('input[name="kind"][value="anpr"]').is_checked() is False
    assert other.locator('input[name="kind"][value="dome"]').is_checked() is True
    assert other.locator('input[name="shading"][value="per_km2"]').is_checked() is True
    assert other.locator(".cam-dot").count() == 1
    other.close()


def test_filters_survive_a_reload(page, make_camera):
    open_map(page)
    page.locator('input[name="status"][value="pending"]').uncheck()
    page.goto(page.base_url + "/")  # the plain menu link: no hash
    page.wait_for_function("() => window.cameraMap !== undefined")
    assert page.locator('input[name="status"][value="pending"]').is_checked() is False


def test_camera_page_links_to_its_place_on_the_map(page, make_camera):
    cam = make_camera(*MONG_KOK)
    page.goto(page.base_url + cam.get_absolute_url())
    page.locator("a.view-on-map").click()
    page.wait_for_function("() => window.cameraMap !== undefined")
    page.wait_for_selector(f'.camera-popup[data-camera-id="{cam.pk}"]')


def test_locate_me_moves_the_view_and_sends_nothing(page, make_camera):
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": MONG_KOK[0], "longitude": MONG_KOK[1]})
    open_map(page)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.get_by_role("button", name="Locate me").click()
    page.wait_for_function("() => window.cameraMap.getZoom() >= 16")
    centre = page.evaluate("(() => { const c = window.cameraMap.getCenter(); return [c.lat, c.lng]; })()")
    assert abs(centre[0] - MONG_KOK[0]) < 0.0005 and abs(centre[1] - MONG_KOK[1]) < 0.0005
    settled(page)
    position = f"{MONG_KOK[0]}"[:7]
    assert not [url for url in requests if position in url or "lat=" in url]


def test_the_legend_can_be_hidden(page):
    open_map(page)
    page.wait_for_selector(".map-legend")
    page.get_by_role("button", name="Hide legend").click()
    assert not page.locator(".map-legend").is_visible()
    page.get_by_role("button", name="Show legend").click()
    assert page.locator(".map-legend").is_visible()


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def _phone_page(browser, live_server):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(live_server.url) else r.abort())
    return context, page


def test_phone_layout(browser, live_server, districts, make_camera):
    cam = make_camera(*MONG_KOK, kind=Camera.Kind.DOME)
    context, page = _phone_page(browser, live_server)
    try:
        page.goto(live_server.url + "/")
        page.wait_for_function("() => window.cameraMap !== undefined")
        page.wait_for_selector("path.district-E", state="attached")
        assert page.locator(".site-header").bounding_box()["height"] <= 90
        # All of Hong Kong fits on the screen at the start.
        assert page.evaluate(
            "window.cameraMap.getBounds().contains(L.latLngBounds([22.15, 113.83], [22.56, 114.44]))"
        )
        # The filters sit above the map, so their effect is in view.
        assert page.locator("#filters-section").bounding_box()["y"] < page.locator("#camera-map").bounding_box()["y"]
        # The legend can be hidden.
        page.wait_for_selector(".map-legend")
        page.get_by_role("button", name="Hide legend").tap()
        assert not page.locator(".map-legend").is_visible()
        # A popup is not clipped by the screen or hidden under the search box.
        page.evaluate(f"window.cameraMap.setView([{MONG_KOK[0]}, {MONG_KOK[1]}], 17, {{animate: false}})")
        page.wait_for_selector(f'.cam-dot[data-camera-id="{cam.pk}"]')
        page.evaluate(
            f"window.cameraMap.panTo([{MONG_KOK[0]} + 0.0012, {MONG_KOK[1]} + 0.0012], {{animate: false}})"
        )
        page.locator(f'.cam-dot[data-camera-id="{cam.pk}"]').tap()
        popup = page.locator(".leaflet-popup")
        popup.wait_for()
        page.wait_for_timeout(400)
        box = popup.bounding_box()
        map_box = page.locator("#camera-map").bounding_box()
        search = page.locator("#map-place-search").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert box["y"] >= search["y"] + search["height"] - 1
        assert box["y"] + box["height"] <= map_box["y"] + map_box["height"]
    finally:
        context.close()


@pytest.mark.parametrize("prefix", ["", "/zh-hant"])
def test_screenshots_desktop_and_phone(browser, live_server, districts, make_camera, artifacts, prefix):
    for i in range(6):
        make_camera(MONG_KOK[0] + i * 0.004, MONG_KOK[1] + (i % 3) * 0.01)
    lang = "zh" if prefix else "en"
    for size, options in (("desktop", {"viewport": {"width": 1280, "height": 900}}), ("phone", PHONE)):
        context = browser.new_context(**options)
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(live_server.url) else r.abort())
        try:
            page.goto(live_server.url + prefix + "/")
            page.wait_for_function("() => window.cameraMap !== undefined")
            page.wait_for_selector("path.district-E", state="attached")
            page.wait_for_function("() => document.getElementById('camera-map').dataset.camerasState === 'ready'")
            page.wait_for_timeout(400)
            page.screenshot(path=str(artifacts / f"map-ux-{size}-{lang}.png"))
        finally:
            context.close()
