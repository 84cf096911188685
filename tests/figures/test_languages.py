"""Official figures read in the visitor's language: programme names and summaries (issue 13, item 8)."""

from __future__ import annotations

import re

import pytest

from mapsite.figures.models import OfficialFigure
from tests.helpers import text


def test_every_figure_in_the_fixture_has_its_chinese_text(figures):
    assert not OfficialFigure.objects.filter(programme_zh="").exists()
    assert not OfficialFigure.objects.filter(summary_zh="").exists()


@pytest.mark.parametrize(
    ("path", "expected", "absent"),
    [
        ("/figures/", "Phase 1: 615 locations across the 18 districts", "第一階段：全港18區615個地點"),
        ("/zh-hant/figures/", "第一階段：全港18區615個地點", "Phase 1: 615 locations across the 18 districts"),
        ("/zh-hant/", "「銳眼」", "SmartView ·"),
        ("/zh-hant/districts/E/", "旺角7個地點已裝15組", "15 sets installed in Mong Kok"),
    ],
)
def test_pages_show_figures_in_the_active_language(client, figures, path, expected, absent):
    # What the page shows: the charts' JSON carries both languages for the browser to pick from.
    body = re.sub(r"<script[^>]*>.*?</script>", "", text(client.get(path)), flags=re.S)
    assert expected in body
    assert absent not in body


def test_the_districts_api_carries_figures_in_both_languages(client, figures):
    """The API is cached once for every visitor, so it carries both and the map picks."""
    body = client.get("/api/districts.geojson").json()
    listed = [fig for f in body["features"] for fig in f["properties"]["official_figures"]]
    mong_kok = [fig for fig in listed if fig["date"] == "2024-04-17"]
    assert mong_kok[0]["summary"].startswith("15 sets installed in Mong Kok")
    assert mong_kok[0]["summary_zh"] == "旺角7個地點已裝15組（豉油街／上海街、朗豪坊、先達廣場、花園街）"
    assert (mong_kok[0]["programme"], mong_kok[0]["programme_zh"]) == ("SmartView", "「銳眼」")


def test_the_tile_credit_follows_the_page_language(client, db):
    """django-leaflet writes the map options as JSON, so the credit is looked for as JSON."""
    english = client.get("/").content.decode()
    chinese = client.get("/zh-hant/").content.decode()
    credit = 'OpenStreetMap</a> {}", "maxZoom"'
    assert credit.format("contributors") in english
    assert credit.format(r"\u8ca2\u737b\u8005") in chinese  # 貢獻者


@pytest.mark.parametrize(
    ("path", "aside"),
    [("/districts/E/", "(2024-04-17, SmartView)"), ("/zh-hant/districts/E/", "（2024-04-17、「銳眼」）")],
)
def test_a_figures_date_and_programme_are_bracketed_in_the_pages_language(client, figures, path, aside):
    assert aside in text(client.get(path))
