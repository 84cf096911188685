"""The report page and the resident's own list. The work is in forms.py and services.py."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mapsite.cameras.models import Camera
from mapsite.cameras.views import map_zooms
from mapsite.core.errors import Unavailable
from mapsite.core.views import allow
from mapsite.publication.windows import report_waiting_until
from mapsite.sightings import limits
from mapsite.sightings.forms import ReportForm
from mapsite.sightings.serializers import nearby_items
from mapsite.sightings.services import AlreadySubmitted, own_report_closed, report_camera


def _js_config(nearby: list[dict]) -> dict:
    return {
        "locateUrl": reverse("sightings_api:locate"),
        "camerasUrl": reverse("cameras_api:cameras"),
        "districtsUrl": reverse("districts_api:districts"),
        "lang": get_language(),
        "radius": settings.DUPLICATE_RADIUS_SUBMIT_M,
        "zooms": map_zooms(),
        "nearby": nearby,
        "labels": {
            "district": _("District: %(name)s"),
            "checking": _("Checking the position…"),
            "checkFailed": _("Could not check the position. You can still submit; it will be checked then."),
            "geoUnsupported": _("This browser cannot share its location."),
            "geoDenied": _("Your location is not available. Place the pin on the map instead."),
            "geoPlaced": _(
                "The pin is at your device's position. Nothing has been sent yet: drag the pin onto the camera, "
                "then check the position."
            ),
            "badCoordinates": _(
                "Those coordinates were not understood. Try 22.3193, 114.1694 or 22°19′09″N 114°10′10″E."
            ),
            "nearbyTitle": _("Cameras already on the map within %(radius)s m:"),
            "confirm": _("This is the same camera: confirm it"),
            "metres": _("%(distance)s m away"),
            "reported": _("reported %(date)s"),
            "pin": _("Camera position"),
            "handle": _("Drag to set the direction the camera faces"),
            "existing": _("Camera already on the map"),
            "yours": _("You reported this camera, so you cannot confirm it; another resident can."),
        },
    }


def _kept_for_later(request: HttpRequest, form: ReportForm) -> HttpResponse:
    """A passing fault (database busy, disk full): nothing was saved, so the form comes back
    as the resident filled it in, with a 503 asking them to send it again shortly."""
    form.add_error(None, ValidationError(
        _("The site is busy and your report is not saved yet. What you entered is kept below: "
          "please send it again in a minute."), code="unavailable"))
    if form.cleaned_data.get("photo"):
        # A browser never refills a file input: say so, rather than drop the photo silently.
        form.add_error(None, ValidationError(_("Attach your photo again before you send."), code="photo_again"))
    response = _form_page(request, form, status=503)
    response["Retry-After"] = str(Unavailable.retry_after)
    return response


@login_required
@allow("GET", "POST")
def new_sighting(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        # Refused before any work (decoding a photo is not free); counted only on success.
        limits.refuse_if_exhausted(request)
        form = ReportForm(request.POST, request.FILES, oversized=frozenset(getattr(request, "oversized_uploads", ())))
        valid = form.is_valid()
        earlier = form.already_submitted
        if valid:
            try:
                camera = report_camera(
                    request.user, form.cleaned_data, district=form.district, processed_photo=form.processed_photo
                )
            except (Unavailable, OperationalError):
                return _kept_for_later(request, form)
            except AlreadySubmitted as exc:
                earlier = exc.camera
                form.add_error(
                    None, _("This form was already submitted. Please reload the page to report another camera.")
                )
            else:
                limits.count_report(request)
                messages.success(request, _thanks(camera))
                return redirect(camera)
        if earlier is not None and earlier.reporter_id == request.user.pk:
            messages.info(request, _("This report was already received; it was not added twice."))
            return redirect(earlier)
        status = 400
        if request.FILES.get("photo"):
            # A browser never refills a file input: say so, rather than drop the photo silently.
            form.add_error(None, ValidationError(_("Attach your photo again before you send."), code="photo_again"))
    else:
        form = ReportForm(initial={"submission_token": uuid.uuid4()})
        status = 200
    return _form_page(request, form, status=status)


def _form_page(request: HttpRequest, form: ReportForm, *, status: int) -> HttpResponse:
    nearby = nearby_items(form.nearby, request.user)
    context = {
        "form": form,
        "nearby": nearby,
        "duplicate_error": form.has_error("__all__", "duplicate"),
        "js_config": _js_config(nearby),
    }
    return render(request, "sightings/new.html", context, status=status)


@login_required
@allow("GET")
def my_sightings(request: HttpRequest) -> HttpResponse:
    from mapsite.moderation.outcomes import mark_seen, outcome_entries
    from mapsite.photos.models import Photo

    cameras = list(
        Camera.objects.filter(reporter=request.user)
        .select_related("district", "merged_into")
        .order_by("-reported_at", "-pk")
    )
    previous = mark_seen(request.user)
    latest = {}
    for entry in outcome_entries(request.user).only("camera_id", "action", "reason", "created_at").order_by(
        "created_at", "pk"
    ):
        latest[entry.camera_id] = entry
    photos: dict[int, list] = {}
    for photo in Photo.objects.filter(uploader=request.user).order_by("created_at", "pk"):
        photos.setdefault(photo.camera_id, []).append(photo)
    for camera in cameras:
        camera.outcome = latest.get(camera.pk)
        camera.outcome_is_new = bool(camera.outcome and (previous is None or camera.outcome.created_at > previous))
        camera.my_photos = photos.get(camera.pk, [])
        camera.open_to_reporter = not own_report_closed(camera)
    return render(request, "sightings/mine.html", {"cameras": cameras})


def _thanks(camera) -> str:
    if until := report_waiting_until(camera):
        return _(
            "Thank you. Your report goes on the map at %(time)s, with others sent in the same few hours, "
            "so that nobody can tell when you stood there. Until then only you can see it."
        ) % {"time": until}
    return _("Thank you. The camera is on the map as pending until residents or a moderator verify it.")
