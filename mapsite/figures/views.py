from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mapsite.core.views import allow
from mapsite.figures.models import OfficialFigure


@allow("GET")
def figure_list(request: HttpRequest) -> HttpResponse:
    # The district's name is shown, never its boundaries (decoding them was most of the page's time).
    figures = OfficialFigure.objects.select_related("district").defer(
        "district__boundary", "district__display_boundary"
    ).order_by(
        "-reported_on", "scope", "district__code", "-figure"
    )
    return render(request, "figures/list.html", {"figures": figures})
