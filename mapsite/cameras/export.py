"""Open-data exports of every public camera, as GeoJSON and CSV.

Rows are read from the database in chunks and written out as they come, so a
million cameras never sit in memory at once, into a file that answers every
download for the next five minutes (mapsite/lib/filecache.py). Exports carry
OSM-style tags, the notes and vote counts the map shows, the licence and the
attribution; never the reporter, never a time of day. Demo cameras are left out unless asked for, and then carry
"demo": true so they cannot pass for real sightings.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from mapsite.cameras.features import PublicFeatures
from mapsite.cameras.models import Camera
from mapsite.cameras.osm import TAG_KEYS, tags_for
from mapsite.core.errors import BadRequest, Unavailable
from mapsite.core.views import allow
from mapsite.lib import csvcells
from mapsite.lib.filecache import fresh_file

LICENSE = "ODbL-1.0"
ATTRIBUTION = "Hong Kong Camera Map contributors; reports by residents of Hong Kong"
CHUNK = 2000
# A full export at a million cameras takes about 30 s of a worker's CPU: each file is built at
# most once in this many seconds however many ask (here, and by a cache in front, deploy/nginx.conf).
MAX_AGE = 300

_FIELDS = (
    "id",
    "latitude",
    "longitude",
    "status",
    "district__code",
    "kind",
    "operator",
    "mount",
    "direction",
    "field_of_view",
    "notes",
    "confirm_count",
    "dispute_count",
    "reported_at",
    "last_confirmed_at",
    "is_demo",
    "source",
    "import_ref",
    "import_batch__source_name",
    "import_batch__licence",
    "import_batch__attribution",
)
_TRUE, _FALSE = ("1", "true", "yes"), ("", "0", "false", "no")


def _include_demo(request: HttpRequest) -> bool:
    """True/False from ?include_demo=; BadRequest when the value is not understood."""
    value = request.GET.get("include_demo", "").strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise BadRequest(_("include_demo must be 1 or 0"))


def _rows(include_demo: bool) -> Iterator[dict]:
    cameras = Camera.objects.public()
    if not include_demo:
        cameras = cameras.filter(is_demo=False)
    # Ordered by id so a download is stable and diffable between runs.
    yield from cameras.order_by("id").values(*_FIELDS).iterator(chunk_size=CHUNK)


def _properties(row: dict, day: Callable[[dt.datetime | None], str | None]) -> dict:
    return {
        "id": row["id"],
        "status": row["status"],
        "district": row["district__code"],
        "reported_on": day(row["reported_at"]),
        "last_confirmed_on": day(row["last_confirmed_at"]),
        "demo": row["is_demo"],
        "source": row["source"],
        "dataset": _dataset(row),
        # As the map's popups and the cameras API show them: a copy made from the export is whole.
        "notes": row["notes"],
        "confirm_count": row["confirm_count"],
        "dispute_count": row["dispute_count"],
        # Stated per record: residents' reports are ODbL; an imported camera keeps its source's terms.
        "license": row["import_batch__licence"] or LICENSE,
        "attribution": row["import_batch__attribution"] or ATTRIBUTION,
        **tags_for(row["kind"], row["operator"], row["mount"], row["direction"], row["field_of_view"]),
    }


def _dataset(row: dict) -> str:
    if row["import_batch__source_name"]:
        return row["import_batch__source_name"]
    return Camera(source=row["source"], import_ref=row["import_ref"]).dataset


def _filename(ext: str) -> str:
    return f"hong-kong-cameras-{timezone.localdate().isoformat()}.{ext}"


def _attachment(response: HttpResponse, ext: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{_filename(ext)}"'
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def _geojson_chunks(include_demo: bool) -> Iterator[bytes]:
    head = {"type": "FeatureCollection", "license": LICENSE, "attribution": ATTRIBUTION}
    # Open the object and leave "features" last so features can follow one by one.
    yield orjson.dumps(head)[:-1] + b',"features":['
    first = True
    buffer: list[bytes] = []
    day = PublicFeatures().day  # the time zone read once, not once per date
    for row in _rows(include_demo):
        feature = {
            "type": "Feature",
            "id": row["id"],
            "geometry": {"type": "Point", "coordinates": [round(row["longitude"], 7), round(row["latitude"], 7)]},
            "properties": _properties(row, day),
        }
        buffer.append(orjson.dumps(feature))
        if len(buffer) >= CHUNK:
            yield (b"" if first else b",") + b",".join(buffer)
            first, buffer = False, []
    if buffer:
        yield (b"" if first else b",") + b",".join(buffer)
    yield b"]}"


CSV_COLUMNS = (
    "id",
    "latitude",
    "longitude",
    "status",
    "district",
    "reported_on",
    "last_confirmed_on",
    "demo",
    "source",
    "dataset",
    *TAG_KEYS,
    "notes",
    "confirm_count",
    "dispute_count",
    "license",
    "attribution",
)


def _csv_chunks(include_demo: bool) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    day = PublicFeatures().day  # the time zone read once, not once per date
    for n, row in enumerate(_rows(include_demo), start=1):
        props = _properties(row, day)
        # Licence and attribution as columns rather than comment lines: every
        # CSV reader keeps them, and they stay with rows that are copied out.
        writer.writerow(
            [
                row["id"],
                round(row["latitude"], 7),
                round(row["longitude"], 7),
                row["status"],
                row["district__code"],
                props["reported_on"],
                props["last_confirmed_on"] or "",
                "true" if row["is_demo"] else "false",
                row["source"],
                props["dataset"],
                *(props.get(key, "") for key in TAG_KEYS),
                csvcells.written(props["notes"]),
                props["confirm_count"],
                props["dispute_count"],
                props["license"],
                props["attribution"],
            ]
        )
        if n % CHUNK == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def _export(request: HttpRequest, ext: str, chunks: Callable[[bool], Iterator], content_type: str) -> HttpResponse:
    """The file built at most once in MAX_AGE seconds (lib.filecache), whoever asks; a disk
    that refuses it is a 503, and the last good file stays for the next request."""
    include_demo = _include_demo(request)

    def write(out) -> None:
        for chunk in chunks(include_demo):
            out.write(chunk if isinstance(chunk, bytes) else chunk.encode())

    path = Path(settings.EXPORT_CACHE_DIR) / f"cameras{'-with-demo' if include_demo else ''}.{ext}"
    try:
        handle = fresh_file(path, MAX_AGE, write)
    except OSError:
        raise Unavailable(_("The export could not be prepared just now. Please try again in a minute.")) from None
    return _attachment(FileResponse(handle, content_type=content_type), ext)


@allow("GET")
def export_geojson(request: HttpRequest) -> HttpResponse:
    return _export(request, "geojson", _geojson_chunks, "application/geo+json")


@allow("GET")
def export_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv", _csv_chunks, "text/csv; charset=utf-8")
