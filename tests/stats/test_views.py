"""The growth page (district chart and table, sortable, linked) and the chart partial on the
map's figures panel and on district pages."""

from __future__ import annotations

import re

import pytest

from mapsite.cameras.models import Camera
from tests.helpers import CENTRAL, MONG_KOK, SHA_TIN, text


@pytest.fixture
def spread(make_camera):
    """Mong Kok 3 cameras (1 verified), Sha Tin 2 (both verified), Central 1."""
    for status in (Camera.Status.VERIFIED, Camera.Status.PENDING, Camera.Status.PENDING):
        make_camera(*MONG_KOK, status=status)
    for _ in range(2):
        make_camera(*SHA_TIN, status=Camera.Status.VERIFIED)
    make_camera(*CENTRAL)


def table_codes(response) -> list[str]:
    return re.findall(r'<tr data-code="(\w)">', response.content.decode())


def test_growth_page_sorts_districts_by_each_measure(client, spread):
    by_total = client.get("/stats/")
    assert by_total.status_code == 200
    assert table_codes(by_total)[:3] == ["E", "R", "A"]
    assert table_codes(client.get("/stats/?sort=verified"))[:3] == ["R", "E", "A"]
    assert len(table_codes(by_total)) == 18
    page = by_total.content.decode()
    # The bars link to the district pages, as the table does.
    assert page.count('href="/districts/e/"') == 2
    assert "Cameras over time" in text(by_total)


def test_growth_page_refuses_an_unknown_sort(client, districts):
    response = client.get("/stats/?sort=colour")
    assert response.status_code == 400
    assert "cannot be sorted that way" in text(response)


def test_growth_page_answers_get_only(client, districts):
    assert client.post("/stats/").status_code == 405


def test_growth_page_in_chinese(client, spread):
    response = client.get("/zh-hant/stats/")
    assert response.status_code == 200
    assert "油尖旺區" in text(response)


def test_map_panel_and_district_page_carry_the_chart_and_its_table(client, spread):
    home = client.get("/")
    assert 'class="stats-timeline stats-compact"' in home.content.decode()
    assert "Cameras on this site by the end of each month" in text(home)
    district = client.get("/districts/e/")
    page = district.content.decode()
    assert "Cameras in Yau Tsim Mong over time" in text(district)
    assert 'href="/districts/e/feed.atom"' in page
    assert "/api/stats/timeline.json?district=E" in page
    assert page.count('<script type="module" src="/static/stats/timeline.js"') == 1
