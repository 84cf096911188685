"""{% timeline_chart district %}: the growth chart with its table, for any page."""

from __future__ import annotations

from django import template
from django.urls import reverse

from mapsite.stats import labels, series

register = template.Library()


@register.inclusion_tag("stats/_timeline.html", takes_context=True)
def timeline_chart(context, district=None, dom_id: str = "timeline", compact: bool = False) -> dict:
    """`compact` (the map's narrow panel) leaves out the figures table: the panel lists the same
    figures, with their sources, right below the chart."""
    data = series.timeline(series.Filters(district=district))
    names = labels.series_labels()
    columns = [(s["key"], names[s["key"]]) for s in data["series"]]
    rows = [
        {"month": month, "values": [s["cumulative"][i] for s in data["series"]]}
        for i, month in enumerate(data["months"])
    ]
    points = [
        {**point, "programme": f["programme"], "unit": f["unit"],
         "unit_label": labels.unit_labels().get(f["unit"], f["unit"])}
        for f in data["figures"]
        for point in f["points"]
    ]
    url = reverse("stats_api:timeline") + (f"?district={district.code}" if district is not None else "")
    return {
        "request": context.get("request"),
        "dom_id": dom_id,
        "compact": compact,
        "data_id": f"{dom_id}-data",
        "labels_id": f"{dom_id}-labels",
        "district": district,
        "data": data,
        "columns": columns,
        "rows": rows,
        "points": sorted(points, key=lambda p: p["date"]),
        "api_url": url,
        "chart_labels": {**labels.chart_labels(), "figures": {
            f"{f['programme']}|{f['unit']}": labels.figure_label(f["programme"], f["unit"]) for f in data["figures"]
        }},
    }
