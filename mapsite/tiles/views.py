"""GET /api/tiles/{z}/{x}/{y}.json and /api/tiles/version.json.

Responses carry an ETag made of the data version, so a revalidation after any
camera change gets fresh data and otherwise a 304. A request that names the
current version (`?v=`) gets a year-long immutable cache: that URL can never
hold different data. Without it (or with an old one) the client must revalidate
every time (no-cache), so a stale tile is never shown after an edit.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.translation import gettext as _

from mapsite.core.errors import BadRequest
from mapsite.core.http import geojson_response, json_response
from mapsite.core.views import allow
from mapsite.tiles.services import FORMAT, Filters, current_version, parse_address, tile_payload

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, no-cache"


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
        raise BadRequest(_("v must be a whole number (the data version).")) from None


@allow("GET")
def tile(request: HttpRequest, z: str, x: str, y: str) -> HttpResponse:
    zi, xi, yi = parse_address(z, x, y)
    filters = Filters.parse(request.GET)
    wanted = _requested_version(request)

    version = current_version()
    etag = f'"{FORMAT}.{version}"'
    cache_control = IMMUTABLE if wanted == version else REVALIDATE
    if _etag_matches(request.headers.get("If-None-Match", ""), etag):
        response = HttpResponseNotModified()
    else:
        response = geojson_response(tile_payload(zi, xi, yi, filters, version))
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response


@allow("GET")
def version(request: HttpRequest) -> HttpResponse:
    response = json_response({"v": current_version()})
    response["Cache-Control"] = "no-store"
    return response
