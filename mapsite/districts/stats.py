"""Per-district camera counts, read from counters the database keeps exact.

mapsite.tiles keeps DistrictTally (public cameras per district and status) up
to date with triggers on every camera write, so this reads at most 36 rows
whatever the number of cameras.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from mapsite.cameras.models import Camera
from mapsite.districts.models import District


@dataclass(frozen=True)
class DistrictCounts:
    reported: int  # pending + verified (what the public map shows)
    verified: int
    official: int = 0  # of those, published by their operator (the Transport Department's list)

    @property
    def by_residents(self) -> int:
        return self.reported - self.official

    def per_km2(self, district: District) -> float:
        return round(self.reported / district.area_km2, 3) if district.area_km2 else 0.0

    def per_1000_residents(self, district: District) -> float | None:
        return round(self.reported * 1000 / district.population, 3) if district.population else None


def official_counts(district_id: int | None = None) -> dict[int, int]:
    """{district_id: public cameras published by their operator}. Counted, not kept by
    triggers: official lists are a few thousand cameras at most."""
    cameras = Camera.objects.public().filter(source=Camera.Source.OFFICIAL)
    if district_id is not None:
        cameras = cameras.filter(district_id=district_id)
    return dict(cameras.order_by().values("district_id").annotate(n=Count("id")).values_list("district_id", "n"))


def district_counts() -> dict[int, DistrictCounts]:
    """{district_id: DistrictCounts} for every district (zeros included)."""
    from mapsite.tiles.models import DistrictTally

    totals: dict[int, dict[str, int]] = {}
    for district_id, status, count in DistrictTally.objects.values_list("district_id", "status", "count"):
        totals.setdefault(district_id, {})[status] = count
    official = official_counts()
    result = {}
    for district_id in District.objects.values_list("id", flat=True):
        by_status = totals.get(district_id, {})
        result[district_id] = DistrictCounts(
            reported=sum(by_status.get(s, 0) for s in Camera.PUBLIC_STATUSES),
            verified=by_status.get(Camera.Status.VERIFIED, 0),
            official=official.get(district_id, 0),
        )
    return result
