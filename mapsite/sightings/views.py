from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def new_sighting(request: HttpRequest) -> HttpResponse:
    return HttpResponse("not implemented", status=501)


@login_required
def my_sightings(request: HttpRequest) -> HttpResponse:
    return HttpResponse("not implemented", status=501)
