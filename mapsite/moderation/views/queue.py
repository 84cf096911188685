"""The queue page (tabs, filters, sorts, pages), its map's data, and bulk decisions."""

from __future__ import annotations

import datetime as dt
import math

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mapsite.audit.models import AuditEntry
from mapsite.cameras.filters import parse_bbox
from mapsite.cameras.models import Camera
from mapsite.core.errors import Conflict, ServiceError
from mapsite.core.http import done, json_response, read_payload
from mapsite.moderation import services, undo
from mapsite.moderation.forms import BulkForm, BulkMatchingForm
from mapsite.moderation.queue import CAMERA_TABS, PAGE_SIZE, TABS, QueueForm, Tab, pending_photos, tab_cameras
from mapsite.moderation.views.common import page, queue_action, queue_url
from mapsite.photos.models import Photo

# "Recently decided" reaches back this far: long enough to catch a mistake after a weekend.
DECIDED_DAYS = 7
# The queue map draws at most this many points; past it, the moderator zooms in.
MAP_LIMIT = 3000
ROW_FIELDS = ("id", "district__code", "district__name_en", "kind", "operator", "reported_at", "confirm_count",
              "dispute_count", "version", "is_demo", "status", "flagged")


def _decided() -> object:
    since = timezone.now() - dt.timedelta(days=DECIDED_DAYS)
    return AuditEntry.objects.filter(created_at__gte=since, **undo.undoable())


def _paged(rows, total: int, number: int | None) -> tuple[list, dict]:
    pages = max(1, math.ceil(total / PAGE_SIZE))
    number = min(number or 1, pages)
    start = (number - 1) * PAGE_SIZE
    return list(rows[start:start + PAGE_SIZE]), {"number": number, "pages": pages, "total": total,
                                                  "previous": number - 1 if number > 1 else None,
                                                  "next": number + 1 if number < pages else None}


def _thumbnails(camera_ids: list[int]) -> dict[int, int]:
    """A photo id per camera on the page (one query), for the row's thumbnail."""
    photos = (Photo.objects.filter(camera_id__in=camera_ids).exclude(status=Photo.Status.REJECTED)
              .order_by("camera_id", "pk").values_list("camera_id", "pk"))
    first: dict[int, int] = {}
    for camera_id, photo_id in photos:
        first.setdefault(camera_id, photo_id)
    return first


@page
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueForm(request.GET)
    form.is_valid()
    tab = form.current_tab
    counts = {
        Tab.FLAGGED: form.filter(tab_cameras(Tab.FLAGGED)).count(),
        Tab.PENDING: form.filter(tab_cameras(Tab.PENDING)).count(),
        Tab.PHOTOS: pending_photos().count(),
        Tab.DECIDED: _decided().count(),
    }
    number = form.value("page")
    context = {"form": form, "tab": tab, "problems": form.problems(), "counts": counts,
               "tabs": [(key, label, counts[key], form.query(without=("page", "tab"), tab=key))
                        for key, label in TABS],
               "query": form.query(), "filtered": form.is_filtered(), "now": timezone.now()}
    if tab in CAMERA_TABS:
        rows, paging = _paged(form.matching().values(*ROW_FIELDS), counts[tab], number)
        thumbs = _thumbnails([row["id"] for row in rows])
        for row in rows:
            row["photo"] = thumbs.get(row["id"])
            row["kind_label"] = Camera.Kind(row["kind"]).label
            row["operator_label"] = Camera.Operator(row["operator"]).label
        context.update(rows=rows, bulk_form=BulkForm())
    elif tab == Tab.PHOTOS:
        rows, paging = _paged(pending_photos().select_related("camera__district").order_by("created_at", "pk"),
                              counts[tab], number)
        context.update(photos=rows)
    else:
        entries, paging = _paged(_decided().select_related("actor", "camera").order_by("-created_at", "-pk"),
                                 counts[tab], number)
        gone = undo.undone_ids([e.pk for e in entries])
        context.update(entries=entries, undone=gone)
    context["paging"] = paging
    context["page_query"] = form.query(without=("page",))
    context["map_config"] = {
        "url": reverse("moderation:pending_map"), "query": context["page_query"],
        "review": reverse("moderation:camera", args=[0]).replace("/0/", "/{id}/"),
        "labels": {"more": _("Too many cameras to show: zoom in."), "open": _("Review camera #{id}")},
    }
    # A bad filter is shown as a problem beside the list, as on the audit log; the valid ones still apply.
    return render(request, "moderation/queue.html", context)


@page
def pending_map(request: HttpRequest) -> HttpResponse:
    """The queue tab's cameras in a bounding box, with the queue's filters: [[id, lat, lon], ...]."""
    min_lon, min_lat, max_lon, max_lat = parse_bbox(request.GET.get("bbox"))
    form = QueueForm(request.GET)
    if not form.is_valid():
        raise ServiceError(form.problems()[0])
    tab = form.current_tab if form.current_tab in CAMERA_TABS else Tab.PENDING
    cameras = form.filter(tab_cameras(tab)).in_bbox(min_lon, min_lat, max_lon, max_lat)
    points = list(cameras.order_by("pk").values_list("pk", "latitude", "longitude")[:MAP_LIMIT + 1])
    return json_response({"cameras": points[:MAP_LIMIT], "more": len(points) > MAP_LIMIT})


def _bulk_message(decision: str, result: services.BulkResult) -> str:
    if decision == services.Decision.VERIFY:
        message = ngettext("%(n)d camera verified.", "%(n)d cameras verified.", len(result.done))
    else:
        message = ngettext("%(n)d camera rejected.", "%(n)d cameras rejected.", len(result.done))
    message = message % {"n": len(result.done)}
    if result.failed:
        message += " " + " ".join(
            _("Camera #%(id)s: %(why)s") % {"id": camera_id, "why": why} for camera_id, why in result.failed[:20]
        )
    if result.failed and not result.done:
        raise Conflict(message)
    return message


@queue_action()
def bulk(request: HttpRequest) -> HttpResponse:
    data = BulkForm(read_payload(request, lists=("cameras",))).valid_data()
    result = services.bulk_decide(data["items"], data["decision"], actor=request.user, reason=data["reason"])
    message = _bulk_message(data["decision"], result)
    return done(request, message, {"done": result.done, "failed": [c for c, _w in result.failed]}, back=queue_url())


@queue_action()
def bulk_matching(request: HttpRequest) -> HttpResponse:
    data = BulkMatchingForm(read_payload(request)).valid_data()
    form = QueueForm(QueryDict(data["query"]))
    if not form.is_valid() or form.current_tab not in CAMERA_TABS:
        raise ServiceError(_("This filter is out of date; reload the queue."))
    cameras = form.filter(tab_cameras(form.current_tab))
    result = services.bulk_decide_matching(cameras, data["expected"], data["decision"], actor=request.user,
                                           reason=data["reason"])
    message = _bulk_message(data["decision"], result)
    return done(request, message, {"done": len(result.done), "failed": [c for c, _w in result.failed]},
                back=queue_url(form.query(without=("page",))))
