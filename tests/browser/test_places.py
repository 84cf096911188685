"""Place search on the map and the report page, in English and Chinese, by keyboard."""

from __future__ import annotations

import pytest

from tests.browser.test_report import open_report_page
from tests.conftest import MONG_KOK
from tests.helpers import open_map, settled


def centre(page):
    return page.evaluate("(() => { const c = window.cameraMap.getCenter(); return [c.lat, c.lng]; })()")


@pytest.mark.parametrize(("prefix", "typed", "first"), [("", "Mong Kok", "Mong Kok"), ("/zh-hant", "旺角", "旺角")])
def test_typing_a_station_suggests_it_and_enter_goes_there(page, prefix, typed, first):
    open_map(page, prefix + "/")
    box = page.locator("#map-place-input")
    box.fill(typed)
    options = page.locator("#map-place-input-list [role=option]")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    assert options.first.inner_text().startswith(first)
    page.keyboard.press("ArrowDown")
    assert options.first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.cameraMap.getZoom() === 16")
    settled(page)
    lat, lon = centre(page)
    assert abs(lat - MONG_KOK[0]) < 0.002 and abs(lon - MONG_KOK[1]) < 0.002
    assert box.get_attribute("aria-expanded") == "false"


def test_arrow_keys_choose_a_later_suggestion(page):
    open_map(page)
    page.locator("#map-place-input").fill("Sha Tin")
    options = page.locator("#map-place-input-list [role=option]")
    options.nth(1).wait_for()
    second = options.nth(1).inner_text()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert page.locator("#map-place-input").input_value() == second.split(" · ")[0].split("\n")[0]


def test_a_district_shows_whole(page):
    open_map(page)
    page.locator("#map-place-input").fill("沙田區")
    page.locator("#map-place-input-list [role=option]").first.wait_for()
    page.keyboard.press("Enter")
    page.wait_for_function("() => window.cameraMap.getZoom() >= 11 && window.cameraMap.getZoom() <= 14")
    lat, lon = centre(page)
    assert 22.35 < lat < 22.45 and 114.15 < lon < 114.28


def test_no_match_says_so(page):
    open_map(page)
    page.locator("#map-place-input").fill("zzzzqqq")
    none = page.locator("#map-place-input-list .place-none")
    none.wait_for()
    assert "No place" in none.inner_text()


def test_the_report_page_search_moves_the_map_in_chinese(page, resident):
    open_report_page(page, "/zh-hant")
    page.fill("#report-place-input", "旺角")
    page.locator("#report-place-input-list [role=option]").first.wait_for()
    assert "旺角" in page.locator("#report-place-input-list [role=option]").first.inner_text()
    page.keyboard.press("Enter")
    assert page.input_value("#report-place-input") == "旺角"
    assert page.locator("#report-place-input").get_attribute("aria-expanded") == "false"
    assert page.input_value("#id_latitude") == ""  # the map moved; the pin is still the resident's to place
