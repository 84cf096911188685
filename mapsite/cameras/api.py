"""The cameras JSON API: RFC 7946 GeoJSON of public cameras.

Only public fields leave this module: never the reporter, never a time of day.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, QueryDict
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mapsite.cameras.models import Camera
from mapsite.lib.http import geojson_response, json_error

# The columns a public feature is built from: fetched with .values() so a
# large viewport never builds model instances.
PUBLIC_FIELDS = (
    "id",
    "latitude",
    "longitude",
    "kind",
    "operator",
    "mount",
    "status",
    "direction",
    "field_of_view",
    "notes",
    "reported_at",
    "last_confirmed_at",
    "confirm_count",
    "dispute_count",
)

FILTERS: dict[str, tuple[str, ...]] = {
    "kind": tuple(Camera.Kind.values),
    "operator": tuple(Camera.Operator.values),
    "status": tuple(str(s) for s in Camera.PUBLIC_STATUSES),
}


class BadRequest(ValueError):
    """A query parameter the API refuses; the message goes back to the client."""


def parse_bbox(raw: str | None) -> tuple[float, float, float, float]:
    """'minLon,minLat,maxLon,maxLat' -> floats, or BadRequest saying what is wrong."""
    if raw is None or not raw.strip():
        raise BadRequest(_("bbox is required: bbox=minLon,minLat,maxLon,maxLat"))
    parts = raw.split(",")
    if len(parts) != 4:
        raise BadRequest(_("bbox needs exactly four comma-separated numbers: minLon,minLat,maxLon,maxLat"))
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in parts)
    except ValueError:
        raise BadRequest(_("bbox values must be numbers")) from None
    if not all(math.isfinite(v) for v in (min_lon, min_lat, max_lon, max_lat)):
        raise BadRequest(_("bbox values must be finite numbers"))
    if not (-180 <= min_lon <= 180 and -180 <= max_lon <= 180):
        raise BadRequest(_("bbox longitudes must be between -180 and 180"))
    if not (-90 <= min_lat <= 90 and -90 <= max_lat <= 90):
        raise BadRequest(_("bbox latitudes must be between -90 and 90"))
    if min_lon > max_lon or min_lat > max_lat:
        raise BadRequest(_("bbox is inverted: it must be minLon,minLat,maxLon,maxLat"))
    return min_lon, min_lat, max_lon, max_lat


def parse_filter(query: QueryDict, name: str) -> tuple[str, ...] | None:
    """A kind, operator or status filter, repeated or comma-separated, checked against its choices.

    The one parser for both camera APIs (bounding box and tiles). None means the
    parameter was absent: no filtering on it. Values come back sorted, so equal
    filters make equal cache keys.
    """
    raw_values = query.getlist(name)
    if not raw_values:
        return None
    allowed = FILTERS[name]
    chosen: set[str] = set()
    for raw in raw_values:
        for value in raw.split(","):
            value = value.strip()
            if value not in allowed:
                raise BadRequest(
                    _("Unknown %(name)s %(value)r; expected one of: %(allowed)s")
                    % {"name": name, "value": value, "allowed": ", ".join(allowed)}
                )
            chosen.add(value)
    return tuple(sorted(chosen))


_url_templates: dict[tuple[str, str], str] = {}


def detail_url_template() -> str:
    """The camera page URL with "{pk}" for the id. The API is language-neutral, so the link is
    the default-language (unprefixed) page; reversed once per process and script prefix."""
    key = (get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF))
    if key not in _url_templates:
        with translation.override(settings.LANGUAGE_CODE):
            _url_templates[key] = url_template("cameras:detail", pk=987654321)
    return _url_templates[key]


def url_template(viewname: str, **samples: object) -> str:
    """A reversed URL with "{name}" where each keyword argument goes, in the active language.

    The one placeholder style for every URL the pages' scripts fill in (common.js fillUrl) and
    for str.format here. Each sample must suit its converter and occur nowhere else in the URL.
    """
    url = reverse(viewname, kwargs=samples)
    for name, sample in samples.items():
        url = url.replace(str(sample), f"{{{name}}}")
    return url


def _utc(value: dt.datetime | str | None) -> dt.datetime | None:
    """An aware datetime from a database value: raw SQLite rows hand back naive UTC (or text)."""
    if value is None or (isinstance(value, dt.datetime) and value.tzinfo is not None):
        return value
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class PublicFeatures:
    """Builds public camera Features: the only place that decides what a camera shows publicly.

    Rows are sequences in PUBLIC_FIELDS order (values_list or a raw cursor). The
    per-response work (the detail URL, the clock, the time zone, the stale cutoff)
    is done once here, not per feature: a dense map tile builds tens of features
    and their cost is most of the tile's.
    """

    def __init__(self, now: dt.datetime | None = None) -> None:
        self.url_template = detail_url_template()
        self.tz = timezone.get_current_timezone()
        self.stale_before = (now or timezone.now()) - dt.timedelta(days=settings.STALE_AFTER_DAYS)

    def day(self, value: dt.datetime | None) -> str | None:
        """The local calendar day only: public output never carries a time of day."""
        return value.astimezone(self.tz).date().isoformat() if value else None

    def __call__(self, row: Sequence[Any]) -> dict[str, Any]:
        """One camera row as a GeoJSON Feature with public properties only."""
        (pk, latitude, longitude, kind, operator, mount, status, direction, field_of_view, notes,
         reported, confirmed, confirm_count, dispute_count) = row
        reported, confirmed = _utc(reported), _utc(confirmed)
        return {
            "type": "Feature",
            "id": pk,
            "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
            "properties": {
                "id": pk,
                "kind": kind,
                "operator": operator,
                "mount": mount,
                "status": status,
                "direction": direction,
                "field_of_view": field_of_view,
                "notes": notes,
                "reported_on": self.day(reported),
                "last_confirmed_on": self.day(confirmed),
                "stale": (confirmed or reported) < self.stale_before,
                "confirm_count": confirm_count,
                "dispute_count": dispute_count,
                "url": self.url_template.format(pk=pk),
            },
        }


def features(rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """Features for rows in PUBLIC_FIELDS order."""
    build = PublicFeatures()
    return [build(row) for row in rows]


@require_GET
def cameras_geojson(request: HttpRequest) -> HttpResponse:
    """Public cameras in a bounding box, optionally filtered by kind, operator and status.

    At most settings.API_MAX_FEATURES features; a capped response says so with
    "truncated", "limit" and "total", so the map can ask the user to zoom in.
    """
    try:
        bbox = parse_bbox(request.GET.get("bbox"))
        filters = {name: parse_filter(request.GET, name) for name in FILTERS}
    except BadRequest as exc:
        return json_error(str(exc))

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


@require_GET
def camera_geojson(request: HttpRequest, pk: int) -> HttpResponse:
    """One public camera as a Feature; a merged-away camera redirects to its survivor."""
    found = Camera.objects.filter(pk=pk).values_list(*PUBLIC_FIELDS, "merged_into_id").first()
    if found is None:
        return json_error(_("Camera not found."), status=404)
    *row, merged_into_id = found
    if merged_into_id is not None:
        return HttpResponsePermanentRedirect(reverse("cameras_api:camera", args=[merged_into_id]))
    if row[PUBLIC_FIELDS.index("status")] not in Camera.PUBLIC_STATUSES:
        return json_error(_("Camera not found."), status=404)
    return geojson_response(PublicFeatures()(row))
