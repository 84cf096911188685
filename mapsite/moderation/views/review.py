"""The review page of one camera (with next/previous in the moderator's filtered
queue) and the merge picker, which sets two records side by side."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.cameras.views import map_zooms
from mapsite.core.errors import NotFound, ServiceError
from mapsite.core.forms import IdField
from mapsite.moderation.forms import EditForm
from mapsite.moderation.merging import PICKABLE, default_picks
from mapsite.moderation.queue import CAMERA_TABS, QueueForm
from mapsite.moderation.views.common import page, queue_url, review_url
from mapsite.votes.models import Vote


def _disputes() -> Prefetch:
    return Prefetch(
        "votes",
        queryset=Vote.objects.filter(kind=Vote.Kind.DISPUTE).order_by("created_at"),
        to_attr="disputes",
    )


def _walk(request: HttpRequest, camera: Camera) -> dict:
    """Where the moderator came from in the queue, and the cameras before and after this one there."""
    form = QueueForm(request.GET)
    form.is_valid()
    # The place in the list rides along, so "back to the queue" returns to the page the walk began on.
    query = form.query(without=())
    prev_id = next_id = None
    if form.current_tab in CAMERA_TABS:
        prev_id, next_id = form.neighbours(camera)
    return {
        "queue_query": query,
        "back_url": queue_url(query),
        "prev_url": review_url(prev_id, query) if prev_id else "",
        "next_url": review_url(next_id, query) if next_id else "",
    }


@page
def camera(request: HttpRequest, pk: int) -> HttpResponse:
    cam = get_object_or_404(
        Camera.objects.with_district().select_related("merged_into").prefetch_related(_disputes()), pk=pk
    )
    nearby = [
        (round(d), other)
        for d, other in Camera.objects.public().exclude(pk=cam.pk).near(
            cam.latitude, cam.longitude, settings.DUPLICATE_MAX_DISTANCE_M
        )
    ]
    walk = _walk(request, cam)
    return render(
        request,
        "moderation/camera.html",
        {
            "camera": cam,
            "edit_form": EditForm(camera=cam),
            "nearby": nearby,
            "photos": cam.photos.all(),
            "entries": AuditEntry.objects.filter(camera=cam).select_related("actor")[:100],
            # After a decision, on to the next camera of the same queue (or back to it at its end).
            "next": walk["next_url"] or walk["back_url"],
            **walk,
            "review_map": {
                "camera": {"id": cam.pk, "lat": cam.latitude, "lon": cam.longitude},
                "nearby": [
                    {"id": o.pk, "lat": o.latitude, "lon": o.longitude, "kind": str(o.get_kind_display())}
                    for _d, o in nearby
                ],
                "labels": {"drag": _("Drag to move the camera"), "original": _("Where it is now")},
                "zooms": map_zooms(),
            },
        },
    )


def _value(camera: Camera, name: str) -> str:
    if name == "position":
        return f"{camera.latitude:.6f}, {camera.longitude:.6f} ({camera.district.name_en})"
    if name == "source":
        return str(camera.get_source_display()) + (f" · {_('demo data')}" if camera.is_demo else "")
    display = getattr(camera, f"get_{name}_display", None)
    value = display() if display else getattr(camera, name)
    return "—" if value in (None, "") else str(value)


@page
def merge_picker(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        into = IdField().clean(request.GET.get("into"))
    except ValidationError:
        raise ServiceError(_("Give the number of the camera to keep.")) from None
    found = Camera.objects.with_district().in_bulk([pk, into])
    duplicate, survivor = found.get(pk), found.get(into)
    if duplicate is None or survivor is None:
        raise NotFound(_("This camera does not exist."))
    if pk == into:
        raise ServiceError(_("A camera cannot be merged into itself."))
    suggested = default_picks(duplicate, survivor)
    rows = [
        {"name": name, "label": label, "mine": _value(duplicate, name), "theirs": _value(survivor, name),
         "take": name in suggested, "same": _value(duplicate, name) == _value(survivor, name)}
        for name, label in PICKABLE.items()
    ]
    walk = _walk(request, duplicate)
    return render(request, "moderation/merge.html", {
        "duplicate": duplicate, "survivor": survivor, "rows": rows, "next": walk["next_url"] or walk["back_url"],
        **walk,
    })
