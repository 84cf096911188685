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
from mapsite.cameras.features import url_template
from mapsite.cameras.filters import parse_bbox
from mapsite.cameras.models import Camera
from mapsite.core.errors import Conflict, ServiceError
from mapsite.core.http import done, json_response, read_payload
from mapsite.districts.lookup import district_names
from mapsite.moderation import services, undo
from mapsite.moderation.forms import BulkForm, BulkMatchingForm
from mapsite.moderation.queue import (
    CAMERA_TABS,
    PAGE_SIZE,
    PLACE,
    TABS,
    QueueForm,
    Tab,
    beyond,
    pending_photos,
    tab_cameras,
)
from mapsite.moderation.views.common import page, queue_action, queue_url
from mapsite.moderation.views.listing import filter_controls, queue_rows
from mapsite.photos.models import Photo

# "Recently decided" reaches back this far: long enough to catch a mistake after a weekend.
DECIDED_DAYS = 7
# The queue map draws at most this many points; past it, the moderator zooms in.
MAP_LIMIT = 3000
ROW_FIELDS = ("id", "district_id", "kind", "operator", "reported_at", "confirm_count",
              "dispute_count", "version", "is_demo", "status", "flagged")


# Counts stop here and show as "10,000+": past it the exact figure changes nothing a moderator does
# (bulk decisions stop at services.BULK_MAX), and a count that reads every row is not flat.
COUNT_CAP = 10_000
# Page numbers reach this deep (OFFSET of at most 1,000 rows); past it, "next" is a keyset cursor.
NUMBERED_PAGES = 20


def _decided() -> object:
    since = timezone.now() - dt.timedelta(days=DECIDED_DAYS)
    return AuditEntry.objects.filter(created_at__gte=since, **undo.undoable())


def capped_count(rows) -> int:
    return rows.order_by().values("pk")[:COUNT_CAP + 1].count()


def _paging(form: QueueForm, total: int, number: int | None, *, has_next: bool, first: int | None = None,
            last: int | None = None) -> dict:
    """Links that keep the tab, filters and sort: numbered for the first pages, cursors past them."""
    pages = max(1, math.ceil(min(total, COUNT_CAP) / PAGE_SIZE))

    def link(**place) -> str:
        return "?" + form.query(**{name: str(value) for name, value in place.items()})

    previous = next_ = None
    if number is None:  # a cursor page
        previous = link(before=first) if first else None
    elif number > 1:
        previous = link(page=number - 1)
    if has_next:
        next_ = link(page=number + 1) if number is not None and number < NUMBERED_PAGES else link(after=last)
    return {"number": number, "pages": pages, "total": total, "capped": total > COUNT_CAP,
            "previous": previous, "next": next_, "first": link(page=1) if number != 1 else None}


def _offset_page(rows, form: QueueForm, total: int) -> tuple[list, dict]:
    pages = max(1, math.ceil(min(total, COUNT_CAP) / PAGE_SIZE))
    number = min(form.value("page") or 1, pages, NUMBERED_PAGES)
    start = (number - 1) * PAGE_SIZE
    found = form.bounded(rows, lambda part: list(part[start:start + PAGE_SIZE + 1]), needed=PAGE_SIZE + 1)
    page_rows = found[:PAGE_SIZE]
    return page_rows, _paging(form, total, number, has_next=len(found) > PAGE_SIZE,
                              last=page_rows[-1]["id"] if page_rows else None)


def _camera_page(form: QueueForm, total: int) -> tuple[list, dict]:
    """A page of the tab's rows: by number near the start, by keyset (after=/before= a camera) deeper,
    which reads 50 rows from the sort's index wherever the page is."""
    rows = form.matching().values(*ROW_FIELDS)
    cursor = form.value("after") or form.value("before")
    at = form.position(cursor) if cursor else None
    if at is None:
        return _offset_page(rows, form, total)
    forward = bool(form.value("after"))
    found = form.bounded(rows, lambda part: beyond(part, form.keys, at, forward=forward, limit=PAGE_SIZE + 1,
                                                          lead=form.lead),
                         needed=PAGE_SIZE + 1, cursor=at, forward=forward)
    page_rows = found[:PAGE_SIZE] if forward else found[:PAGE_SIZE][::-1]
    if not forward and len(found) <= PAGE_SIZE:
        return _offset_page(rows, form, total)  # back at the start: page 1
    if not page_rows:
        return _offset_page(rows, form, total)
    return page_rows, _paging(form, total, None, has_next=len(found) > PAGE_SIZE or not forward,
                              first=page_rows[0]["id"], last=page_rows[-1]["id"])


def _paged(rows, form: QueueForm, total: int) -> tuple[list, dict]:
    """Photos and decisions: few enough for page numbers alone."""
    pages = max(1, math.ceil(total / PAGE_SIZE))
    number = min(form.value("page") or 1, pages)
    start = (number - 1) * PAGE_SIZE
    return list(rows[start:start + PAGE_SIZE]), _paging(form, total, number, has_next=number < pages)


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
        Tab.FLAGGED: capped_count(form.filter(tab_cameras(Tab.FLAGGED))),
        Tab.PENDING: capped_count(form.filter(tab_cameras(Tab.PENDING))),
        Tab.PHOTOS: capped_count(pending_photos()),
        Tab.DECIDED: capped_count(_decided()),
    }
    context = {"form": form, "tab": tab, "problems": form.problems(), "counts": counts, "cap": COUNT_CAP,
               "tabs": [(key, label, counts[key], form.query(without=(*PLACE, "tab"), tab=key))
                        for key, label in TABS],
               "filtered": form.is_filtered(), "now": timezone.now(), "bulk_max": services.BULK_MAX}
    if tab in CAMERA_TABS:
        rows, paging = _camera_page(form, counts[tab])
        rows = queue_rows(rows, _thumbnails([row["id"] for row in rows]), review_query=form.query(without=()),
                          now=context["now"])
        context.update(rows=rows, bulk_form=BulkForm(), filters=filter_controls(form))
    elif tab == Tab.PHOTOS:
        # No join to the districts: with it, SQLite's planner started from them and read every camera.
        rows, paging = _paged(pending_photos().order_by("created_at", "pk"), form, counts[tab])
        districts = district_names()
        district_of = dict(Camera.objects.filter(pk__in={photo.camera_id for photo in rows})
                           .values_list("pk", "district_id"))
        for photo in rows:
            photo.district_name = districts.get(district_of.get(photo.camera_id), "")
        context.update(photos=rows)
    else:
        entries, paging = _paged(_decided().select_related("actor", "camera").order_by("-created_at", "-pk"),
                                 form, counts[tab])
        gone = undo.undone_ids([e.pk for e in entries])
        context.update(entries=entries, undone=gone)
    context["paging"] = paging
    context["page_query"] = form.query()
    # Review links keep the place too, so "back to the queue" returns to this page.
    context["review_query"] = form.query(without=())
    context["map_config"] = {
        "url": reverse("moderation:pending_map"), "query": context["page_query"],
        "review": url_template("moderation:camera", pk=987654321),
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
                back=queue_url(form.query()))
