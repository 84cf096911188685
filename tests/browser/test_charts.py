"""The growth chart draws under the site's CSP, and its table says what the API says."""

from __future__ import annotations

import datetime as dt

import pytest

from mapsite.cameras.models import Camera
from tests.helpers import CENTRAL, MONG_KOK

UTC = dt.UTC


@pytest.fixture
def history(districts, figures):
    def make(lat_lon, published, **fields):
        lat, lon = lat_lon
        code = "E" if lat_lon == MONG_KOK else "A"
        return Camera.objects.create(latitude=lat, longitude=lon, district=districts[code], published_at=published,
                                     **fields)

    make(MONG_KOK, dt.datetime(2025, 11, 3, tzinfo=UTC))
    make(MONG_KOK, dt.datetime(2026, 1, 20, tzinfo=UTC), status=Camera.Status.VERIFIED,
         verified_at=dt.datetime(2026, 2, 2, tzinfo=UTC))
    make(CENTRAL, dt.datetime(2026, 2, 14, tzinfo=UTC), source=Camera.Source.OFFICIAL, status=Camera.Status.VERIFIED)


def painted(page, selector: str) -> int:
    """How many pixels of the chart's canvas are not blank."""
    return page.evaluate(
        """(selector) => {
            const canvas = document.querySelector(selector);
            const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
            let n = 0;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) n++;
            return n;
        }""",
        selector,
    )


def table(page, figure: str) -> tuple[list[str], list[list[int]]]:
    rows = page.locator(f"{figure} .stats-timeline-table tbody tr")
    months = [rows.nth(i).locator("th").inner_text() for i in range(rows.count())]
    cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count())]
    values = [[int(td.replace(",", "")) for td in row] for row in cells]
    return months, values


@pytest.mark.parametrize(("path", "api", "now", "shot"), [
    ("/stats/", "/api/stats/timeline.json", [3, 2, 2, 1], "chart-stats.png"),
    ("/districts/e/", "/api/stats/timeline.json?district=E", [2, 2, 1, 0], "chart-district.png"),
])
def test_chart_is_drawn_and_its_table_matches_the_api(page, history, artifacts, path, api, now, shot):
    page.goto(page.base_url + path)
    page.wait_for_selector("figure.stats-timeline .stats-chart canvas")
    assert painted(page, "figure.stats-timeline .stats-chart canvas") > 1000
    legend = page.locator("figure.stats-timeline .u-legend").inner_text()
    assert "Reported by residents" in legend
    data = page.request.get(page.base_url + api).json()
    months, values = table(page, "figure.stats-timeline")
    assert months == data["months"]
    assert values == [[s["cumulative"][i] for s in data["series"]] for i in range(len(data["months"]))]
    assert values[-1] == now  # total, residents, verified, official
    page.locator("figure.stats-timeline").screenshot(path=str(artifacts / shot))


def test_chart_on_the_map_panel(page, history):
    page.goto(page.base_url + "/")
    page.wait_for_selector("#territory-figures figure.stats-compact .stats-chart canvas")
    assert painted(page, "#territory-figures .stats-chart canvas") > 1000
    months, values = table(page, "#territory-figures figure.stats-timeline")
    assert months[0] == "2024-07" and values[-1] == [3, 2, 2, 1]


def test_chart_in_chinese(page, history, artifacts):
    page.goto(page.base_url + "/zh-hant/stats/")
    page.wait_for_selector("figure.stats-timeline .stats-chart canvas")
    assert page.locator("html").get_attribute("lang") == "zh-Hant-HK"
    assert page.locator("figure.stats-timeline .u-legend").inner_text()  # labels came through
    # The time axis is drawn on the canvas with the month names the page's language gives.
    script = page.locator('script[src*="stats/timeline"]').get_attribute("src")
    names = page.evaluate("(src) => import(src).then((m) => m.dateNames(document.documentElement.lang))", script)
    assert names["MMM"][4] == "5月" and names["WWW"][0] == "週日"
    page.locator("figure.stats-timeline").screenshot(path=str(artifacts / "chart-stats-zh.png"))
