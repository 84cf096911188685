"""Per-district camera counts: one indexed aggregate, never a scan per district."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

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
    rows = Camera.objects.public().values("district_id", "status").annotate(n=Count("id")).order_by()
    totals: dict[int, dict[str, int]] = {}
    for row in rows:
        totals.setdefault(row["district_id"], {})[row["status"]] = row["n"]
    result = {}
    for district_id in District.objects.values_list("id", flat=True):
        by_status = totals.get(district_id, {})
        result[district_id] = DistrictCounts(
            reported=sum(by_status.values()), verified=by_status.get(Camera.Status.VERIFIED, 0)
        )
    return result
