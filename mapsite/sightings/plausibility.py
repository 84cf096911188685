"""Plausibility warnings on a new report: computed once, at submission, and stored on
Camera.warnings. They are shown to the reporter and to moderators and never refuse a
report: each one has innocent explanations, so a person decides.

- OPERATOR_KIND: the operator rarely goes with the kind (UNUSUAL_PAIRS, a small table).
- FAR_FROM_LAND: the pin is further than PLAUSIBLE_LAND_DISTANCE_M from every place known
  to be on land. The district polygons include water, and no coastline is shipped, so
  "land" is approximated by points: the MTR and Light Rail stations, the Housing
  Authority's estates and courts, the Transport Department's 2019 traffic cameras (all
  in fixtures/), and any verified camera. It catches pins in open water; it does not
  catch the harbour or narrow channels (both shores are near), and it also warns on
  remote land (country parks, some outlying islands) until a camera there is verified.
- CLUSTER: the account made PLAUSIBLE_CLUSTER_COUNT or more other reports within
  PLAUSIBLE_CLUSTER_RADIUS_M in the last PLAUSIBLE_CLUSTER_DAYS days.
"""

from __future__ import annotations

import datetime as dt
import functools
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mapsite.cameras.models import Camera
from mapsite.lib.geo import EARTH_RADIUS_M

OPERATOR_KIND = "operator_kind"
FAR_FROM_LAND = "far_from_land"
CLUSTER = "cluster"

LABELS = {
    OPERATOR_KIND: _("This kind of camera is rarely run by this operator: check the kind and the operator."),
    FAR_FROM_LAND: _("The pin is far from any known place on land: it may be in the sea."),
    CLUSTER: _("The same account reported several cameras within a few metres of this one in the last days."),
}

Kind, Operator = Camera.Kind, Camera.Operator
# kind -> operators that rarely run it. SmartView is a police programme; traffic cameras
# are the Transport Department's (or police's), not a landlord's or the railway's.
UNUSUAL_PAIRS = {
    Kind.SMARTVIEW: {Operator.TRANSPORT, Operator.GOVERNMENT, Operator.HOUSING, Operator.MTR, Operator.PRIVATE},
    Kind.TRAFFIC: {Operator.HOUSING, Operator.MTR, Operator.PRIVATE},
}

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@functools.cache
def land_points() -> np.ndarray:
    """(n, 2) radians (lat, lon) of places known to be on land; read once per process."""
    from mapsite.places.index import all_places

    # The stations and estates the place search already holds in memory, not a second reading.
    points = [(place.lat, place.lon) for place in all_places() if place.kind in ("station", "estate")]
    # Our own shipped file, not user input.
    root = ET.parse(FIXTURES / "td-traffic-cameras-2019.xml").getroot()  # noqa: S314
    points += [(float(image.findtext("latitude")), float(image.findtext("longitude"))) for image in root]
    return np.radians(np.array(points, dtype=float))


def distance_to_land_m(lat: float, lon: float) -> float:
    """Haversine distance to the nearest shipped land point."""
    points = land_points()
    la, lo = np.radians(lat), np.radians(lon)
    a = np.sin((points[:, 0] - la) / 2) ** 2 + np.cos(la) * np.cos(points[:, 0]) * np.sin((points[:, 1] - lo) / 2) ** 2
    return float(EARTH_RADIUS_M * 2 * np.arcsin(np.sqrt(a.min())))


def far_from_land(lat: float, lon: float) -> bool:
    radius = settings.PLAUSIBLE_LAND_DISTANCE_M
    if distance_to_land_m(lat, lon) <= radius:
        return False
    # A camera a moderator or established residents verified is land too (an island's pier, say).
    return not Camera.objects.filter(status=Camera.Status.VERIFIED, merged_into__isnull=True).near(lat, lon, radius)


def _cluster(lat: float, lon: float, reporter) -> bool:
    if reporter is None or not getattr(reporter, "is_authenticated", False):
        return False
    since = timezone.now() - dt.timedelta(days=settings.PLAUSIBLE_CLUSTER_DAYS)
    mine = Camera.objects.filter(reporter=reporter, reported_at__gte=since)
    return len(mine.near(lat, lon, settings.PLAUSIBLE_CLUSTER_RADIUS_M)) >= settings.PLAUSIBLE_CLUSTER_COUNT


def warnings_for(lat: float, lon: float, *, kind: str, operator: str, reporter) -> list[str]:
    """The warning codes for a report at (lat, lon) of `kind` run by `operator` from `reporter`.
    Called before the camera is created, so it never counts itself."""
    found = []
    if operator in UNUSUAL_PAIRS.get(kind, ()):
        found.append(OPERATOR_KIND)
    if far_from_land(lat, lon):
        found.append(FAR_FROM_LAND)
    if _cluster(lat, lon, reporter):
        found.append(CLUSTER)
    return found


def labels(codes) -> list[str]:
    """Translated sentences for stored codes (an unknown code shows as itself)."""
    return [str(LABELS.get(code, code)) for code in codes or ()]


def described(codes) -> list[dict[str, str]]:
    """Codes with their sentences, for the JSON API."""
    return [{"code": code, "message": label} for code, label in zip(codes or (), labels(codes), strict=True)]
