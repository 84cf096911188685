"""The report page as people meet it (issue 13): context before the pin, your own
camera, the photo after a refusal, messages by the map, pasted links, the cone handle."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from mapsite.cameras.models import Camera
from tests.browser.test_report import open_report_page, pin_position, set_aside_refusals
from tests.conftest import MONG_KOK
from tests.photos.factories import jpeg_with_gps

pytestmark = pytest.mark.django_db(transaction=True)
MONG_KOK_STATION = (22.3193, 114.16935)


def test_existing_cameras_and_the_district_outline_show_before_any_pin(page, resident, make_camera):
    make_camera(*MONG_KOK_STATION)
    open_report_page(page)
    page.wait_for_selector("path.report-district", state="attached")
    page.fill("#report-place-input", "Mong Kok")
    page.wait_for_selector("#report-place-input-list [role=option]")
    page.keyboard.press("Enter")
    expect(page.locator("path.context-camera")).to_have_count(1)
    assert page.input_value("#id_latitude") == ""  # no pin was dropped


def test_your_own_camera_is_not_offered_for_confirming(page, resident, make_camera):
    own = make_camera(*MONG_KOK, reporter=resident)
    open_report_page(page)
    page.fill("#paste-coords", f"{MONG_KOK[0] + 0.00005}, {MONG_KOK[1]}")
    page.click("#paste-go")
    offer = page.locator(f'#nearby li[data-camera-id="{own.pk}"]')
    expect(offer).to_contain_text("You reported this camera")
    expect(offer.locator(".confirm-same")).to_have_count(0)


def test_a_refused_report_asks_for_the_photo_again(page, resident, tmp_path):
    open_report_page(page)
    photo = tmp_path / "camera.jpg"
    photo.write_bytes(jpeg_with_gps())
    page.fill("#id_latitude", "22.5410")
    page.fill("#id_longitude", "114.0550")
    page.set_input_files("#id_photo", str(photo))
    page.click("button[type=submit].primary")
    errors = page.locator("#report-errors")
    expect(errors).to_contain_text("This position is outside Hong Kong.")
    expect(errors).to_contain_text("Attach your photo again before you send.")
    assert Camera.objects.count() == 0
    page.wait_for_timeout(300)
    page.problems[:] = [p for p in page.problems if "status of 400" not in p]


def test_the_positions_message_is_by_the_map_and_in_view(page, resident):
    open_report_page(page)
    page.fill("#paste-coords", "22.5410, 114.0550")
    page.click("#paste-go")
    status = page.locator("#pin-status")
    expect(status).to_have_text("This position is outside Hong Kong.")
    assert status.evaluate("el => !!(el.compareDocumentPosition(document.getElementById('report-map')) & 4)")
    assert status.evaluate("el => el.getBoundingClientRect().bottom <= window.innerHeight")
    set_aside_refusals(page, 1)


@pytest.mark.parametrize(
    "pasted",
    ["https://www.google.com/maps/@22.3193,114.1694,17z", "https://www.openstreetmap.org/#map=18/22.3193/114.1694",
     "114.1694, 22.3193"],
)
def test_map_links_and_lon_lat_order_place_the_pin(page, resident, pasted):
    open_report_page(page)
    page.fill("#paste-coords", pasted)
    page.click("#paste-go")
    expect(page.locator("#pin-status")).to_contain_text("Yau Tsim Mong")
    assert pin_position(page) == (22.3193, 114.1694)


def test_the_cone_handle_is_labelled(page, resident):
    open_report_page(page)
    page.fill("#paste-coords", "22.3193, 114.1694")
    page.click("#paste-go")
    handle = page.locator(".cone-handle")
    handle.wait_for(state="attached")
    assert handle.get_attribute("aria-label") == "Drag to set the direction the camera faces"


def test_the_chinese_page_names_the_district_in_chinese_first(page, resident):
    open_report_page(page, "/zh-hant")
    page.fill("#paste-coords", "22.3193, 114.1694")
    page.click("#paste-go")
    expect(page.locator("#pin-status")).to_contain_text("油尖旺區 · Yau Tsim Mong")
