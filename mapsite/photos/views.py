from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from mapsite.core.views import allow
from mapsite.moderation.roles import is_moderator
from mapsite.photos import storage as photo_storage
from mapsite.photos.models import Photo


def _serve(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    photo = get_object_or_404(Photo.objects.select_related("camera"), pk=pk)
    approved = photo.is_public
    # A photo awaiting approval (or rejected) does not exist for the public: 404, not 403.
    if not (approved or is_moderator(request.user)):
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
def image(request: HttpRequest, pk: int) -> HttpResponse:
    return _serve(request, pk, "image")


@allow("GET")
def thumbnail(request: HttpRequest, pk: int) -> HttpResponse:
    return _serve(request, pk, "thumbnail")
