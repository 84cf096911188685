from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from mapsite.cameras.models import Camera
from mapsite.core.views import allow
from mapsite.districts.models import District
from mapsite.districts.stats import DistrictCounts, district_counts, official_counts

# ?sort= value -> key on a table row. Counts sort largest first; ties keep
# the official code order so the table never shuffles between loads. Names sort
# in the page's language: English alphabetically, Chinese by code point, which
# for CJK characters is the dictionary's radical-and-stroke order.
SORTS = {
    "code": lambda row: row["district"].code,
    "name": lambda row: (row["district"].name, row["district"].code),
    "reported": lambda row: (-row["counts"].reported, row["district"].code),
    "verified": lambda row: (-row["counts"].verified, row["district"].code),
    "per_km2": lambda row: (-row["per_km2"], row["district"].code),
    "residents": lambda row: (-row["counts"].by_residents, row["district"].code),
    "official": lambda row: (-row["counts"].official, row["district"].code),
    "per_1000": lambda row: (-(row["per_1000"] or 0), row["district"].code),
}
CAMERAS_PER_PAGE = 50


@allow("GET")
def district_list(request: HttpRequest) -> HttpResponse:
    # The Government's own order of the districts (their codes) unless a column is chosen.
    sort = request.GET.get("sort", "code")
    if sort not in SORTS:
        # A hand-edited or stale link: say so rather than silently reorder.
        return render(request, "districts/list.html", {"bad_sort": True}, status=400)
    counts = district_counts()
    rows = []
    for district in District.objects.without_shapes():
        c = counts[district.id]
        rows.append(
            {
                "district": district,
                "counts": c,
                "per_km2": c.per_km2(district),
                "per_1000": c.per_1000_residents(district),
            }
        )
    rows.sort(key=SORTS[sort])
    totals = DistrictCounts(
        *(sum(getattr(r["counts"], name) for r in rows) for name in ("reported", "verified", "official"))
    )
    return render(request, "districts/list.html", {"rows": rows, "sort": sort, "totals": totals})


@allow("GET")
def district_detail(request: HttpRequest, code: str) -> HttpResponse:
    district = get_object_or_404(District, code=code.upper())
    cameras = Camera.objects.public().filter(district=district)
    # One district's counts from the (district, status) index, not the whole table's.
    totals = cameras.aggregate(reported=Count("id"), verified=Count("id", filter=Q(status=Camera.Status.VERIFIED)))
    counts = DistrictCounts(totals["reported"], totals["verified"], official_counts(district.pk).get(district.pk, 0))
    cameras = cameras.order_by("-reported_at", "-id")
    paginator = Paginator(cameras, CAMERAS_PER_PAGE)
    paginator.count = counts.reported  # already counted above; spares the paginator its own COUNT
    page = paginator.get_page(request.GET.get("page"))
    figures = district.official_figures.all()
    boundary = {"type": "Feature", "geometry": district.display_boundary, "properties": {"code": district.code}}
    return render(
        request,
        "districts/detail.html",
        {
            "district": district,
            "counts": counts,
            "per_km2": counts.per_km2(district),
            "per_1000": counts.per_1000_residents(district),
            "figures": figures,
            "page": page,
            "boundary": boundary,
        },
    )
