"""JSON endpoints of the report flow: the live position check and POST /api/cameras."""

from __future__ import annotations

import math

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from mapsite.cameras.models import Camera
from mapsite.core.errors import BadRequest, Forbidden, NotAuthenticated
from mapsite.core.http import geojson_response, json_error, json_response, read_payload
from mapsite.core.views import allow
from mapsite.districts.lookup import OutsideHongKong, district_at
from mapsite.lib.geo import parse_coordinates
from mapsite.sightings import limits
from mapsite.sightings.forms import ReportForm, form_errors
from mapsite.sightings.plausibility import described
from mapsite.sightings.serializers import camera_feature, nearby_items
from mapsite.sightings.services import AlreadySubmitted, report_camera


def _read_position(request: HttpRequest) -> tuple[float, float]:
    """(lat, lon) from ?q= (any text parse_coordinates accepts) or ?lat=&lon=; ValueError if unusable."""
    text = request.GET.get("q")
    if text is not None:
        if len(text) > 100:
            raise ValueError("too long")
        return parse_coordinates(text)
    lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
    if not (math.isfinite(lat) and math.isfinite(lon)) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError("out of range")
    return lat, lon


@allow("GET")
def locate(request: HttpRequest) -> HttpResponse:
    """GET /api/locate?lat=&lon= (or ?q=text): the district of a pin and the public cameras near it.

    Called as the pin moves. Nothing about the request is stored or logged.
    """
    try:
        lat, lon = _read_position(request)
    except (KeyError, ValueError):
        raise BadRequest(_("Give a position as lat and lon, or as q (for example 22.3193, 114.1694).")) from None
    try:
        district = district_at(lat, lon)
    except OutsideHongKong:
        raise BadRequest(
            _("This position is outside Hong Kong."), code="outside_hong_kong", lat=round(lat, 6), lon=round(lon, 6)
        ) from None
    nearby = Camera.objects.public().near(lat, lon, settings.DUPLICATE_RADIUS_SUBMIT_M)
    return json_response(
        {
            "lat": round(lat, 6),
            "lon": round(lon, 6),
            "code": district.code,
            "name_en": district.name_en,
            "name_zh": district.name_zh,
            "name": district.name,
            "nearby": nearby_items(nearby, request.user),
        }
    )


def _csrf_failed(request: HttpRequest) -> bool:
    # Run Django's own check, but answer in JSON rather than with the HTML failure page.
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is not None


def _own_feature(camera: Camera) -> dict:
    """The camera as the public API shows it, plus (for its reporter only) a foreign member
    `warnings`: the plausibility warnings found at submission, as codes with sentences."""
    return {**camera_feature(camera), "warnings": described(camera.warnings)}


def _already_submitted(request: HttpRequest, camera: Camera | None) -> HttpResponse:
    if camera is not None and camera.is_reported_by(request.user):
        # The same request again: the camera it made, with 200 rather than 201 (nothing new was made).
        return geojson_response(_own_feature(camera), status=200)
    return json_error(_("This submission token was already used."), status=409, fields={})


@csrf_exempt  # checked below, after authentication, so both refusals are JSON
@allow("POST")
def create_camera(request: HttpRequest) -> HttpResponse:
    """POST /api/cameras: the report form as JSON, for other clients (session auth, X-CSRFToken)."""
    if not request.user.is_authenticated:
        raise NotAuthenticated(_("Log in to report a camera."))
    if _csrf_failed(request):
        raise Forbidden(_("CSRF check failed. Send the csrftoken cookie's value in an X-CSRFToken header."))
    data = read_payload(request)
    limits.refuse_if_exhausted(request)
    form = ReportForm(data, allow_photo=False)
    if not form.is_valid() and form.already_submitted is not None:
        return _already_submitted(request, form.already_submitted)
    if not form.is_valid():
        message, fields = form_errors(form)
        extra = {"fields": fields}
        if form.nearby:
            extra["nearby"] = nearby_items(form.nearby, request.user)
        return json_error(message, status=400, **extra)
    try:
        camera = report_camera(request.user, form.cleaned_data, district=form.district)
    except AlreadySubmitted as exc:
        return _already_submitted(request, exc.camera)
    limits.count_report(request)
    response = geojson_response(_own_feature(camera), status=201)
    response["Location"] = camera.get_absolute_url()
    return response
