from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mapsite.core.views import allow
from mapsite.districts.models import District
from mapsite.figures.models import OfficialFigure


@allow("GET")
def figure_list(request: HttpRequest) -> HttpResponse:
    figures = OfficialFigure.objects.select_related("district").defer(*District.shapes_via("district"))
    figures = figures.order_by("-reported_on", "scope", "district__code", "-figure")
    return render(request, "figures/list.html", {"figures": figures})
