import json
import re

import pytest

from tests.helpers import fetched_elsewhere


def json_script(html: str, element_id: str):
    match = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S)
    assert match, f"no json_script #{element_id}"
    return json.loads(match.group(1))


@pytest.fixture
def page_html(client, figures):
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_home_page_is_the_map(page_html):
    assert 'id="camera-map"' in page_html
    assert re.search(r'<script type="module" src="[^"]*cameras/map/main.js" nonce="[^"]+"', page_html)
    assert "leaflet/leaflet.js" in page_html
    assert "leaflet-markercluster/leaflet.markercluster.js" in page_html


def test_leaflet_and_scripts_served_locally_with_a_nonce(page_html):
    assert fetched_elsewhere(page_html) == []
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)([^>]*)>", page_html)
    assert inline, "the leaflet_map initialiser is inline"
    assert all("nonce=" in attrs for attrs in inline)


def test_no_inline_style_attributes(page_html):
    assert not re.search(r"\sstyle=", page_html)


def test_filters_for_every_kind_operator_and_public_status(page_html):
    from mapsite.cameras.models import Camera

    for value in Camera.Kind.values:
        assert f'name="kind" value="{value}"' in page_html
    for value in Camera.Operator.values:
        assert f'name="operator" value="{value}"' in page_html
    assert 'name="status" value="pending"' in page_html
    assert 'name="status" value="verified"' in page_html
    assert 'value="rejected"' not in page_html


def test_shading_switch(page_html):
    assert 'name="shading" value="reported_count" checked' in page_html
    assert 'name="shading" value="per_km2"' in page_html


def test_territory_figures_latest_first_with_sources(page_html, figures):
    territory = sorted(
        (f for f in figures if f.scope == "territory"), key=lambda f: (f.reported_on, f.figure), reverse=True
    )
    section = page_html[page_html.index('id="territory-figures"') :]
    positions = [section.index(f.source_title.replace("&", "&amp;")) for f in territory[:3]]
    assert positions == sorted(positions)
    assert territory[0].url in section
    assert "2–3 cameras" in section


def test_labels_and_config_passed_to_the_script(page_html):
    labels = json_script(page_html, "map-labels")
    assert labels["kind"]["anpr"] == "Licence-plate reader (ANPR)"
    assert labels["status"] == {"pending": "Pending", "verified": "Verified"}
    assert labels["text"]["camera_page"] == "Camera page"
    config = json_script(page_html, "map-config")
    assert config["cameras_url"] == "/api/cameras.geojson"
    assert config["districts_url"] == "/api/districts.geojson"
    assert config["camera_url"] == "/cameras/{pk}/"
    assert config["district_url"] == "/districts/{code}/"
    # The "as of" slider's months and per-month district counts, and its words.
    assert config["stats_timeline_url"] == "/api/stats/timeline.json"
    assert config["stats_districts_url"] == "/api/stats/districts.json"
    assert labels["text"]["timeline_zoom_in"] == (
        "Zoom in to see the cameras as of {month}; district shading shows {month}."
    )


def test_chinese_map_page_links_in_chinese(client, figures):
    html = client.get("/zh-hant/").content.decode()
    assert '<html lang="zh-Hant-HK" data-colon="：">' in html
    config = json_script(html, "map-config")
    assert config["camera_url"] == "/zh-hant/cameras/{pk}/"
    assert config["lang"] == "zh-hant"


def test_credits_data_sources(page_html):
    assert "Home Affairs Department, HKSAR Government / DATA.GOV.HK" in page_html
    assert "OpenStreetMap" in page_html


def test_votes_scripts_included_after_map_script():
    # The votes app hooks into the "camera:popup" event, so the map script must load first.
    from django.conf import settings

    source = (settings.BASE_DIR / "mapsite/cameras/templates/cameras/map.html").read_text()
    assert source.index("cameras/map/main.js") < source.index('{% include "votes/_map_scripts.html" %}')


def test_post_is_405(client, districts):
    assert client.post("/").status_code == 405
