from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mapsite.cameras.models import Camera
from mapsite.core.errors import BadRequest, NotFound
from mapsite.core.http import done, json_response, read_payload, wants_json
from mapsite.core.views import action, allow
from mapsite.moderation.roles import is_moderator
from mapsite.photos import services
from mapsite.photos import storage as photo_storage
from mapsite.photos.forms import MAX_DRAWN, RedactForm, WithdrawForm
from mapsite.photos.models import Photo


def _serve(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    photo = get_object_or_404(Photo.objects.select_related("camera"), pk=pk)
    approved = photo.is_public
    # The uploader sees their own photo while it waits, to blur more of it or take it back.
    own_pending = photo.status == Photo.Status.PENDING and photo.uploader_id is not None \
        and photo.uploader_id == request.user.pk
    # A photo awaiting approval (or rejected) does not exist for the public: 404, not 403.
    if not (approved or own_pending or is_moderator(request.user)):
        raise Http404
    try:
        handle = photo_storage.open_for_reading(getattr(photo, field))
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/jpeg")
    # Pending photos must not sit in shared caches once a moderator has looked at them.
    response["Cache-Control"] = "public, max-age=86400" if approved else "private, no-store"
    return response


@allow("GET")
def camera_photos(request: HttpRequest, pk: int) -> HttpResponse:
    """A public camera's approved photos, for its map popup: {"photos": [{"image", "thumbnail"}]}."""
    camera = Camera.objects.filter(pk=pk).first()
    if camera is None or not camera.is_public:
        raise NotFound(_("Camera not found."))
    photos = [
        {"image": reverse("photos:image", args=[p.pk]), "thumbnail": reverse("photos:thumbnail", args=[p.pk])}
        for p in Photo.objects.public_of(pk).only("pk")
    ]
    response = json_response({"photos": photos})
    # Approvals go public at a publication window; a few minutes' staleness shows nothing finer.
    response["Cache-Control"] = "public, max-age=300"
    return response


@allow("GET")
def image(request: HttpRequest, pk: int) -> HttpResponse:
    return _serve(request, pk, "image")


@allow("GET")
def thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    return _serve(request, pk, "thumbnail")


def redact_url(pk: int) -> str:
    return reverse("photos:redact", args=[pk])


@allow("GET", "POST")
@login_required
def redact(request: HttpRequest, pk: int) -> HttpResponse:
    """The photo with what was blurred outlined, and a form to blur more (drawn or typed boxes)."""
    photo = services.editable_photo(pk, request.user)
    form = RedactForm(read_payload(request) if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            boxes = form.cleaned_data["boxes"]
            photo = services.redact(pk, boxes, actor=request.user)
            message = ngettext("%(n)d region blurred.", "%(n)d regions blurred.", len(boxes)) % {"n": len(boxes)}
            return done(request, message, {"photo": pk, "boxes": photo.boxes}, back=redact_url(pk))
        if wants_json(request):
            raise BadRequest(form.first_error())
        status = 400
    moderator = is_moderator(request.user)
    found = {"face": 0, "plate": 0, "drawn": 0}
    for box in photo.boxes:
        if box.get("source") in found:
            found[box["source"]] += 1
    context = {"found": found,
        "photo": photo, "form": form, "max_drawn": MAX_DRAWN, "moderator": moderator,
        "own": photo.uploader_id == request.user.pk, "withdraw_form": WithdrawForm(),
        "labels": {"box": _("Box %(n)s"), "remove": _("Remove"), "full": _("No more boxes fit in one go.")},
    }
    return render(request, "photos/redact.html", context, status=status)


@action(back=redact_url)
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploader deletes their own photo while it awaits approval."""
    WithdrawForm(read_payload(request)).valid_data()
    services.withdraw(pk, user=request.user)
    return done(request, _("Your photo is deleted."), {"photo": pk, "deleted": True},
                back=reverse("sightings:mine"))
