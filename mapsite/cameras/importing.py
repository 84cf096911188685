"""Importing cameras: from OpenStreetMap data (a GeoJSON FeatureCollection of
points carrying surveillance tags, or an Overpass API JSON export), and from
the Transport Department's list of its cameras (XML, CSV or JSON; see
official_lists and keyed_import). The format is told from the content, never
from the file name. Every import that changes something is an ImportBatch.

The whole file is read and checked before anything is written, so a broken
file changes nothing. Feature-level problems reject only that feature, with a
reason. Built for 100,000 features in seconds: one batch district lookup, an
in-memory grid for the 10 m duplicate test, and bulk inserts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from mapsite.audit.models import AuditEntry
from mapsite.cameras import official_lists, osm
from mapsite.cameras.bulk import bulk_insert_cameras, fast_insert
from mapsite.cameras.models import Camera
from mapsite.districts.lookup import district_codes_at
from mapsite.districts.models import District
from mapsite.imports.services import KNOWN_SOURCES, SourceInfo, finish_batch, start_batch
from mapsite.lib.geo import EARTH_RADIUS_M, haversine_m

IMPORTABLE_STATUSES = (Camera.Status.PENDING, Camera.Status.VERIFIED)


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (unreadable, wrong shape, or, for a
    keyed list, any record rejected: those come along in `rejected`)."""

    def __init__(self, message: str, rejected: list | None = None) -> None:
        super().__init__(message)
        self.rejected = rejected or []


@dataclass
class Rejection:
    ref: str
    reason: str

    def __str__(self) -> str:
        return f"{self.ref}: {self.reason}"


@dataclass
class ImportReport:
    created: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    dry_run: bool = False
    updated: int = 0
    retired: int = 0
    unchanged: int = 0
    file_format: str = ""
    batch: object = None  # the ImportBatch written, if any
    already: object = None  # the earlier batch of the very same file, when nothing was done
    notes: list[str] = field(default_factory=list)  # things a moderator should look at

    @property
    def total(self) -> int:
        return self.created + self.duplicates + len(self.rejected)


@dataclass
class _Candidate:
    ref: str
    lat: float
    lon: float
    attrs: dict


class DuplicateGrid:
    """A spatial hash of points in cells of about radius_m, so "is anything
    within radius_m?" looks at 9 cells instead of the whole table."""

    def __init__(self, radius_m: float, ref_lat: float = 22.3) -> None:
        self.radius_m = radius_m
        self.dlat = math.degrees(radius_m / EARTH_RADIUS_M)
        # Cells are narrowest in longitude at the highest latitude we see; Hong
        # Kong spans half a degree, so a small margin on cos() is enough.
        self.dlon = self.dlat / max(math.cos(math.radians(abs(ref_lat) + 1.0)), 1e-6)
        self.cells: dict[tuple[int, int], list[tuple[float, float]]] = {}

    def _key(self, lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / self.dlat), math.floor(lon / self.dlon)

    def add(self, lat: float, lon: float) -> None:
        self.cells.setdefault(self._key(lat, lon), []).append((lat, lon))

    def has_near(self, lat: float, lon: float) -> bool:
        ky, kx = self._key(lat, lon)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for plat, plon in self.cells.get((ky + dy, kx + dx), ()):
                    if haversine_m(lat, lon, plat, plon) <= self.radius_m:
                        return True
        return False


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _ref(value: object, fallback: str) -> str:
    if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value):
        return str(value)[:64]
    return fallback


def _geojson_items(data: dict) -> Iterator[tuple[str, object, object, object] | Rejection]:
    features = data.get("features")
    if not isinstance(features, list):
        raise ImportFileError('a GeoJSON FeatureCollection needs a "features" list')
    for i, feature in enumerate(features):
        fallback = f"feature #{i + 1}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            yield Rejection(fallback, "not a GeoJSON Feature")
            continue
        props = feature.get("properties") or {}
        if not isinstance(props, dict):
            yield Rejection(fallback, "properties are not an object")
            continue
        ref = _ref(feature.get("id", props.get("@id")), fallback)
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") != "Point":
            kind = geometry.get("type") if isinstance(geometry, dict) else "no geometry"
            yield Rejection(ref, f"not a point ({kind})")
            continue
        coords = geometry.get("coordinates")
        if not isinstance(coords, list) or len(coords) < 2:
            yield Rejection(ref, "missing coordinates")
            continue
        # Older overpass-turbo output nests the OSM tags under "tags".
        tags = props.get("tags") if isinstance(props.get("tags"), dict) else props
        yield ref, coords[1], coords[0], tags


def _overpass_items(data: dict) -> Iterator[tuple[str, object, object, object] | Rejection]:
    elements = data.get("elements")
    if not isinstance(elements, list):
        raise ImportFileError('an Overpass export needs an "elements" list')
    for i, element in enumerate(elements):
        fallback = f"element #{i + 1}"
        if not isinstance(element, dict):
            yield Rejection(fallback, "not an object")
            continue
        etype = element.get("type")
        ref = f"{etype}/{element['id']}" if isinstance(etype, str) and "id" in element else fallback
        ref = ref[:64]
        if etype != "node":
            yield Rejection(ref, f"not a point ({etype})")
            continue
        yield ref, element.get("lat"), element.get("lon"), element.get("tags")


def read_candidates(data: object) -> tuple[list[_Candidate], list[Rejection]]:
    """Parse a loaded file into importable candidates and rejections. Raises
    ImportFileError when the top level is neither shape."""
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        items = _geojson_items(data)
    elif isinstance(data, dict) and "elements" in data:
        items = _overpass_items(data)
    else:
        raise ImportFileError(
            'expected a GeoJSON FeatureCollection or an Overpass JSON export ({"elements": [...]})'
        )
    candidates: list[_Candidate] = []
    rejected: list[Rejection] = []
    for item in items:
        if isinstance(item, Rejection):
            rejected.append(item)
            continue
        ref, raw_lat, raw_lon, tags = item
        lat, lon = _number(raw_lat), _number(raw_lon)
        if lat is None or lon is None:
            rejected.append(Rejection(ref, "missing or non-numeric coordinates"))
            continue
        if not (math.isfinite(lat) and math.isfinite(lon)):
            rejected.append(Rejection(ref, "coordinates are not finite numbers (NaN or infinity)"))
            continue
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            rejected.append(Rejection(ref, "coordinates out of range"))
            continue
        try:
            attrs = osm.from_tags(tags)
        except osm.TagError as exc:
            rejected.append(Rejection(ref, f"not importable: {exc}"))
            continue
        candidates.append(_Candidate(ref, lat, lon, attrs))
    return candidates, rejected


def _existing_grid(candidates: list[_Candidate], radius_m: float) -> DuplicateGrid:
    """Cameras already stored near the file's points, every status included:
    re-importing a camera a moderator rejected or marked removed must not bring it back.

    A city-wide file spans the whole table, so rows are read through a plain
    cursor and kept only when they fall in a cell next to some candidate: at
    a million stored cameras this is what keeps an import under a minute."""
    grid = DuplicateGrid(radius_m)
    if not candidates:
        return grid
    wanted = set()
    for c in candidates:
        ky, kx = grid._key(c.lat, c.lon)
        wanted.update((ky + dy, kx + dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1))
    margin = grid.dlon * 2
    lats = [c.lat for c in candidates]
    lons = [c.lon for c in candidates]
    existing = Camera.objects.in_bbox(min(lons) - margin, min(lats) - margin, max(lons) + margin, max(lats) + margin)
    # order_by(): the model's default ordering would sort every camera in the box for nothing.
    sql, params = existing.order_by().values_list("latitude", "longitude").query.sql_with_params()
    dlat, dlon, cells = grid.dlat, grid.dlon, grid.cells
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(20_000):
            for lat, lon in rows:
                key = (math.floor(lat / dlat), math.floor(lon / dlon))
                if key in wanted:
                    cells.setdefault(key, []).append((lat, lon))
    return grid


def _read_bytes(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _parse_json(raw: bytes, path: Path) -> object:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        pass
    # orjson refuses NaN/Infinity literals, which Python's json writes; read
    # those files too so such points are rejected one by one, not the whole file.
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportFileError(f"{path} is not valid JSON: {exc}") from exc


def detect(raw: bytes, path: Path) -> tuple[str, str, object]:
    """(family, format, payload) told from the content: family "osm" with the loaded
    JSON, or "td" with the list's records."""
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    try:
        if head == b"<":
            return "td", "td-xml", official_lists.records_from_xml(raw)
        if head in (b"{", b"[") or not head:
            data = _parse_json(raw, path)
            if isinstance(data, dict) and (data.get("type") == "FeatureCollection" or "elements" in data):
                return "osm", "geojson" if "elements" not in data else "overpass", data
            records = official_lists.records_from_json(data)
            if records is not None:
                return "td", "td-json", records
            return "osm", "json", data  # read_candidates says what is wrong with it
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFileError(f"{path} is not valid JSON, XML or CSV (UTF-8)") from exc
        return "td", "td-csv", official_lists.records_from_csv(text)
    except official_lists.ListFileError as exc:
        raise ImportFileError(str(exc)) from exc


def _import_osm(candidates, rejected, *, status: str, dry_run: bool, start_batch) -> ImportReport:
    report = ImportReport(rejected=rejected, dry_run=dry_run)
    codes = district_codes_at([(c.lat, c.lon) for c in candidates])
    inside = []
    for candidate, code in zip(candidates, codes, strict=True):
        if code is None:
            report.rejected.append(Rejection(candidate.ref, "outside Hong Kong (in no district)"))
        else:
            inside.append((candidate, code))

    radius = settings.DUPLICATE_RADIUS_IMPORT_M
    grid = _existing_grid([c for c, _ in inside], radius)
    district_ids = dict(District.objects.values_list("code", "id"))
    now = timezone.now()
    rows: list[dict] = []
    for candidate, code in inside:
        # Earlier points of the same file count as existing ones.
        if grid.has_near(candidate.lat, candidate.lon):
            report.duplicates += 1
            continue
        grid.add(candidate.lat, candidate.lon)
        rows.append(
            {
                "latitude": candidate.lat,
                "longitude": candidate.lon,
                "district_id": district_ids[code],
                "import_ref": candidate.ref,
                **candidate.attrs,
            }
        )
    report.created = len(rows)
    if dry_run:
        return report
    batch = start_batch()
    if rows:
        fixed = {"status": status, "source": Camera.Source.IMPORT, "import_batch_id": batch.pk,
                 "reported_at": now, "updated_at": now}
        bulk_insert_cameras(rows, fixed)
        # One IMPORTED entry per camera keeps each camera's public history complete.
        new_ids = Camera.objects.filter(import_batch=batch).order_by().values_list("id", flat=True)
        fast_insert(
            AuditEntry,
            [{"camera_id": pk} for pk in new_ids.iterator(chunk_size=10_000)],
            {"role": AuditEntry.Role.SYSTEM, "action": AuditEntry.Action.IMPORTED, "created_at": now,
             "after": {"import_batch": batch.pk}},
        )
    finish_batch(batch, report)
    return report


def import_file(
    path: Path | str,
    *,
    status: str = Camera.Status.PENDING,
    dry_run: bool = False,
    source: dict | None = None,
    list_date: dt.date | None = None,
    run_by=None,
    once: bool = False,
) -> ImportReport:
    """Import a file of any known format. `source` overrides the format's SourceInfo
    defaults field by field. With `once`, a file imported before (even if undone since)
    is left alone: a first-start load must not undo a moderator's undo. Raises
    ImportFileError when nothing may be imported."""
    from mapsite.cameras import keyed_import

    if status not in IMPORTABLE_STATUSES:
        raise ValueError(f"status must be one of {', '.join(IMPORTABLE_STATUSES)}")
    path = Path(path)
    raw = _read_bytes(path)
    family, file_format, payload = detect(raw, path)
    info = KNOWN_SOURCES[family]
    info = SourceInfo(**{**info.__dict__, **{k: v for k, v in (source or {}).items() if v is not None}})
    sha256 = hashlib.sha256(raw).hexdigest()

    if once:
        from mapsite.imports.models import ImportBatch

        earlier = ImportBatch.objects.filter(sha256=sha256).order_by("id").first()
        if earlier is not None:
            return ImportReport(already=earlier, file_format=file_format)

    def new_batch():
        return start_batch(info, file_format=file_format, sha256=sha256, path=path, list_date=list_date, run_by=run_by)

    with transaction.atomic():
        if family == "osm":
            candidates, rejected = read_candidates(payload)
            report = _import_osm(candidates, rejected, status=status, dry_run=dry_run, start_batch=new_batch)
        else:
            report = keyed_import.import_list(payload, info, sha256, dry_run=dry_run, start_batch=new_batch)
    report.file_format = file_format
    return report
