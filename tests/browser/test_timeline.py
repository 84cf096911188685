"""The map's "as of" slider (cameras/map/timeline.js): the shading and the cameras of a past month."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.helpers import CENTRAL, MONG_KOK, marker, offset, open_map_at, settled

ZERO = "#f4f1ea"  # districts.js RAMP[0]: no cameras
DARKEST = "#8e1f3c"  # the district with the most


def months_ago(n: int) -> dt.datetime:
    """Midday on the 10th, n months before this Hong Kong month (whatever day the test runs)."""
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - n, 12)
    return dt.datetime(year, month + 1, 10, 4, tzinfo=dt.UTC)


def label(when: dt.datetime) -> str:
    return when.strftime("%Y-%m")


@pytest.fixture
def history(make_camera):
    """Mong Kok: one camera 9 months ago, one 6, one 3; Central: one 3 months ago."""
    made = {}
    for name, ago, where in [("old", 9, MONG_KOK), ("middle", 6, offset(*MONG_KOK, north_m=40)),
                             ("recent", 3, offset(*MONG_KOK, east_m=40)), ("central", 3, CENTRAL)]:
        when = months_ago(ago)
        made[name] = make_camera(*where, reported_at=when, published_at=when)
    return made


def slider_month(page) -> str:
    return page.locator('#timeline-section [data-timeline="label"]').inner_text()


def wait_month(page, month: str) -> None:
    page.wait_for_function(
        "(m) => document.querySelector('#timeline-section [data-timeline=label]').textContent === m", arg=month
    )
    settled(page)
    page.wait_for_function("(m) => (document.querySelector('.map-legend .legend-title') || {}).textContent"
                           " === (m === 'Now' ? 'Reported cameras' : 'Reported cameras, as of ' + m)", arg=month)


def fills(page) -> dict[str, str]:
    return dict(page.locator("path.district").evaluate_all(
        "els => els.map(e => [[...e.classList].find(c => /^district-[A-Z]+$/.test(c)).slice(9),"
        " e.getAttribute('fill')])"
    ))


def popup_reported(page, code: str) -> int:
    page.evaluate("""(code) => {
        window.cameraMap.eachLayer((l) => {
            if (l.feature && l.feature.properties.code === code && l.openPopup) l.openPopup();
        });
    }""", code)
    facts = page.locator(f'.district-popup[data-district-code="{code}"] .popup-facts')
    term = facts.locator("dt").filter(has_text=re.compile("^Reported cameras$"))
    value = term.locator("xpath=following-sibling::dd[1]").inner_text()
    page.evaluate("window.cameraMap.closePopup()")
    return int(value.replace(",", ""))


def assert_shading_matches_api(page, month: str | None) -> None:
    url = page.base_url + "/api/stats/districts.json" + (f"?as_of={month}" if month else "")
    totals = {d["code"]: d["total"] for d in page.request.get(url).json()["districts"]}
    shown = fills(page)
    assert set(shown) == set(totals)
    top = max(totals.values())
    for code, total in totals.items():
        assert (shown[code] == ZERO) == (total == 0), (code, total, shown[code])
        if total == top:
            assert shown[code] == DARKEST
    assert popup_reported(page, "E") == totals["E"]


def test_the_slider_shows_a_past_month_and_now_brings_back_today(page, history, artifacts):
    old, middle = label(months_ago(9)), label(months_ago(6))
    open_map_at(page, *MONG_KOK, zoom=17)
    page.wait_for_selector('#timeline-section[data-timeline-state="ready"]')
    for camera in history.values():
        if camera is not history["central"]:
            assert marker(page, camera).count() == 1
    assert slider_month(page) == "Now"

    # By keyboard: Home is the first month with cameras, each arrow a month on.
    slider = page.locator("#timeline-month")
    slider.focus()
    page.keyboard.press("Home")
    wait_month(page, old)
    assert marker(page, history["old"]).count() == 1
    assert marker(page, history["middle"]).count() == 0
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    wait_month(page, middle)
    assert slider.get_attribute("aria-valuetext") == middle
    assert marker(page, history["old"]).count() == 1 and marker(page, history["middle"]).count() == 1
    assert marker(page, history["recent"]).count() == 0
    assert f"asof={middle}" in page.evaluate("location.hash")
    notice = page.locator("#map-timeline-notice")
    assert notice.inner_text() == f"Cameras reported by the end of {middle}; district shading as of {middle}."
    # Central had nothing yet: unshaded, while Yau Tsim Mong's two are the most.
    page.screenshot(path=str(artifacts / "map-timeline-street.png"))
    assert_shading_matches_api(page, middle)
    assert fills(page)["A"] == ZERO

    # Zoomed out, the clusters (today's counts) go, and the notice says why.
    page.evaluate("window.cameraMap.setZoom(12, {animate: false})")
    settled(page)
    assert notice.inner_text() == f"Zoom in to see the cameras as of {middle}; district shading shows {middle}."
    assert page.locator(".marker-cluster").count() == 0
    page.screenshot(path=str(artifacts / "map-timeline-zoomed-out.png"))

    # Now: every camera, clusters and today's shading again, and no month in the link.
    page.get_by_role("button", name="Now", exact=True).click()
    wait_month(page, "Now")
    page.wait_for_selector(".marker-cluster")
    assert notice.is_hidden()
    assert "asof" not in page.evaluate("location.hash")
    assert fills(page)["A"] != ZERO
    assert_shading_matches_api(page, None)
    page.evaluate(f"window.cameraMap.setView([{MONG_KOK[0]}, {MONG_KOK[1]}], 17, {{animate: false}})")
    settled(page)
    assert marker(page, history["recent"]).count() == 1


def test_a_shared_link_restores_the_month(page, history):
    middle = label(months_ago(6))
    page.goto(page.base_url + f"/#map=17/{MONG_KOK[0]}/{MONG_KOK[1]}&asof={middle}")
    page.wait_for_selector('#timeline-section[data-timeline-state="ready"]')
    wait_month(page, middle)
    assert marker(page, history["middle"]).count() == 1 and marker(page, history["recent"]).count() == 0
    assert f"asof={middle}" in page.evaluate("location.hash")
    assert_shading_matches_api(page, middle)


def test_play_steps_through_the_months_and_pause_stops(page, history):
    old = months_ago(9)
    following = label(months_ago(8))
    open_map_at(page, *MONG_KOK, zoom=17)
    page.wait_for_selector('#timeline-section[data-timeline-state="ready"]')
    play = page.locator('#timeline-section [data-timeline="play"]')
    play.click()
    wait_month(page, label(old))
    assert play.inner_text() == "Pause"
    wait_month(page, following)
    play.click()
    assert play.inner_text() == "Play"
    page.wait_for_timeout(1500)  # a step would have come by now
    assert slider_month(page) == following
