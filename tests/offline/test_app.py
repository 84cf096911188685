"""The installable web app: the manifest in both languages, the service worker at the
site's root, its icons, and the offline report page it keeps, which holds nothing
of any account."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from mapsite.offline.views import SHELL_STATIC
from tests.helpers import text

pytestmark = pytest.mark.django_db


def sw_config(client) -> dict:
    body = text(client.get("/sw.js"))
    return json.loads(re.search(r"const CONFIG = (\{.*?\});\n", body).group(1))


def test_the_manifest_names_the_app_in_english(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert (data["name"], data["short_name"], data["lang"]) == ("Hong Kong Camera Map", "Camera Map", "en")
    assert (data["start_url"], data["scope"], data["display"]) == ("/", "/", "standalone")
    assert data["shortcuts"] == [{"name": "Report a camera", "url": "/report/"}]
    assert [icon["sizes"] for icon in data["icons"]] == ["192x192", "512x512", "512x512"]
    assert data["icons"][2]["purpose"] == "maskable"


def test_the_manifest_names_the_app_in_chinese(client):
    data = client.get("/zh-hant/manifest.webmanifest").json()
    assert (data["lang"], data["start_url"]) == ("zh-Hant-HK", "/zh-hant/")
    assert data["shortcuts"][0]["url"] == "/zh-hant/report/"
    assert data["name"] == "香港監控鏡頭地圖"
    assert data["shortcuts"][0]["name"] == "報告鏡頭"


def test_the_icons_are_the_sizes_the_manifest_says(client):
    for icon in client.get("/manifest.webmanifest").json()["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert path, icon["src"]
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]
            assert image.format == "PNG"


def test_every_page_links_the_manifest_and_registers_the_worker(client, districts):
    page = text(client.get("/about/"))
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<meta name="service-worker" content="/sw.js">' in page
    assert re.search(r'<script type="module" src="/static/offline/register.js" nonce="[^"]+"></script>', page)
    assert '<link rel="manifest" href="/zh-hant/manifest.webmanifest">' in text(client.get("/zh-hant/about/"))


def test_the_service_worker_is_served_from_the_root_as_javascript_with_a_short_cache(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    assert "Service-Worker-Allowed" not in response  # its own path, /, is the scope it needs


def test_the_service_worker_keeps_the_shell_and_never_private_pages(client):
    config = sw_config(client)
    assert config["offline"] == {"/": "/report/offline/", "/zh-hant/": "/zh-hant/report/offline/"}
    assert config["offlineMap"] == {"/": "/offline/map/", "/zh-hant/": "/zh-hant/offline/map/"}
    assert "/static/cameras/map/main.js" in config["shell"] and "/static/cameras/map/tiles.js" in config["shell"]
    assert "/static/js/common.js" in config["shell"] and "/static/offline/queue.js" in config["shell"]
    for private in ("/moderation/", "/accounts/", "/admin/", "/report/mine/", "/zh-hant/moderation/",
                    "/zh-hant/accounts/", "/zh-hant/report/mine/"):
        assert private in config["private"]
    assert config["data"] == ["/api/tiles/", "/api/districts.geojson", "/api/cameras.geojson"]
    # Every URL it names is this site's own: a worker never fetches from a third party.
    for url in config["shell"] + list(config["offline"].values()) + list(config["offlineMap"].values()):
        assert url.startswith("/") and not url.startswith("//")
    assert "http" not in text(client.get("/sw.js")).split("const CONFIG")[1]


def test_every_file_the_worker_keeps_exists(client):
    # One missing file fails the whole install (cache.addAll is all or nothing).
    assert [path for path in SHELL_STATIC if not finders.find(path)] == []
    config = sw_config(client)
    for url in [*config["offline"].values(), *config["offlineMap"].values()]:
        assert client.get(url).status_code == 200


def test_the_worker_has_a_version_that_follows_its_files(client, settings):
    from mapsite.offline import views

    first = sw_config(client)["version"]
    assert re.fullmatch(r"[0-9a-f]{16}", first)
    assert sw_config(client)["version"] == first
    views._version.cache_clear()
    settings.STATICFILES_DIRS = []  # the project's own static files gone: a different shell
    finders.get_finder.cache_clear()
    try:
        assert sw_config(client)["version"] != first
    finally:
        views._version.cache_clear()
        finders.get_finder.cache_clear()


def test_the_offline_report_page_holds_nothing_of_the_account(django_user_model, client, districts):
    client.force_login(django_user_model.objects.create_user("lamppostwatcher"))
    assert "lamppostwatcher" in text(client.get("/report/"))
    response = client.get("/report/offline/")
    assert response.status_code == 200
    page = text(response)
    assert "lamppostwatcher" not in page
    assert '"account": null' in page
    assert "Log in" in page and "Log out" not in page
    assert "You are offline, or the site cannot be reached." in page
    # It posts to the real report page, whatever address it is shown at.
    assert 'action="/report/"' in page
    assert response["Cache-Control"] == "no-cache"


def test_the_offline_map_holds_nothing_of_the_account(django_user_model, client, districts):
    client.force_login(django_user_model.objects.create_user("lamppostwatcher"))
    assert "lamppostwatcher" in text(client.get("/"))
    response = client.get("/offline/map/")
    assert response.status_code == 200
    page = text(response)
    assert "lamppostwatcher" not in page and "Log out" not in page
    assert 'id="camera-map"' in page and "cameras/map/main.js" in page
    assert response["Cache-Control"] == "no-cache"


def test_the_offline_report_page_comes_in_chinese(client, districts):
    page = text(client.get("/zh-hant/report/offline/"))
    assert '<html lang="zh-Hant-HK" data-colon="：">' in page and 'action="/zh-hant/report/"' in page


@pytest.mark.parametrize("url", ["/sw.js", "/manifest.webmanifest", "/report/offline/", "/offline/map/"])
def test_only_get_is_answered(client, districts, url):
    response = client.post(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
