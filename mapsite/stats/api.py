"""The stats JSON API: the monthly series behind the charts and per-district counts.

Language-neutral like the rest of the API (series and figures carry keys and the
figures' own text); the pages label them in their own language.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from mapsite.core.http import json_response
from mapsite.core.views import allow
from mapsite.stats import series
from mapsite.stats.caching import per_version
from mapsite.stats.forms import DistrictsQuery, TimelineQuery


@allow("GET")
@per_version
def timeline(request: HttpRequest) -> HttpResponse:
    """GET ?district=&kind=&operator= (each optional): months, camera series, official figures."""
    query = TimelineQuery(request.GET).valid_data()
    return json_response(series.timeline(series.Filters(**query)))


@allow("GET")
@per_version
def districts(request: HttpRequest) -> HttpResponse:
    """GET ?as_of=YYYY-MM (optional): every district's counts at the end of that month, or now.
    A map's "as of" slider can shade the districts of then from this."""
    query = DistrictsQuery(request.GET).valid_data()
    as_of = query["as_of"]
    return json_response(
        {"as_of": series.month_label(as_of) if as_of else None, "districts": series.districts(as_of)}
    )
