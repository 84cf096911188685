from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from mapsite.lib.http import json_error


@require_GET
def cameras_geojson(request: HttpRequest) -> HttpResponse:
    return json_error("not implemented", status=501)


@require_GET
def camera_geojson(request: HttpRequest, pk: int) -> HttpResponse:
    return json_error("not implemented", status=501)
