from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mapsite.core.views import allow
from mapsite.stats import series

# The ?sort= values: each a field of the district rows, sorted largest first, ties in code order.
SORTS = ("total", "verified", "per_km2", "per_1000")
ROW_HEIGHT = 24
LABEL_WIDTH = 170
BAR_WIDTH = 360


def _headings() -> dict[str, str]:
    return {
        "total": _("Cameras on this site"),
        "verified": _("Verified"),
        "per_km2": _("Per km²"),
        "per_1000": _("Per 1,000 residents"),
    }


def _bars(rows: list[dict], field: str) -> list[dict]:
    """Each district's bar in the SVG chart: its place, length and label (numbers the table shows too)."""
    top = max((row[field] or 0 for row in rows), default=0) or 1
    return [
        {
            **row,
            "y": i * ROW_HEIGHT,
            "text_y": i * ROW_HEIGHT + ROW_HEIGHT * 0.68,
            "width": round((row[field] or 0) / top * BAR_WIDTH, 1),
            "value": row[field] if row[field] is not None else "–",
            "value_x": LABEL_WIDTH + round((row[field] or 0) / top * BAR_WIDTH, 1) + 6,
        }
        for i, row in enumerate(rows)
    ]


@allow("GET")
def growth(request: HttpRequest) -> HttpResponse:
    """The growth page: the territory's timeline and the districts compared, sortable, each linked."""
    sort = request.GET.get("sort", "total")
    if sort not in SORTS:
        return render(request, "stats/growth.html", {"bad_sort": True}, status=400)
    chinese = (get_language() or "").startswith("zh")
    rows = [
        {**row, "name": row["name_zh"] if chinese else row["name_en"],
         "url": reverse("districts:detail", args=[row["code"].lower()])}
        for row in series.districts()
    ]
    rows.sort(key=lambda row: (-(row[sort] or 0), row["code"]))
    headings = _headings()
    return render(
        request,
        "stats/growth.html",
        {
            "rows": rows,
            "bars": _bars(rows, sort),
            "sort": sort,
            "sorts": [(key, headings[key]) for key in SORTS],
            "heading": headings[sort],
            "chart_height": len(rows) * ROW_HEIGHT,
            "label_width": LABEL_WIDTH,
            "chart_width": LABEL_WIDTH + BAR_WIDTH + 70,
        },
    )
