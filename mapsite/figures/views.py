from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mapsite.figures.models import OfficialFigure


@require_GET
def figure_list(request: HttpRequest) -> HttpResponse:
    figures = OfficialFigure.objects.select_related("district").order_by(
        "-reported_on", "scope", "district__code", "-figure"
    )
    return render(request, "figures/list.html", {"figures": figures})
