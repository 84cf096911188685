"""The report page and the resident's own list. The work is in forms.py and services.py."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_ratelimit.exceptions import Ratelimited

from mapsite.cameras.models import Camera
from mapsite.cameras.views import map_zooms
from mapsite.core.errors import BadRequest, Conflict, NotAuthenticated, TooMany, Unavailable
from mapsite.core.http import json_response, wants_json
from mapsite.core.views import allow
from mapsite.publication.windows import report_waiting_until
from mapsite.sightings import limits
from mapsite.sightings.forms import ReportForm, form_errors
from mapsite.sightings.serializers import nearby_items
from mapsite.sightings.services import AlreadySubmitted, own_report_closed, report_camera


def account_tag(user) -> str | None:
    """Which account a report kept on the device belongs to, so it is sent only while
    that account is signed in. A keyed hash: the device learns no account number."""
    if not user.is_authenticated:
        return None
    return salted_hmac("mapsite.sightings.queue", str(user.pk)).hexdigest()[:20]


def _js_config(request: HttpRequest, nearby: list[dict]) -> dict:
    return {
        "submitUrl": reverse("sightings:new"),
        "account": account_tag(request.user),
        "probeUrl": static("offline/register.js"),
        "queue": _queue_labels(),
        "locateUrl": reverse("sightings_api:locate"),
        "camerasUrl": reverse("cameras_api:cameras"),
        "districtsUrl": reverse("districts_api:districts"),
        "lang": get_language(),
        "radius": settings.DUPLICATE_RADIUS_SUBMIT_M,
        "zooms": map_zooms(),
        "nearby": nearby,
        "labels": {
            "district": _("District: %(name)s"),
            "photoPreview": _("The photo you chose"),
            "photoPreviewNote": _(
                "Not sent yet. When it is, faces and number plates the site finds are blurred, "
                "and you can blur more before a moderator approves it."
            ),
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


def _queue_labels() -> dict:
    return {
        "kept": _("You are offline, so the report is kept on this device. It is sent when the connection returns."),
        "sending": _("Sending…"),
        "sent": _("Sent: %(message)s"),
        "waiting": _("Waiting for the connection"),
        "refused": _("Not accepted: %(error)s Cancel it, and report the camera again."),
        "retry": _("Not sent yet: %(error)s It is tried again later."),
        "login": _("Log in to send it."),
        "queuedAt": _("kept %(time)s"),
        "withPhoto": _("with a photo"),
        "cancel": _("Cancel"),
        "cancelLabel": _("Cancel the report kept at %(time)s"),
        "open": _("Open"),
        "others": _(
            "%(count)s more kept by another account on this device; they are sent when it is signed in here."
        ),
        "unsupported": _("This browser cannot keep reports offline. Send the form when you are online."),
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
    if request.method != "POST":
        return _form_page(request, ReportForm(initial={"submission_token": uuid.uuid4()}), status=200)
    if request.POST.get("check"):
        return _checked(request)
    as_json = wants_json(request)
    kept_by = request.POST.get("queue_account")
    if kept_by and kept_by != account_tag(request.user):
        # Kept on this device under another account: it stays kept until that one signs in.
        raise NotAuthenticated(_("This report was kept by another account. Log in as that account to send it."))
    # Refused before any work (decoding a photo is not free); counted only on success.
    try:
        limits.refuse_if_exhausted(request)
    except Ratelimited:
        if as_json:  # the queue reads {"error": ...} and tries again later
            raise TooMany() from None
        raise
    form = ReportForm(request.POST, request.FILES, oversized=frozenset(getattr(request, "oversized_uploads", ())))
    valid = form.is_valid()
    earlier = form.already_submitted
    if valid:
        try:
            camera = report_camera(
                request.user, form.cleaned_data, district=form.district, processed_photo=form.processed_photo
            )
        except (Unavailable, OperationalError):
            if as_json:
                raise Unavailable() from None
            return _kept_for_later(request, form)
        except AlreadySubmitted as exc:
            earlier = exc.camera
            form.add_error(
                None, _("This form was already submitted. Please reload the page to report another camera.")
            )
        else:
            limits.count_report(request)
            thanks = _thanks(camera)
            if as_json:
                return _sent(camera, thanks, status=201)
            messages.success(request, thanks)
            return redirect(camera)
    if earlier is not None and earlier.is_reported_by(request.user):
        # A double submit, or a queued report sent again: a success that adds nothing.
        received = _("This report was already received; it was not added twice.")
        if as_json:
            return _sent(earlier, received, status=200, already=True)
        messages.info(request, received)
        return redirect(earlier)
    if as_json:
        if earlier is not None:
            raise Conflict(_("This submission token was already used."))
        message, fields = form_errors(form)
        raise BadRequest(message, fields=fields)
    if request.FILES.get("photo"):
        # A browser never refills a file input: say so, rather than drop the photo silently.
        form.add_error(None, ValidationError(_("Attach your photo again before you send."), code="photo_again"))
    return _form_page(request, form, status=400)


def _sent(camera: Camera, message: str, *, status: int, already: bool = False) -> HttpResponse:
    """The answer to the offline queue: what became of the report it kept. No notice is
    left for the next page: the queue shows this message itself."""
    return json_response(
        {"ok": True, "already": already, "message": str(message), "url": camera.get_absolute_url()}, status=status
    )


def _checked(request: HttpRequest) -> HttpResponse:
    """Without JavaScript, "Check this position" sends the form to be validated and
    shown again, with the district and the cameras nearby, saving nothing."""
    form = ReportForm(request.POST, allow_photo=False)
    form.is_valid()
    checked = None
    if form.district is not None:
        # Both names, the page's language first, as the map's own check shows them.
        names = [form.district.name_en, form.district.name_zh]
        if get_language().startswith("zh"):
            names.reverse()
        checked = _("District: %(name)s") % {"name": " · ".join(names)}
    if request.FILES.get("photo"):
        form.add_error(None, ValidationError(_("Attach your photo again before you send."), code="photo_again"))
    return _form_page(request, form, status=200 if checked else 400, checked=checked)


def _form_page(request: HttpRequest, form: ReportForm, *, status: int, checked: str | None = None) -> HttpResponse:
    nearby = nearby_items(form.nearby, request.user)
    context = {
        "form": form,
        "checked": checked,
        "nearby": nearby,
        "duplicate_error": form.has_error("__all__", "duplicate"),
        "js_config": _js_config(request, nearby),
    }
    return render(request, "sightings/new.html", context, status=status)


@allow("GET")
def offline_form(request: HttpRequest) -> HttpResponse:
    """The report page as the service worker keeps it, to show when there is no connection.

    Rendered as for a visitor who is not signed in, whoever asks: a cached copy must hold
    nothing of any account (no name, no notices). What is sent from it goes through the
    offline queue, which signs each request with the current CSRF cookie at send time.
    """
    request.user = AnonymousUser()
    context = {
        "form": ReportForm(),
        "offline_shell": True,
        "nearby": [],
        "duplicate_error": False,
        "js_config": _js_config(request, []),
    }
    response = render(request, "sightings/new.html", context)
    response["Cache-Control"] = "no-cache"
    return response


@login_required
@allow("GET")
def my_sightings(request: HttpRequest) -> HttpResponse:
    from mapsite.moderation.outcomes import mark_seen, outcome_entries
    from mapsite.photos.models import Photo

    cameras = list(
        Camera.objects.filter(reporter=request.user)
        .with_district()
        .select_related("merged_into")
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
    # Who can see a waiting report until then, the camera page's own notice says right below.
    if until := report_waiting_until(camera):
        return _(
            "Thank you. Your report goes on the map at %(time)s, with others sent in the same few hours, "
            "so that nobody can tell when you stood there."
        ) % {"time": until}
    return _("Thank you. The camera is on the map as pending until residents or a moderator verify it.")
