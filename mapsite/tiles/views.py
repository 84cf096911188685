"""GET /api/tiles/{z}/{x}/{y}.json, /api/tiles/versions.json and /api/tiles/version.json.

A tile's version is that of the regions it covers (services.tile_version), and
its ETag is made of that alone: an edit elsewhere in the city changes neither.
A request that names the tile's current version (`?v=`) gets a year-long
immutable cache: that URL can never hold different data. Without it (or with
an old one) the client must revalidate every time (no-cache), so a stale tile
is never shown after an edit. The map builds each tile's `?v=` from
versions.json, one small document of every region's version.
"""

from __future__ import annotations

import hashlib

import orjson
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.translation import gettext as _

from mapsite.core.errors import BadRequest
from mapsite.core.http import json_response
from mapsite.core.views import allow
from mapsite.tiles.services import (
    FORMAT,
    Filters,
    current_version,
    parse_address,
    region_versions,
    tile_body,
    tile_version,
)
from mapsite.tiles.triggers import REGION_ZOOM

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, no-cache"
# Shared caches may keep the versions document this long: a map learns of an edit at
# most this much later, and a burst of maps opening costs the database one read.
VERSIONS_MAX_AGE = 5


def _etag_matches(header: str, etag: str) -> bool:
    """Weak comparison (RFC 9110): GZipMiddleware turns our strong ETag into W/"..."."""
    if header.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == bare for tag in header.split(","))


def _requested_version(request: HttpRequest) -> int | None:
    raw = request.GET.get("v")
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except ValueError:
        raise BadRequest(_("v must be a whole number (the tile's version).")) from None


def _conditional(request: HttpRequest, etag: str, cache_control: str, build) -> HttpResponse:
    response = HttpResponseNotModified() if _etag_matches(request.headers.get("If-None-Match", ""), etag) else build()
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response


@allow("GET")
def tile(request: HttpRequest, z: str, x: str, y: str) -> HttpResponse:
    zi, xi, yi = parse_address(z, x, y)
    filters = Filters.parse(request.GET)
    wanted = _requested_version(request)

    version = tile_version(zi, xi, yi)
    cache_control = IMMUTABLE if wanted == version else REVALIDATE
    return _conditional(
        request,
        f'"{FORMAT}.{version}"',
        cache_control,
        lambda: HttpResponse(tile_body(zi, xi, yi, filters, version), content_type="application/geo+json"),
    )


@allow("GET")
def versions(request: HttpRequest) -> HttpResponse:
    """Every region's version: a tile at zoom z < `zoom` covers the regions whose x and y,
    shifted right by zoom - z, are its own, and its version is the sum of theirs; from
    `zoom` on a tile lies in one region. Regions never changed are left out (version 0)."""
    payload = {"format": FORMAT, "zoom": REGION_ZOOM, "regions": region_versions()}
    body = orjson.dumps(payload)
    etag = f'"{hashlib.sha256(body).hexdigest()[:20]}"'
    build = lambda: HttpResponse(body, content_type="application/json")  # noqa: E731
    return _conditional(request, etag, f"public, max-age={VERSIONS_MAX_AGE}", build)


@allow("GET")
def version(request: HttpRequest) -> HttpResponse:
    """The site-wide version (every region's summed), for clients that want one number."""
    response = json_response({"v": current_version()})
    response["Cache-Control"] = "no-store"
    return response
