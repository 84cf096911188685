"""A resident reports a camera in a real browser; a pin in Shenzhen is refused."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from mapsite.cameras.models import Camera
from mapsite.photos.models import Photo
from tests.conftest import PASSWORD
from tests.photos.factories import jpeg_with_gps

pytestmark = pytest.mark.django_db(transaction=True)


def sign_up(page, username: str) -> None:
    page.goto(page.base_url + "/accounts/signup/?next=/report/")
    page.fill("#id_username", username)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    # The sign-up's proof-of-work challenge: tick, and wait for the browser to solve it.
    page.locator("altcha-widget input[type=checkbox]").click()
    page.wait_for_selector("altcha-widget [data-state=verified]")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/report/$"))
    page.wait_for_selector("#report-map.leaflet-container")


def pin_position(page) -> tuple[float, float]:
    return float(page.input_value("#id_latitude")), float(page.input_value("#id_longitude"))


def center_of(page, selector: str) -> tuple[float, float]:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_resident_signs_up_reports_a_camera_with_a_photo_and_sees_it_on_the_map(page, artifacts):
    sign_up(page, "lamppostwatcher")

    # Go to Mong Kok by pasting coordinates, then place the pin with a click.
    page.fill("#paste-coords", "22.3193, 114.1694")
    page.click("#paste-go")
    expect(page.locator("#pin-status")).to_contain_text("Yau Tsim Mong")
    map_box = page.locator("#report-map").bounding_box()
    page.mouse.click(map_box["x"] + map_box["width"] / 2 - 60, map_box["y"] + map_box["height"] / 2 + 40)
    expect(page.locator("#pin-status")).to_contain_text("Yau Tsim Mong")
    expect(page.locator("#pin-status")).to_contain_text("油尖旺區")
    lat, lon = pin_position(page)
    assert (lat, lon) != (22.3193, 114.1694)
    assert abs(lat - 22.3193) < 0.003 and abs(lon - 114.1694) < 0.003

    # Drag the cone's handle from north of the pin round to its east: the direction follows.
    assert page.input_value("#id_direction") == ""
    expect(page.locator("path.view-cone")).to_have_count(0)
    pin_box = page.locator(".leaflet-marker-icon:not(.cone-handle)").bounding_box()
    pin_x, pin_y = pin_box["x"] + pin_box["width"] / 2, pin_box["y"] + pin_box["height"]  # the icon's tip
    handle_x, handle_y = center_of(page, ".cone-handle")
    assert handle_y < pin_y  # starts north of the pin
    page.mouse.move(handle_x, handle_y)
    page.mouse.down()
    page.mouse.move(handle_x + 40, handle_y + 20, steps=5)
    page.mouse.move(pin_x + 80, pin_y, steps=10)
    page.mouse.up()
    direction = int(page.input_value("#id_direction"))
    assert 70 <= direction <= 100
    expect(page.locator("path.view-cone")).to_have_count(1)
    # The compass input drives the cone too.
    page.fill("#id_direction", "95")
    page.dispatch_event("#id_direction", "input")

    page.select_option("#id_kind", "dome")
    page.select_option("#id_operator", "police")
    page.select_option("#id_mount", "pole")
    page.fill("#id_notes", "Above the bus stop, facing the crossing")
    page.set_input_files(
        "#id_photo", files=[{"name": "camera.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}]
    )
    page.screenshot(path=str(artifacts / "report-form.png"), full_page=True)
    page.click("button[type=submit].primary")

    page.wait_for_url(re.compile(r"/cameras/\d+/$"))
    expect(page.locator(".messages")).to_contain_text("Thank you")
    camera = Camera.objects.get()
    assert camera.status == Camera.Status.PENDING
    assert camera.reporter.username == "lamppostwatcher"
    assert (camera.kind, camera.operator, camera.mount, camera.direction) == ("dome", "police", "pole", 95)
    assert camera.latitude == pytest.approx(lat, abs=1e-6) and camera.longitude == pytest.approx(lon, abs=1e-6)
    assert Photo.objects.get(camera=camera).status == Photo.Status.PENDING

    check_on_public_map(page, camera, artifacts)

    page.goto(page.base_url + "/report/mine/")
    expect(page.locator("table.my-sightings")).to_contain_text("Dome")
    expect(page.locator("table.my-sightings")).to_contain_text("Pending")


def check_on_public_map(page, camera, artifacts) -> None:
    """The new camera is on the public map at once, drawn as pending, and its popup shows its details."""
    page.goto(page.base_url + "/")
    page.wait_for_function("() => window.cameraMap !== undefined")
    page.evaluate(f"window.cameraMap.setView([{camera.latitude}, {camera.longitude}], 17, {{animate: false}})")
    page.wait_for_function("() => document.getElementById('camera-map').dataset.camerasState === 'ready'")
    marker = page.locator(f'.cam-dot[data-camera-id="{camera.pk}"]')
    marker.wait_for()
    assert marker.evaluate("el => el.parentElement.classList.contains('cam-status-pending')")
    assert marker.evaluate("el => el.parentElement.classList.contains('cam-kind-dome')")
    marker.click()
    popup = page.locator(f'.camera-popup[data-camera-id="{camera.pk}"]')
    popup.wait_for()
    text = popup.inner_text()
    assert "Dome" in text and "Police" in text and "Pending" in text
    assert "Above the bus stop, facing the crossing" in text
    # The day in Hong Kong, worked out here rather than by the property under test.
    assert camera.reported_at.astimezone(ZoneInfo("Asia/Hong_Kong")).date().isoformat() in text
    assert "95" in text  # the direction set by the cone
    assert "lamppostwatcher" not in text  # the reporter is never shown
    assert popup.locator("a.popup-link").get_attribute("href") == f"/cameras/{camera.pk}/"
    page.screenshot(path=str(artifacts / "report-public-map.png"))


def open_report_page(page, language_prefix: str = "") -> None:
    """Log in as the resident and land on the report page, in English or under a language prefix."""
    page.goto(f"{page.base_url}{language_prefix}/accounts/login/?next={language_prefix}/report/")
    page.fill("#id_username", "resident")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(rf"{language_prefix}/report/$"))
    page.wait_for_selector("#report-map.leaflet-container")


def set_aside_refusals(page, count: int) -> None:
    """Chromium logs every 4xx as a console error; wait for the expected refusals and set them aside.

    Console messages arrive asynchronously, so wait for all of them first."""
    expected = "status of 400 (Bad Request)"
    for _ in range(50):
        if sum(expected in p for p in page.problems) >= count:
            break
        page.wait_for_timeout(100)
    assert sum(expected in p for p in page.problems) == count
    page.problems[:] = [p for p in page.problems if expected not in p]


def test_a_pin_in_shenzhen_is_refused_with_a_visible_message(page, resident):
    open_report_page(page)

    page.fill("#paste-coords", "22.5410, 114.0550")
    page.click("#paste-go")
    status = page.locator("#pin-status")
    expect(status).to_have_text("This position is outside Hong Kong.")
    expect(status).to_be_visible()
    expect(status).to_have_attribute("data-state", "error")
    assert pin_position(page) == (22.541, 114.055)

    # Submitting anyway is refused by the server too, with the pin kept where it was.
    page.click("button[type=submit].primary")
    errors = page.locator("#report-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text("This position is outside Hong Kong.")
    assert pin_position(page) == (22.541, 114.055)
    assert Camera.objects.count() == 0
    # The refusals were the point: the check after pasting, the refused form, the re-check of the kept pin.
    set_aside_refusals(page, 3)


def test_the_chinese_report_page_shows_the_servers_refusal_in_chinese(page, resident):
    open_report_page(page, "/zh-hant")

    page.fill("#paste-coords", "22.5410, 114.0550")
    page.click("#paste-go")
    # The message comes from /api/locate, which has no language prefix of its own.
    expect(page.locator("#pin-status")).to_have_text("此位置在香港境外。")
    set_aside_refusals(page, 1)


def test_use_my_location_moves_the_pin_and_sends_nothing_until_asked(page, resident):
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 22.3817, "longitude": 114.1880, "accuracy": 10})
    open_report_page(page)
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url) if "/api/" in request.url else None)

    page.click("#use-location")
    expect(page.locator("#check-position")).to_be_visible()
    assert pin_position(page) == (22.3817, 114.188)
    expect(page.locator("#pin-status")).to_contain_text("Nothing has been sent yet")
    page.wait_for_timeout(300)
    assert sent == []  # the device's position went nowhere

    page.click("#check-position")
    expect(page.locator("#pin-status")).to_contain_text("Sha Tin")
    assert len(sent) == 1 and "lat=22.381700" in sent[0]


def test_a_camera_within_15_m_is_offered_live_and_a_different_one_can_still_be_reported(page, resident, make_camera):
    existing = make_camera(22.3193, 114.1694, kind=Camera.Kind.ANPR)
    open_report_page(page)
    expect(page.locator("#different-wrap")).to_be_hidden()

    page.fill("#paste-coords", "22.31935, 114.16945")  # about 7 m away
    page.click("#paste-go")
    offer = page.locator(f'#nearby li[data-camera-id="{existing.pk}"]')
    expect(offer).to_contain_text("Licence-plate reader (ANPR)")
    expect(offer.locator(".confirm-same")).to_have_text("This is the same camera: confirm it")
    expect(page.locator("path.nearby-camera")).to_have_count(1)
    expect(page.locator("#different-wrap")).to_be_visible()

    page.check("#id_confirm_different")
    page.click("button[type=submit].primary")
    page.wait_for_url(re.compile(r"/cameras/\d+/$"))
    assert Camera.objects.count() == 2
