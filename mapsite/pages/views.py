from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from mapsite.core.http import is_api, json_error
from mapsite.core.views import allow
from mapsite.figures.models import OfficialFigure


@allow("GET")
def about(request: HttpRequest) -> HttpResponse:
    context = {
        "figure_count": OfficialFigure.objects.count(),
        "verify_min": settings.VERIFY_MIN_CONFIRMATIONS,
        "established_verified": settings.TRUST_ESTABLISHED_VERIFIED,
        "established_days": settings.TRUST_ESTABLISHED_DAYS,
        "land_km": f"{settings.PLAUSIBLE_LAND_DISTANCE_M / 1000:g}",
    }
    return render(request, "pages/about.html", context)


def ratelimited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """django-ratelimit sends limited requests here: a 429 that says when to retry.

    The windows are at most an hour, so 'within the hour' is always true; JSON
    clients get the same as {"error": ...}.
    """
    if is_api(request):
        response = json_error(_("Too many requests. Please wait a while and try again."), status=429)
    else:
        response = render(request, "429.html", status=429)
    response["Retry-After"] = "3600"
    return response
