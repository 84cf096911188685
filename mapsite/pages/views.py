from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mapsite.cameras.models import Camera
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


Kind = Camera.Kind
# (kind, what it looks like, where residents meet it in Hong Kong). The drawings are the project's own SVG.
KIND_GUIDE = (
    (
        Kind.DOME,
        gettext_lazy("A half-sphere of dark glass or plastic under a ceiling, eave or pole arm. "
                     "You cannot see which way the lens points."),
        gettext_lazy("Common in MTR stations, malls, housing estate lobbies and car parks."),
    ),
    (
        Kind.FIXED,
        gettext_lazy("A box or tube on a bracket, pointing one way, like a small torch. "
                     "Its direction is easy to read: note it when you report."),
        gettext_lazy("On building walls, shop fronts, estates and lamp posts."),
    ),
    (
        Kind.PTZ,
        gettext_lazy("A larger ball, or a camera on a motorised head, that can pan, tilt and zoom, "
                     "often hanging from a pole arm. It can turn to look anywhere."),
        gettext_lazy("Over busy junctions, harbourfronts and streets the police watch."),
    ),
    (
        Kind.ANPR,
        gettext_lazy("A long box, often with a ring of small red infrared lights beside the lens, "
                     "aimed along a lane at the height of number plates."),
        gettext_lazy("On gantries and poles over roads, and at tunnel and car park entrances."),
    ),
    (
        Kind.SMARTVIEW,
        gettext_lazy("Several cameras on one pole or arm, often a dome with two or more boxes pointing "
                     "different ways, with a grey cabinet nearby. Police SmartView sets look like this."),
        gettext_lazy("Reported first in Mong Kok, now in many districts."),
    ),
    (
        Kind.TRAFFIC,
        gettext_lazy("A box camera on a tall pole or gantry looking along the road, often near traffic lights. "
                     "The Transport Department publishes snapshots from many of them."),
        gettext_lazy("At junctions and on trunk roads."),
    ),
    (
        Kind.UNKNOWN,
        gettext_lazy("Not sure, or it looks like none of these? Choose this: "
                     "a resident or a moderator can set the kind later."),
        "",
    ),
)


@allow("GET")
def kinds(request: HttpRequest) -> HttpResponse:
    guide = [
        {"value": kind.value, "label": kind.label, "looks": looks, "where": where, "drawing": f"pages/kinds/{kind}.svg"}
        for kind, looks, where in KIND_GUIDE
    ]
    return render(request, "pages/kinds.html", {"kinds": guide})


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
