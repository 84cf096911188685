"""The queue's "nearest to a point" sort: its distance, and the rows within a distance of the point."""

from __future__ import annotations

import math

from django.db.models import F, QuerySet
from django.db.models.functions import Abs


def near(cameras: QuerySet, data: dict) -> QuerySet:
    # Manhattan distance in metres-ish units (longitude scaled by the cosine of the point's
    # latitude): the order of a true distance at city scale, and one expression the database sorts.
    lat, lon = data["near"]
    return cameras.annotate(
        distance=Abs(F("latitude") - lat) + Abs(F("longitude") - lon) * math.cos(math.radians(lat))
    )


# "Nearest to a point" reads the rows within a distance R of the point (a latitude band of
# camera_pending_place_idx, then the exact test), R widening from NEAR_START degrees by NEAR_STEP
# until the rows asked for are found; past NEAR_MAX (more than Hong Kong) it reads every row.
# Every row beyond R is further than every row within it, so the order is the unbounded one.
NEAR_START, NEAR_STEP, NEAR_MAX = 0.004, 4, 1.0
# The box only narrows which rows get the exact test, so a rounding error must not drop one.
_BOX_SLACK = 1e-9


def within(cameras: QuerySet, point: tuple[float, float], radius: float) -> QuerySet:
    """`cameras` (annotated by near) at a distance of at most `radius` from `point`."""
    lat, lon = point
    half = radius + _BOX_SLACK
    wide = half / max(math.cos(math.radians(lat)), 1e-9)
    return cameras.filter(distance__lte=radius, latitude__gte=lat - half, latitude__lte=lat + half,
                          longitude__gte=lon - wide, longitude__lte=lon + wide)
