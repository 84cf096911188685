from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from mapsite.lib.http import json_error


@require_GET
def export_geojson(request: HttpRequest) -> HttpResponse:
    return json_error("not implemented", status=501)


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    return json_error("not implemented", status=501)
