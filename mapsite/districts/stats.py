"""Per-district camera counts, read from counters the database keeps exact.

mapsite.tiles keeps DistrictTally (public cameras per district and status) up
to date with triggers on every camera write, so this reads at most 36 rows
whatever the number of cameras.
"""

from __future__ import annotations

from dataclasses import dataclass

from mapsite.cameras.models import Camera
from mapsite.districts.models import District


@dataclass(frozen=True)
class DistrictCounts:
    reported: int  # pending + verified (what the public map shows)
    verified: int

    def per_km2(self, district: District) -> float:
        return round(self.reported / district.area_km2, 3) if district.area_km2 else 0.0


def district_counts() -> dict[int, DistrictCounts]:
    """{district_id: DistrictCounts} for every district (zeros included)."""
    from mapsite.tiles.models import DistrictTally

    totals: dict[int, dict[str, int]] = {}
    for district_id, status, count in DistrictTally.objects.values_list("district_id", "status", "count"):
        totals.setdefault(district_id, {})[status] = count
    result = {}
    for district_id in District.objects.values_list("id", flat=True):
        by_status = totals.get(district_id, {})
        result[district_id] = DistrictCounts(
            reported=sum(by_status.get(s, 0) for s in Camera.PUBLIC_STATUSES),
            verified=by_status.get(Camera.Status.VERIFIED, 0),
        )
    return result
