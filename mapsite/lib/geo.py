"""Small geometry helpers shared by the apps (no Django imports)."""

from __future__ import annotations

import math

EARTH_RADIUS_M = 6_371_008.8

# The 18 districts' extent (lon 113.817-114.502, lat 22.137-22.568) with a margin;
# used to reject obviously foreign points before the exact polygon test.
HK_BOUNDS = (113.80, 22.13, 114.52, 22.58)


def is_finite_number(value: float) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def degree_box(lat: float, lon: float, radius_m: float) -> tuple[float, float, float, float]:
    """A lat/lon box that contains the circle of radius_m; lets an index narrow a distance search."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlon = dlat / max(math.cos(math.radians(lat)), 1e-6)
    return lat - dlat, lon - dlon, lat + dlat, lon + dlon


# Coordinates inside a pasted map link: Google Maps puts "@lat,lon,zoom" in the path
# (or "!3dLAT!4dLON" for a dropped pin, or ?q=lat,lon); OpenStreetMap puts
# "#map=zoom/lat/lon" in the fragment or ?mlat=&mlon= in the query.
_LINK_PATTERNS = (
    r"!3d(-?\d+(?:\.\d+)?)!4d(-?\d+(?:\.\d+)?)",
    r"[?&](?:q|query|ll|destination)=(-?\d+(?:\.\d+)?)(?:,|%2C)\s*(-?\d+(?:\.\d+)?)",
    r"@(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)",
    r"[?&]mlat=(-?\d+(?:\.\d+)?)&mlon=(-?\d+(?:\.\d+)?)",
    r"#map=\d+(?:\.\d+)?/(-?\d+(?:\.\d+)?)/(-?\d+(?:\.\d+)?)",
)


def _in_hk(lat: float, lon: float) -> bool:
    west, south, east, north = HK_BOUNDS
    return west <= lon <= east and south <= lat <= north


def _from_link(text: str) -> tuple[float, float] | None:
    import re

    if not re.match(r"(?i)(https?://|www\.|maps\.|goo\.gl|openstreetmap\.)", text):
        return None
    for pattern in _LINK_PATTERNS:
        found = re.search(pattern, text)
        if found:
            return float(found.group(1)), float(found.group(2))
    raise ValueError("no coordinates in this link")


def parse_coordinates(text: str) -> tuple[float, float]:
    """Parse '22.3193, 114.1694', degrees-minutes-seconds such as
    22°19'09.5"N 114°10'09.8"E, or a Google Maps / OpenStreetMap link.
    Two bare numbers in "lon, lat" order are swapped only when that is
    unambiguous: swapped they fall in Hong Kong and as given they do not.
    Returns (lat, lon); raises ValueError."""
    import re

    text = text.strip()
    decimal = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*[,\s]\s*(-?\d+(?:\.\d+)?)\s*", text)
    linked = None if decimal else _from_link(text)
    if linked:
        lat, lon = linked
    elif decimal:
        lat, lon = float(decimal.group(1)), float(decimal.group(2))
        if not _in_hk(lat, lon) and _in_hk(lon, lat):
            lat, lon = lon, lat
    else:
        parts = re.findall(
            r"(\d+(?:\.\d+)?)\s*[°º d]\s*"
            r"(?:(\d+(?:\.\d+)?)\s*['′m]\s*)?"
            r"(?:(\d+(?:\.\d+)?)\s*(?:\"|″|''|s)\s*)?"
            r"([NSEWnsew])",
            text,
        )
        if len(parts) != 2:
            raise ValueError("unrecognised coordinates")
        values = {}
        for deg, minutes, seconds, hemi in parts:
            value = float(deg) + float(minutes or 0) / 60 + float(seconds or 0) / 3600
            hemi = hemi.upper()
            if hemi in "SW":
                value = -value
            values["lat" if hemi in "NS" else "lon"] = value
        if set(values) != {"lat", "lon"}:
            raise ValueError("need one latitude (N/S) and one longitude (E/W)")
        lat, lon = values["lat"], values["lon"]
    if not (math.isfinite(lat) and math.isfinite(lon)) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError("coordinates out of range")
    return lat, lon
