from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from mapsite.cameras.models import Camera


@require_GET
def map_page(request: HttpRequest) -> HttpResponse:
    return render(request, "cameras/map.html", {})


@require_GET
def camera_detail(request: HttpRequest, pk: int) -> HttpResponse:
    camera = get_object_or_404(Camera.objects.select_related("district"), pk=pk)
    return render(request, "cameras/detail.html", {"camera": camera})
