"""The districts JSON API: the 18 districts with reported counts and official figures."""

from __future__ import annotations

import gzip
from typing import Any

import orjson
from django.conf import settings
from django.core.cache import cache
from django.db.models import TextField
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from mapsite.core.views import allow
from mapsite.districts.models import District
from mapsite.districts.stats import district_counts
from mapsite.figures.models import OfficialFigure
from mapsite.tiles.services import current_version

CACHE_SECONDS = 60


@allow("GET")
def districts_geojson(request: HttpRequest) -> HttpResponse:
    """A FeatureCollection of the districts (display boundaries), with counts and figures.

    Territory-wide figures ride along at the top level ("territory_figures",
    latest first) for the map's panel. Figures keep their own units: they are
    listed, never summed.
    """
    # Built once per data version (any camera change makes a new one, so the
    # counts are never stale) and kept at most CACHE_SECONDS, so an edited
    # official figure or boundary shows within that time. Stored gzipped too:
    # compressing 50 KB on every request cost more than building it.
    key = f"districts.geojson:{current_version()}"
    cached = cache.get(key)
    if cached is None:
        # Language-neutral like the rest of the API: the same bytes whatever the
        # visitor's Accept-Language, so the page's own labels do the translating.
        with translation.override(settings.LANGUAGE_CODE):
            body = orjson.dumps(_collection())
        cached = (body, gzip.compress(body, compresslevel=6, mtime=0))
        cache.set(key, cached, CACHE_SECONDS)
    body, compressed = cached
    response = HttpResponse(content_type="application/geo+json")
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response.content = compressed
        response["Content-Encoding"] = "gzip"
    else:
        response.content = body
    patch_vary_headers(response, ("Accept-Encoding",))
    return response


def _collection() -> dict[str, Any]:
    counts = district_counts()
    by_district: dict[int, list[dict[str, Any]]] = {}
    territory: list[dict[str, Any]] = []
    figures = OfficialFigure.objects.select_related("district").defer(*District.shapes_via("district"))
    for fig in figures.order_by("-reported_on", "-figure"):
        if fig.district_id is None:
            territory.append(fig.as_json())
        else:
            by_district.setdefault(fig.district_id, []).append(fig.as_json())

    features = []
    # The display boundary goes out as the JSON text stored in the database
    # (orjson.Fragment): decoding and re-encoding it was the bulk of this view's time.
    districts = (
        District.objects.only("id", "code", "name_en", "name_zh", "area_km2", "population")
        .annotate(display_json=Cast("display_boundary", TextField()))
        .order_by("code")
    )
    for district in districts:
        c = counts[district.id]
        features.append(
            {
                "type": "Feature",
                "id": district.code,
                "geometry": orjson.Fragment(district.display_json),
                "properties": {
                    "code": district.code,
                    "name_en": district.name_en,
                    "name_zh": district.name_zh,
                    "area_km2": round(district.area_km2, 2),
                    "reported_count": c.reported,
                    "verified_count": c.verified,
                    "official_count": c.official,
                    "reported_by_residents": c.by_residents,
                    "per_km2": c.per_km2(district),
                    "population": district.population,
                    "per_1000_residents": c.per_1000_residents(district),
                    "url": district.get_absolute_url(),
                    "official_figures": by_district.get(district.id, []),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features, "territory_figures": territory}
