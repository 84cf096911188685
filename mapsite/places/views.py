from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from mapsite.core.errors import BadRequest
from mapsite.core.http import json_response
from mapsite.core.views import allow
from mapsite.places.index import ZOOM, Place, search

MAX_QUERY = 80
DEFAULT_LIMIT = 8
MAX_LIMIT = 20
KIND_LABELS = {
    "district": gettext_lazy("District"),
    "station": gettext_lazy("Station"),
    "estate": gettext_lazy("Housing estate"),
}


def _row(place: Place, chinese: bool) -> dict:
    return {
        "kind": place.kind,
        "kind_label": str(KIND_LABELS[place.kind]),
        "name": place.name_zh if chinese else place.name_en,
        "name_en": place.name_en,
        "name_zh": place.name_zh,
        "detail": place.detail_zh if chinese else place.detail_en,
        "lat": place.lat,
        "lon": place.lon,
        "zoom": ZOOM[place.kind],
        "bbox": list(place.bbox) if place.bbox else None,
    }


def _limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise BadRequest(_("limit must be a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT})
    return int(raw)


@allow("GET")
def places(request: HttpRequest) -> HttpResponse:
    """GET /api/places?q=旺角 : up to `limit` places whose name (English or Chinese) matches."""
    query = request.GET.get("q", "").strip()
    if not query:
        raise BadRequest(_("Type part of a place name in q."))
    if len(query) > MAX_QUERY:
        raise BadRequest(_("The search is too long."))
    limit = _limit(request.GET.get("limit"))
    chinese = (get_language() or "").startswith("zh")
    return json_response({"query": query, "results": [_row(p, chinese) for p in search(query, limit)]})
