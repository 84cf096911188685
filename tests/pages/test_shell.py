"""The site's shell as every visitor meets it: headers, language switch, credits, error pages."""

import re

import orjson
import pytest
from django.test import RequestFactory
from django_ratelimit.exceptions import Ratelimited

from mapsite.pages.views import ratelimited

pytestmark = pytest.mark.django_db


def test_about_page_credits_the_data_sources(outsider_client, figures):
    response = outsider_client.get("/about/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Home Affairs Department, HKSAR Government / DATA.GOV.HK" in text
    assert "OpenStreetMap contributors" in text
    assert f"Official figures: {len(figures)} publicly reported figures" in text


def test_pages_send_the_privacy_and_security_headers(outsider_client):
    response = outsider_client.get("/about/")
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    # scripts only from our origin (a nonce is added on pages that have inline scripts)
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src


def test_only_the_tile_server_is_an_outside_image_origin(outsider_client, settings):
    csp = outsider_client.get("/about/")["Content-Security-Policy"]
    img_src = next(part for part in csp.split(";") if part.strip().startswith("img-src")).split()[1:]
    outside = [src for src in img_src if src.startswith("http")]
    assert outside == [settings.TILE_ORIGIN] == ["https://tile.openstreetmap.org"]


def test_every_inline_script_on_the_map_carries_the_nonce(outsider_client, districts):
    response = outsider_client.get("/")
    csp = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
        if "src=" not in tag and 'type="application/json"' not in tag:
            assert f'nonce="{nonce}"' in tag


def test_language_switch_links_to_the_same_page_in_chinese(outsider_client):
    response = outsider_client.get("/about/")
    assert 'href="/zh-hant/about/"' in response.content.decode()
    chinese = outsider_client.get("/zh-hant/about/")
    assert chinese.status_code == 200
    assert '<html lang="zh-Hant-HK" data-colon="：">' in chinese.content.decode()
    assert 'href="/about/"' in chinese.content.decode()


def test_chinese_pages_are_translated(outsider_client):
    text = outsider_client.get("/zh-hant/about/").content.decode()
    assert "香港監控鏡頭地圖" in text
    assert "關於" in text


def test_unknown_page_gets_the_friendly_404(outsider_client, settings):
    settings.DEBUG = False
    response = outsider_client.get("/no-such-page/")
    assert response.status_code == 404
    assert "There is nothing at this address." in response.content.decode()


def test_limited_page_requests_get_a_429_page_saying_when_to_retry(resident):
    request = RequestFactory().get("/accounts/login/")
    request.user = resident
    response = ratelimited(request, Ratelimited())
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Please try again in an hour." in response.content.decode()


def test_limited_api_requests_get_a_json_429(resident):
    request = RequestFactory().post("/api/cameras")
    request.user = resident
    response = ratelimited(request, Ratelimited())
    assert response.status_code == 429
    assert orjson.loads(response.content)["error"].startswith("Too many requests")
