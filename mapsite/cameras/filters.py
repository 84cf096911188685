"""Query parameters of the camera APIs (bounding box and tiles), parsed once for both."""

from __future__ import annotations

import math

from django.http import QueryDict
from django.utils.translation import gettext as _

from mapsite.cameras.models import Camera
from mapsite.core.errors import BadRequest

FILTERS: dict[str, tuple[str, ...]] = {
    "kind": tuple(Camera.Kind.values),
    "operator": tuple(Camera.Operator.values),
    "status": tuple(str(s) for s in Camera.PUBLIC_STATUSES),
}


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
