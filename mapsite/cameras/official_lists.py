"""Reading the Transport Department's list of traffic cameras.

The list is published as XML (Traffic_Camera_Locations_En.xml: <image-list>
of <image> records), and newer versions as CSV and JSON with the same tags
plus an optional `district`. Every record has a `key` (for example H429F),
the camera's reference in the Department's own list, which later lists keep.

The XML is read with defusedxml and no DTD at all: a published list has no
use for one, and entities are the way XML files attack their readers.
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from dataclasses import dataclass

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from mapsite.cameras.models import Camera

FIELDS = ("key", "region", "district", "description", "easting", "northing", "latitude", "longitude", "url")
NOTES_MAX = 1000


class ListFileError(ValueError):
    """The list as a whole cannot be read."""


@dataclass
class Record:
    ref: str
    lat: float
    lon: float
    attrs: dict


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def records_from_xml(raw: bytes) -> list[dict]:
    try:
        root = SafeET.fromstring(raw, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ListFileError(f"the XML declares a DTD or entities, which a camera list never needs ({exc})") from exc
    except SafeET.ParseError as exc:
        raise ListFileError(f"not well-formed XML: {exc}") from exc
    if root.tag != "image-list":
        raise ListFileError(f"expected an <image-list> of <image> records, found <{root.tag}>")
    records = []
    for image in root:
        if image.tag != "image":
            continue
        records.append({child.tag: _text(child.text) for child in image if child.tag in FIELDS})
    return records


def records_from_csv(text: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text))
    header = {(name or "").strip().lower() for name in reader.fieldnames or ()}
    if not {"key", "latitude", "longitude"} <= header:
        raise ListFileError("a CSV list needs key, latitude and longitude columns")
    return [{(k or "").strip().lower(): _text(v) for k, v in row.items() if k} for row in reader]


def records_from_json(data: object) -> list[dict] | None:
    """The records of a JSON list (a list of objects with "key", or an object holding one), or None."""
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if len(lists) == 1 else None
    if not isinstance(data, list) or not data or not all(isinstance(r, dict) for r in data):
        return None
    if not any("key" in r for r in data):
        return None
    return [{str(k).lower(): _text(v) for k, v in r.items()} for r in data]


def _coordinate(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def read_records(records: list[dict]):
    """Candidates and rejections (imported lazily: importing.Rejection) from a list's records.

    A key that appears twice is rejected every time: which of the two the
    Department meant cannot be known."""
    from mapsite.cameras.importing import Rejection

    counts = Counter(r.get("key", "") for r in records)
    candidates, rejected = [], []
    for i, r in enumerate(records, start=1):
        key = r.get("key", "")[:64]
        ref = key or f"record #{i}"
        if not key:
            rejected.append(Rejection(ref, "missing key"))
            continue
        if counts[key] > 1:
            rejected.append(Rejection(ref, f"key appears {counts[key]} times in the file"))
            continue
        lat, lon = _coordinate(r.get("latitude", "")), _coordinate(r.get("longitude", ""))
        if lat is None or lon is None:
            rejected.append(Rejection(ref, "missing or non-numeric coordinates"))
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            rejected.append(Rejection(ref, "coordinates out of range"))
            continue
        url = r.get("url", "")
        attrs = {
            "kind": Camera.Kind.TRAFFIC,
            "operator": Camera.Operator.TRANSPORT,
            "notes": r.get("description", "")[:NOTES_MAX],
            # Kept as a link for people to follow; the site itself never fetches it.
            "source_link": url[:500] if url.lower().startswith(("http://", "https://")) else "",
        }
        candidates.append(Record(key, lat, lon, attrs))
    return candidates, rejected
