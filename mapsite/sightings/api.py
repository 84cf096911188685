"""JSON endpoints of the report flow: the live position check and POST /api/cameras."""

from __future__ import annotations

import math

import orjson
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from mapsite.cameras.models import Camera
from mapsite.districts.lookup import OutsideHongKong, district_at
from mapsite.lib import ratelimit
from mapsite.lib.geo import parse_coordinates
from mapsite.lib.http import geojson_response, json_error, json_response
from mapsite.sightings.forms import ReportForm
from mapsite.sightings.limits import submit_limits
from mapsite.sightings.serializers import camera_feature, nearby_items
from mapsite.sightings.services import AlreadySubmitted, report_camera


def _method_not_allowed(allowed: list[str]) -> HttpResponse:
    response = json_error(_("Method not allowed."), status=405)
    response["Allow"] = ", ".join(allowed)
    return response


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


def locate(request: HttpRequest) -> HttpResponse:
    """GET /api/locate?lat=&lon= (or ?q=text): the district of a pin and the public cameras near it.

    Called as the pin moves. Nothing about the request is stored or logged.
    """
    if request.method not in ("GET", "HEAD"):
        return _method_not_allowed(["GET", "HEAD"])
    try:
        lat, lon = _read_position(request)
    except (KeyError, ValueError):
        return json_error(_("Give a position as lat and lon, or as q (for example 22.3193, 114.1694)."))
    try:
        district = district_at(lat, lon)
    except OutsideHongKong:
        return json_error(
            _("This position is outside Hong Kong."), code="outside_hong_kong", lat=round(lat, 6), lon=round(lon, 6)
        )
    nearby = Camera.objects.public().near(lat, lon, settings.DUPLICATE_RADIUS_SUBMIT_M)
    return json_response(
        {
            "lat": round(lat, 6),
            "lon": round(lon, 6),
            "code": district.code,
            "name_en": district.name_en,
            "name_zh": district.name_zh,
            "name": district.name,
            "nearby": nearby_items(nearby),
        }
    )


def _csrf_failed(request: HttpRequest) -> bool:
    # Run Django's own check, but answer in JSON rather than with the HTML failure page.
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is not None


def _form_errors(form: ReportForm) -> tuple[str, dict]:
    fields = {name: [e["message"] for e in errors] for name, errors in form.errors.get_json_data().items()}
    general = fields.pop("__all__", None)
    message = general[0] if general else _("Some fields are not valid.")
    return message, fields


def _already_submitted(request: HttpRequest, camera: Camera | None) -> HttpResponse:
    if camera is not None and camera.reporter_id == request.user.pk:
        # The same request again: the camera it made, with 200 rather than 201 (nothing new was made).
        return geojson_response(camera_feature(camera), status=200)
    return json_error(_("This submission token was already used."), status=409, fields={})


@csrf_exempt  # checked below, after authentication, so both refusals are JSON
def create_camera(request: HttpRequest) -> HttpResponse:
    """POST /api/cameras: the report form as JSON, for other clients (session auth, X-CSRFToken)."""
    if request.method != "POST":
        return _method_not_allowed(["POST"])
    if not request.user.is_authenticated:
        return json_error(_("Log in to report a camera."), status=401)
    if _csrf_failed(request):
        return json_error(
            _("CSRF check failed. Send the csrftoken cookie's value in an X-CSRFToken header."), status=403
        )
    try:
        body = orjson.loads(request.body)
    except orjson.JSONDecodeError:
        return json_error(_("The request body is not valid JSON."))
    if not isinstance(body, dict):
        return json_error(_("The request body must be a JSON object."))
    ratelimit.refuse_if_exhausted(request, submit_limits())
    data = {}
    for key, value in body.items():
        if isinstance(value, (list, dict)):
            return json_error(_("Every field must be a string, a number, true/false or null."), fields={key: []})
        # Form fields parse text, as from an HTML form ("true"/"false" for confirm_different).
        if value is None:
            data[key] = ""
        elif isinstance(value, bool):
            data[key] = "true" if value else "false"
        else:
            data[key] = str(value)
    form = ReportForm(data, allow_photo=False)
    if not form.is_valid() and form.already_submitted is not None:
        return _already_submitted(request, form.already_submitted)
    if not form.is_valid():
        message, fields = _form_errors(form)
        extra = {"fields": fields}
        if form.nearby:
            extra["nearby"] = nearby_items(form.nearby)
        return json_error(message, status=400, **extra)
    try:
        camera = report_camera(request.user, form.cleaned_data, district=form.district)
    except AlreadySubmitted as exc:
        return _already_submitted(request, exc.camera)
    ratelimit.count(request, submit_limits())
    response = geojson_response(camera_feature(camera), status=201)
    response["Location"] = camera.get_absolute_url()
    return response
