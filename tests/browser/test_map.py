"""The public map in a real browser (tiles blocked; see conftest)."""

import datetime as dt

from django.utils import timezone

from mapsite.cameras.models import Camera
from tests.conftest import CENTRAL, MONG_KOK, SHA_TIN
from tests.helpers import click_at, open_map, settled, zoom_to

XSS = "<img src=x onerror=alert(1)>"
# Somewhere in Yau Tsim Mong (E) with no test camera on it.
YAU_MA_TEI = (22.3080, 114.1700)


def test_map_draws_markers_from_seeded_cameras(page, make_camera, artifacts):
    cams = [
        make_camera(*MONG_KOK, kind=Camera.Kind.DOME, status=Camera.Status.VERIFIED, direction=45),
        make_camera(*CENTRAL, kind=Camera.Kind.ANPR, operator=Camera.Operator.TRANSPORT),
        make_camera(*SHA_TIN, kind=Camera.Kind.SMARTVIEW, operator=Camera.Operator.POLICE),
        make_camera(22.3005, 114.1720, kind=Camera.Kind.TRAFFIC, reported_at=timezone.now() - dt.timedelta(days=800)),
    ]
    make_camera(MONG_KOK[0] + 0.003, MONG_KOK[1], status=Camera.Status.REJECTED)
    open_map(page)
    page.wait_for_selector(".cam-dot, .marker-cluster")
    # Zoomed out, clusters and single markers together account for every public camera.
    shown = page.evaluate(
        """() => document.querySelectorAll('.cam-dot').length
             + document.querySelectorAll('.marker-cluster-one').length
             + [...document.querySelectorAll('.marker-cluster span')].reduce((n, s) => n + Number(s.textContent), 0)"""
    )
    assert shown == 4
    # Close enough in Kowloon that each camera is its own marker.
    zoom_to(page, 22.31, 114.171, 15)
    for cam in cams[:1] + cams[3:]:
        page.wait_for_selector(f'[data-camera-id="{cam.pk}"]')
    assert page.locator(f'[data-camera-id="{cams[0].pk}"]').evaluate(
        "el => el.parentElement.classList.contains('cam-status-verified')"
    )
    stale = page.locator(f'[data-camera-id="{cams[3].pk}"]')
    assert stale.evaluate("el => el.parentElement.classList.contains('cam-stale')")
    assert float(stale.evaluate("el => getComputedStyle(el).opacity")) < 1
    fresh = page.locator(f'[data-camera-id="{cams[0].pk}"]')
    assert float(fresh.evaluate("el => getComputedStyle(el).opacity")) == 1
    # The rejected camera is never drawn.
    assert page.locator(".cam-dot").count() == 2
    # At zoom 17 a camera with a direction shows its view cone.
    zoom_to(page, *MONG_KOK, 17)
    page.wait_for_selector("path.cam-cone")
    zoom_to(page, 22.33, 114.17, 11)
    page.wait_for_timeout(600)
    page.screenshot(path=str(artifacts / "map.png"))
    assert page.blocked == [] or all("tile" in url or "openstreetmap" in url for url in page.blocked)


def test_camera_popup_shows_details_and_link(page, make_camera, artifacts):
    cam = make_camera(
        *MONG_KOK, kind=Camera.Kind.PTZ, operator=Camera.Operator.MTR, notes="Above exit B2", direction=180
    )
    open_map(page)
    zoom_to(page, *MONG_KOK, 17)
    page.locator(f'.cam-dot[data-camera-id="{cam.pk}"]').click()
    popup = page.locator(f'.camera-popup[data-camera-id="{cam.pk}"]')
    popup.wait_for()
    text = popup.inner_text()
    assert "Pan-tilt-zoom" in text and "MTR" in text and "Pending" in text
    assert "Above exit B2" in text
    assert "Where it comes from" in text and "Reported by a resident" in text
    assert timezone.localdate(cam.reported_at).isoformat() in text
    assert "Not yet confirmed" in text
    assert popup.locator("a.popup-link").get_attribute("href") == f"/cameras/{cam.pk}/"
    page.locator("path.cam-cone").wait_for()
    page.wait_for_timeout(400)  # the popup fades in
    page.screenshot(path=str(artifacts / "map-camera-popup.png"))


def test_popup_stays_open_while_the_map_pans(page, make_camera):
    cam = make_camera(*MONG_KOK)
    open_map(page)
    zoom_to(page, *MONG_KOK, 17)
    page.locator(f'.cam-dot[data-camera-id="{cam.pk}"]').click()
    page.locator(".camera-popup").wait_for()
    page.evaluate("window.__closed = false; window.cameraMap.on('popupclose', () => { window.__closed = true; })")
    # Wait for the reload the pan causes (an event, not the short-lived "pending" state: the
    # tiles are cached, so pending may last less than one of Playwright's polls).
    page.evaluate(
        "window.__loaded = false; document.addEventListener('cameras:loaded', () => { window.__loaded = true; })"
    )
    page.evaluate("window.cameraMap.panBy([60, 40], {animate: false})")
    page.wait_for_function("() => window.__loaded")
    settled(page)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__closed") is False
    assert page.locator(f'.camera-popup[data-camera-id="{cam.pk}"]').count() == 1


def test_notes_with_html_are_shown_literally_and_run_nothing(page, make_camera):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    cam = make_camera(*MONG_KOK, notes=XSS)
    open_map(page)
    zoom_to(page, *MONG_KOK, 17)
    page.locator(f'.cam-dot[data-camera-id="{cam.pk}"]').click()
    notes = page.locator(f'.camera-popup[data-camera-id="{cam.pk}"] .popup-notes')
    notes.wait_for()
    assert notes.inner_text() == XSS
    assert page.locator(".camera-popup img").count() == 0
    page.wait_for_timeout(300)
    assert dialogs == []


def test_camera_popup_event_lets_other_scripts_extend_it(page, make_camera):
    cam = make_camera(*MONG_KOK)
    open_map(page)
    page.evaluate(
        """document.addEventListener("camera:popup", (e) => {
             const b = document.createElement("button");
             b.className = "added-by-test";
             b.textContent = "extra " + e.detail.feature.properties.id;
             e.detail.element.appendChild(b);
           })"""
    )
    zoom_to(page, *MONG_KOK, 17)
    page.locator(f'.cam-dot[data-camera-id="{cam.pk}"]').click()
    assert page.locator(".camera-popup .added-by-test").inner_text() == f"extra {cam.pk}"


def test_filters_refetch_without_reloading(page, make_camera):
    dome = make_camera(*MONG_KOK, kind=Camera.Kind.DOME)
    anpr = make_camera(MONG_KOK[0] + 0.0008, MONG_KOK[1], kind=Camera.Kind.ANPR, status=Camera.Status.VERIFIED)
    open_map(page)
    zoom_to(page, *MONG_KOK, 17)
    page.wait_for_selector(f'[data-camera-id="{dome.pk}"]')
    page.wait_for_selector(f'[data-camera-id="{anpr.pk}"]')
    page.evaluate("window.__sameDocument = true")

    with page.expect_response(lambda r: "/api/tiles/" in r.url and "kind=" in r.url):
        page.locator('input[name="kind"][value="dome"]').uncheck()
    page.wait_for_selector(f'[data-camera-id="{dome.pk}"]', state="detached")
    assert page.locator(f'[data-camera-id="{anpr.pk}"]').count() == 1

    with page.expect_response(lambda r: "/api/tiles/" in r.url and "status=pending" in r.url):
        page.locator('input[name="status"][value="verified"]').uncheck()
    page.wait_for_selector(f'[data-camera-id="{anpr.pk}"]', state="detached")
    assert page.evaluate("window.__sameDocument") is True


def test_cameras_changed_event_reloads(page, make_camera):
    open_map(page)
    zoom_to(page, *MONG_KOK, 16)
    cam = make_camera(*MONG_KOK)
    page.evaluate('document.dispatchEvent(new CustomEvent("cameras:changed"))')
    page.wait_for_selector(f'[data-camera-id="{cam.pk}"]')


def test_district_click_shows_its_counts(page, make_camera, figures, artifacts):
    make_camera(22.3193, 114.1694, status=Camera.Status.VERIFIED)
    make_camera(22.3200, 114.1700)
    make_camera(22.3210, 114.1710, status=Camera.Status.REJECTED)
    open_map(page)
    zoom_to(page, *YAU_MA_TEI, 14)
    click_at(page, *YAU_MA_TEI)
    popup = page.locator('.district-popup[data-district-code="E"]')
    popup.wait_for()
    text = popup.inner_text()
    assert "Yau Tsim Mong" in text and "油尖旺區" in text
    assert "Reported cameras\n2" in text or "Reported cameras\t2" in text
    assert "Verified cameras\n1" in text or "Verified cameras\t1" in text
    # Its official figures, each with a source link.
    assert "camera sets" in text
    assert popup.locator("a.popup-source").count() >= 1
    assert popup.locator("a.popup-link").get_attribute("href") == "/districts/e/"
    page.wait_for_timeout(400)  # the popup fades in
    page.screenshot(path=str(artifacts / "map-district-popup.png"))


def test_shading_switch_and_legend(page, make_camera):
    make_camera(*MONG_KOK)
    open_map(page)
    legend = page.locator(".map-legend")
    assert "Reported cameras" in legend.inner_text()
    before = page.locator("path.district-E").get_attribute("fill")
    page.locator('input[name="shading"][value="per_km2"]').check()
    assert "per km²" in legend.inner_text()
    assert page.locator("path.district-E").get_attribute("fill") == before  # the only district with cameras
    assert page.locator("path.district-R").get_attribute("fill") != before


def test_layer_control_turns_layers_off(page, make_camera):
    make_camera(*MONG_KOK)
    open_map(page)
    page.wait_for_selector(".cam-dot, .marker-cluster")
    page.get_by_label("Districts").uncheck()
    page.wait_for_selector("path.district-E", state="detached")
    # The shading's part of the legend goes; the key to the two kinds of marker stays.
    assert page.locator(".map-legend .legend-title").count() == 0
    assert page.locator(".map-legend .legend-markers").count() == 1
    page.get_by_label("Districts").check()
    page.wait_for_selector("path.district-E", state="attached")
    page.locator(".map-legend").wait_for()
    page.get_by_label("Districts").uncheck()
    page.get_by_label("Cameras", exact=True).uncheck()
    page.wait_for_selector(".cam-dot, .marker-cluster", state="detached")


def test_language_switch_turns_the_page_chinese(page, districts):
    open_map(page)
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator('.lang-switch a[data-lang="zh-hant"]').click()
    page.wait_for_url("**/zh-hant/")
    assert page.locator("html").get_attribute("lang") == "zh-Hant-HK"
    page.wait_for_function("() => window.cameraMap !== undefined")
    page.wait_for_selector("path.district-E", state="attached")
    zoom_to(page, *YAU_MA_TEI, 14)
    click_at(page, *YAU_MA_TEI)
    title = page.locator('.district-popup[data-district-code="E"] .popup-title')
    assert title.inner_text() == "油尖旺區"
    assert page.locator(".district-popup a.popup-link").get_attribute("href") == "/zh-hant/districts/e/"


def test_phone_sized_screen(browser, live_server, districts, make_camera, artifacts):
    cam = make_camera(*MONG_KOK, kind=Camera.Kind.DOME)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(live_server.url) else r.abort())
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console", lambda msg: msg.type == "error" and "net::ERR_FAILED" not in msg.text and errors.append(msg.text)
    )
    try:
        page.goto(live_server.url + "/")
        page.wait_for_function("() => window.cameraMap !== undefined")
        page.wait_for_selector("path.district-E", state="attached")
        page.screenshot(path=str(artifacts / "map-phone.png"), full_page=True)
        box = page.locator("#camera-map").bounding_box()
        assert box["width"] >= 380 and box["height"] >= 300
        # No horizontal scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # The panels start collapsed under the map, and open on a tap.
        filters = page.locator("#filters-section")
        assert filters.evaluate("el => el.open") is False
        filters.locator("summary").tap()
        dome = page.locator('input[name="kind"][value="dome"]')
        dome.scroll_into_view_if_needed()
        page.evaluate(f"window.cameraMap.setView([{MONG_KOK[0]}, {MONG_KOK[1]}], 17, {{animate: false}})")
        page.wait_for_selector(f'[data-camera-id="{cam.pk}"]', state="attached")
        dome.tap()
        assert dome.is_checked() is False
        page.wait_for_selector(f'[data-camera-id="{cam.pk}"]', state="detached")
        # The layer control starts folded away on a phone, and opens on a tap.
        page.evaluate("window.scrollTo(0, 0)")
        assert not page.get_by_label("Districts").is_visible()
        page.locator(".leaflet-control-layers-toggle").tap()
        page.get_by_label("Districts").wait_for(state="visible")
    finally:
        context.close()
    assert errors == []
