from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from mapsite.districts.models import District


@require_GET
def district_list(request: HttpRequest) -> HttpResponse:
    return render(request, "districts/list.html", {"districts": District.objects.all()})


@require_GET
def district_detail(request: HttpRequest, code: str) -> HttpResponse:
    district = get_object_or_404(District, code=code.upper())
    return render(request, "districts/detail.html", {"district": district})
