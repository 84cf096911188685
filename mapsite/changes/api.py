"""GET /api/changes.json: every public change to a camera, in order, from a cursor.

A page is one range read on the log's primary key and one query for the
features of the cameras it names, whatever the size of the tables. A live entry
carries the camera's public feature as it stands now (null once the camera has
left the map: a later tombstone in the feed says how); a tombstone carries the
survivor of a merge. Nothing here is more finely timed than a day.
"""

from __future__ import annotations

import re

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from mapsite.cameras.features import PUBLIC_FIELDS, PublicFeatures
from mapsite.cameras.models import Camera
from mapsite.changes import triggers
from mapsite.changes.models import Change
from mapsite.core.errors import BadRequest
from mapsite.core.http import json_response
from mapsite.core.views import allow
from mapsite.districts.models import District
from mapsite.tiles.models import DistrictTally

DEFAULT_LIMIT = 500
MAX_LIMIT = 1000
_NUMBER = re.compile(r"[0-9]{1,18}")


def head() -> int:
    """The newest entry's cursor (0 for an empty log), every entry committed so far numbered
    (mapsite/changes/triggers.py says why PostgreSQL numbers them as they are read)."""
    return triggers.head(connection)


def _number(value: str, message: str) -> int:
    if not _NUMBER.fullmatch(value):
        raise BadRequest(message)
    return int(value)


def _params(request: HttpRequest) -> tuple[int, int]:
    cursor_message = _("since must be a cursor from this feed: a whole number, 0 to start.")
    since = _number(request.GET.get("since", "0"), cursor_message)
    limit = request.GET.get("limit", "")
    if limit == "":
        return since, DEFAULT_LIMIT
    limit_message = _("limit must be a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT}
    count = _number(limit, limit_message)
    if not 1 <= count <= MAX_LIMIT:
        raise BadRequest(limit_message)
    return since, count


@allow("GET")
def changes_json(request: HttpRequest) -> HttpResponse:
    """{"changes": [...], "next": cursor to ask from next, "more": whether more follow now, "head": newest cursor}."""
    since, limit = _params(request)
    newest = head()
    if since > newest:
        raise BadRequest(_("This cursor is ahead of the feed (its newest is %(head)d): it did not come from here.")
                         % {"head": newest})
    rows = list(
        Change.objects.filter(id__gt=since).order_by("id")
        .values_list("id", "camera_id", "kind", "survivor_id", "day")[: limit + 1]
    )
    more, rows = len(rows) > limit, rows[:limit]
    live = {camera_id for _, camera_id, kind, _, _ in rows if kind not in Change.TOMBSTONES}
    build = PublicFeatures()
    features = {row[0]: build(row) for row in Camera.objects.public().filter(id__in=live).values_list(*PUBLIC_FIELDS)}
    entries = []
    for cursor, camera_id, kind, survivor_id, day in rows:
        entry = {"cursor": cursor, "id": camera_id, "change": kind, "day": day.isoformat()}
        if kind in Change.TOMBSTONES:
            entry["survivor"] = survivor_id
        else:
            entry["feature"] = features.get(camera_id)
        entries.append(entry)
    return json_response({"changes": entries, "next": rows[-1][0] if rows else since, "more": more, "head": newest})


def public_counts() -> dict:
    """The public cameras by district and status, from the counters the database keeps exact
    (mapsite.tiles): a read of at most 36 rows, whatever the number of cameras."""
    districts = {code: {"reported": 0, "verified": 0} for code in District.objects.values_list("code", flat=True)}
    tallies = DistrictTally.objects.filter(status__in=Camera.PUBLIC_STATUSES)
    for code, status, count in tallies.values_list("district__code", "status", "count"):
        districts[code]["reported"] += count
        if status == Camera.Status.VERIFIED:
            districts[code]["verified"] += count
    return {
        "reported": sum(d["reported"] for d in districts.values()),
        "verified": sum(d["verified"] for d in districts.values()),
        "districts": dict(sorted(districts.items())),
    }


@allow("GET")
def counts_json(request: HttpRequest) -> HttpResponse:
    """The public counts a mirror checks itself against, with the feed's head read after them: a
    mirror caught up to that head holds at least every change the counts reflect."""
    counts = public_counts()
    return json_response({**counts, "head": head()})
