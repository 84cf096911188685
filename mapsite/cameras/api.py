"""The cameras JSON API: RFC 7946 GeoJSON of public cameras."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from mapsite.cameras.features import PUBLIC_FIELDS, PublicFeatures, features
from mapsite.cameras.filters import FILTERS, parse_bbox, parse_filter
from mapsite.cameras.models import Camera
from mapsite.core.errors import NotFound
from mapsite.core.http import geojson_response
from mapsite.core.views import allow


@allow("GET")
def cameras_geojson(request: HttpRequest) -> HttpResponse:
    """Public cameras in a bounding box, optionally filtered by kind, operator and status.

    At most settings.API_MAX_FEATURES features; a capped response says so with
    "truncated", "limit" and "total", so the map can ask the user to zoom in.
    """
    bbox = parse_bbox(request.GET.get("bbox"))
    filters = {name: parse_filter(request.GET, name) for name in FILTERS}

    qs = Camera.objects.public().in_bbox(*bbox)
    for name, values in filters.items():
        if values is not None:
            qs = qs.filter(**{f"{name}__in": values})

    limit = settings.API_MAX_FEATURES
    # Newest first (the model's ordering) so a capped view shows the latest reports.
    rows = list(qs.values_list(*PUBLIC_FIELDS)[: limit + 1])
    truncated = len(rows) > limit
    body: dict[str, Any] = {"type": "FeatureCollection", "features": features(rows[:limit])}
    body["truncated"] = truncated
    body["limit"] = limit
    body["total"] = qs.count() if truncated else len(rows)
    return geojson_response(body)


@allow("GET")
def camera_geojson(request: HttpRequest, pk: int) -> HttpResponse:
    """One public camera as a Feature; a merged-away camera redirects to its survivor."""
    # A report waiting for its publication window does not exist yet, for anyone.
    found = (
        Camera.objects.filter(pk=pk, published_at__isnull=False).values_list(*PUBLIC_FIELDS, "merged_into_id").first()
    )
    if found is None:
        raise NotFound(_("Camera not found."))
    *row, merged_into_id = found
    if merged_into_id is not None:
        return HttpResponsePermanentRedirect(reverse("cameras_api:camera", args=[merged_into_id]))
    if row[PUBLIC_FIELDS.index("status")] not in Camera.PUBLIC_STATUSES:
        raise NotFound(_("Camera not found."))
    return geojson_response(PublicFeatures()(row))
