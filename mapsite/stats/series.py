"""The monthly series behind the charts, read from MonthlyCount (a few hundred rows at most).

Months run from the first month with a public camera anywhere, or with an official
figure, to the current Hong Kong month. Counts leave out demo cameras: they are marked as such on
the map, but a chart of growth must not pass them off as sightings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import accumulate

from django.db.models import Min, QuerySet, Sum
from django.utils import timezone

from mapsite.cameras.models import Camera
from mapsite.districts.models import District
from mapsite.figures.models import OfficialFigure
from mapsite.stats.models import ALL, MonthlyCount

PUBLISHED, VERIFIED = MonthlyCount.Measure.PUBLISHED, MonthlyCount.Measure.VERIFIED
# The camera series, in drawing order: (key, measure, sources counted; None = every source but demo).
SERIES = (
    ("total", PUBLISHED, None),
    ("residents", PUBLISHED, (Camera.Source.RESIDENT,)),
    ("verified", VERIFIED, None),
    ("official", PUBLISHED, (Camera.Source.OFFICIAL,)),
)


@dataclass(frozen=True)
class Filters:
    district: District | None = None
    kind: str | None = None
    operator: str | None = None


def month_label(month: int) -> str:
    return f"{month // 100:04d}-{month % 100:02d}"


def month_of(day: dt.date) -> int:
    return day.year * 100 + day.month


def months_between(first: int, last: int) -> list[int]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = month + 1 if month % 100 < 12 else (month // 100 + 1) * 100 + 1
    return months


def _rows(filters: Filters) -> QuerySet:
    """The counter rows for these filters: each camera once. A kind or an operator alone sums the
    other's values (at most seven rows a month); the rollup rows answer everything else. Every row
    is a district's: the whole city is their sum (triggers.py says why no row holds it)."""
    rows = MonthlyCount.objects.filter(district=filters.district.pk) if filters.district else MonthlyCount.objects
    if filters.kind is None and filters.operator is None:
        return rows.filter(kind=ALL, operator=ALL)
    rows = rows.exclude(kind=ALL)
    if filters.kind is not None:
        rows = rows.filter(kind=filters.kind)
    if filters.operator is not None:
        rows = rows.filter(operator=filters.operator)
    return rows


def _figures(filters: Filters) -> list[dict]:
    """The official figures for the same place, one series per programme and unit: never summed."""
    figures = OfficialFigure.objects.order_by("reported_on", "pk")
    if filters.district is None:
        figures = figures.filter(scope=OfficialFigure.Scope.TERRITORY)
    else:
        figures = figures.filter(district=filters.district)
    series: dict[tuple[str, str], dict] = {}
    for figure in figures.select_related("district").defer(*District.shapes_via("district")):
        entry = series.setdefault(
            (figure.programme, figure.unit),
            # Both languages, as the districts API: the answer is kept for every visitor alike.
            {"programme": figure.programme, "programme_zh": figure.programme_zh or figure.programme,
             "unit": figure.unit, "points": []},
        )
        entry["points"].append(
            {
                "date": figure.reported_on.isoformat(),
                "date_display": figure.date_display,
                "month": month_label(month_of(figure.reported_on)),
                "figure": figure.figure,
                "summary": figure.summary,
                "summary_zh": figure.summary_zh or figure.summary,
                "source_title": figure.source_title,
                "publisher": figure.publisher,
                "url": figure.url,
            }
        )
    return list(series.values())


def timeline(filters: Filters) -> dict:
    counts: dict[tuple[str, str, int], int] = {}
    for measure, source, month, n in (
        _rows(filters).exclude(source=Camera.Source.DEMO).values_list("measure", "source", "month")
        .annotate(n=Sum("count")).values_list("measure", "source", "month", "n")
    ):
        counts[(measure, source, month)] = n
    figures = _figures(filters)
    now = month_of(timezone.localdate())
    # Every chart shares one time axis (the first public camera anywhere, or the first figure, to
    # now), so districts and filters line up with each other and with a slider over the months.
    first = (
        MonthlyCount.objects.filter(kind=ALL, operator=ALL, count__gt=0)
        .exclude(source=Camera.Source.DEMO).aggregate(first=Min("month"))["first"]
    )
    starts = ([first] if first else []) + [
        month_of(dt.date.fromisoformat(p["date"])) for f in figures for p in f["points"]
    ]
    months = months_between(min(starts, default=now), max(now, *starts) if starts else now)
    added: dict[str, dict[int, int]] = {key: {} for key, _, _ in SERIES}
    for (measure, source, month), n in counts.items():
        for key, wanted, sources in SERIES:
            if measure == wanted and (sources is None or source in sources):
                added[key][month] = added[key].get(month, 0) + n
    series = []
    for key, _, _ in SERIES:
        per_month = [added[key].get(month, 0) for month in months]
        series.append({"key": key, "unit": OfficialFigure.Unit.CAMERAS.value, "added": per_month,
                       "cumulative": list(accumulate(per_month))})
    return {
        "months": [month_label(m) for m in months],
        "filters": {
            "district": filters.district.code if filters.district else None,
            "kind": filters.kind,
            "operator": filters.operator,
        },
        "series": series,
        "figures": figures,
    }


def districts(as_of: int | None = None) -> list[dict]:
    """Each district's public cameras (not demo) published by the end of `as_of` (default: now),
    with verified, residents' and official counts, per km² and per 1,000 residents."""
    rows = MonthlyCount.objects.filter(kind=ALL, operator=ALL)
    rows = rows.exclude(source=Camera.Source.DEMO)
    if as_of is not None:
        rows = rows.filter(month__lte=as_of)
    totals: dict[int, dict[str, int]] = {}
    for district_id, measure, source, n in (
        rows.values_list("district", "measure", "source").annotate(n=Sum("count"))
        .values_list("district", "measure", "source", "n")
    ):
        counts = totals.setdefault(district_id, {"total": 0, "residents": 0, "official": 0, "verified": 0})
        if measure == VERIFIED:
            counts["verified"] += n
            continue
        counts["total"] += n
        if source == Camera.Source.RESIDENT:
            counts["residents"] += n
        elif source == Camera.Source.OFFICIAL:
            counts["official"] += n
    out = []
    for district in District.objects.without_shapes().order_by("code"):
        counts = totals.get(district.pk, {"total": 0, "residents": 0, "official": 0, "verified": 0})
        out.append(
            {
                "code": district.code,
                "name_en": district.name_en,
                "name_zh": district.name_zh,
                **counts,
                "area_km2": round(district.area_km2, 2),
                "population": district.population,
                "per_km2": round(counts["total"] / district.area_km2, 3),
                "per_1000": round(counts["total"] * 1000 / district.population, 3) if district.population else None,
            }
        )
    return out
