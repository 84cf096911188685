"""The installable web app: its manifest (one per language) and its service worker.

The service worker is served by a view rather than as a static file so that it
lives at /sw.js, whose scope is the whole site, and so that it can name the
files it keeps, and carry a version that changes whenever one of them does.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import orjson
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from mapsite.cameras.views import map_page
from mapsite.core.http import json_response
from mapsite.core.views import allow

ICON_SIZES = (192, 512)
MAP_SCRIPTS = Path(__file__).resolve().parents[1] / "cameras" / "static" / "cameras" / "map"

# What the offline report page needs, kept when the service worker installs.
SHELL_STATIC = (
    "css/site.css",
    "js/common.js",
    "offline/queue.js",
    "offline/register.js",
    "sightings/sightings.css",
    "sightings/nojs.css",
    "sightings/report.js",
    "sightings/report-queue.js",
    "sightings/report-cone.js",
    "sightings/report-context.js",
    "sightings/report-nearby.js",
    "places/place-search.js",
    "places/place-search.css",
    "leaflet/leaflet.css",
    "leaflet/leaflet.extras.css",
    "leaflet/leaflet.js",
    "leaflet/leaflet.extras.js",
    "leaflet/draw/leaflet.draw.i18n.js",
    "leaflet/images/marker-icon.png",
    "leaflet/images/marker-icon-2x.png",
    "leaflet/images/marker-shadow.png",
    *(f"offline/icons/icon-{size}.png" for size in ICON_SIZES),
    "offline/icons/maskable-512.png",
    # The public map's, for its offline copy.
    "cameras/map.css",
    *sorted(f"cameras/map/{path.name}" for path in MAP_SCRIPTS.glob("*.js")),
    "leaflet-markercluster/MarkerCluster.css",
    "leaflet-markercluster/MarkerCluster.Default.css",
    "leaflet-markercluster/leaflet.markercluster.js",
)

# Pages the service worker leaves to the network alone, never answering for them
# nor keeping them: what a moderator sees, and what belongs to one account.
PRIVATE_SECTIONS = ("moderation/", "accounts/", "admin/", "report/mine/")

# Public JSON it keeps the last answer of, for the map and the report page offline.
# A response marked private, or varying with the cookie, is never kept (see sw.js).
PUBLIC_DATA = ("/api/tiles/", "/api/districts.geojson", "/api/cameras.geojson")


def _per_language(name: str) -> dict[str, str]:
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = reverse(name)
    return urls


@functools.lru_cache(maxsize=1)
def _version() -> str:
    """Changes whenever a kept file or the worker's own template changes, so browsers
    install the new worker and drop the old copies."""
    digest = hashlib.sha256()
    for path in SHELL_STATIC:
        found = finders.find(path)
        if found:
            with open(found, "rb") as handle:
                digest.update(handle.read())
    digest.update(render_to_string("offline/sw.js", {"config": "{}"}).encode())
    return digest.hexdigest()[:16]


@allow("GET")
def service_worker(request: HttpRequest) -> HttpResponse:
    homes = _per_language("cameras:map")
    config = {
        "version": _version(),
        "shell": [static(path) for path in SHELL_STATIC],
        # The offline copies, per language (keyed by its home path), shown when a page cannot
        # load: the map for the home page, the report page for any other.
        "offline": {homes[code]: url for code, url in _per_language("sightings:offline").items()},
        "offlineMap": {homes[code]: url for code, url in _per_language("offline:map").items()},
        "homes": sorted(homes.values(), key=len, reverse=True),
        "private": [home + section for home in homes.values() for section in PRIVATE_SECTIONS],
        "static": settings.STATIC_URL,
        "data": list(PUBLIC_DATA),
    }
    body = render_to_string("offline/sw.js", {"config": orjson.dumps(config).decode()})
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers check for a new worker on navigation; let them see one at once.
    response["Cache-Control"] = "no-cache"
    return response


@allow("GET")
def offline_map(request: HttpRequest) -> HttpResponse:
    """The public map as the service worker keeps it: rendered for nobody in particular
    (no account name, no notices), whoever asks. Offline it shows the tiles last seen."""
    request.user = AnonymousUser()
    response = map_page(request)
    response["Cache-Control"] = "no-cache"
    return response


@allow("GET")
def manifest(request: HttpRequest) -> HttpResponse:
    chinese = translation.get_language() == "zh-hant"
    icons = [
        {"src": static(f"offline/icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in ICON_SIZES
    ]
    maskable = static("offline/icons/maskable-512.png")
    icons.append({"src": maskable, "sizes": "512x512", "type": "image/png", "purpose": "maskable"})
    data = {
        "id": "/",
        "name": _("Hong Kong Camera Map"),
        "short_name": _("Camera Map"),
        "description": _("Surveillance cameras residents have seen in Hong Kong, and the official figures."),
        "lang": "zh-Hant-HK" if chinese else "en",
        "dir": "ltr",
        "start_url": reverse("cameras:map"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1864ab",
        "icons": icons,
        "shortcuts": [{"name": _("Report a camera"), "url": reverse("sightings:new")}],
    }
    response = json_response(data, content_type="application/manifest+json")
    response["Cache-Control"] = "max-age=3600"
    return response
