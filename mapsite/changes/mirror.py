"""A full copy of another instance, built from its export and kept up from its change feed.

The copy keeps the source's camera ids. It is built in two phases, each step
committed with the progress it made (MirrorState), so an interrupted run
continues where it stopped:

1. snapshot: the feed's head is noted, then the CSV export is copied in
   chunks, in id order (a resumed run skips the ids already written);
2. follow: the feed is read from that head on, a page per transaction. An
   entry carries the camera as it stands now, so replaying a change the
   export already showed writes nothing.

Writing only what differs makes a second run change nothing. At the end the
counts are compared with the source's, at the same point of its feed.

The export carries every public field the feed does (notes and vote counts
included), so the copy is whole as soon as the snapshot is written. --from-start
reads the whole feed instead of the export (every public camera has an entry
there, the log's first migration wrote one for each): slower, as it replays
the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from mapsite.cameras.models import Camera, position_fields
from mapsite.cameras.osm import TAG_KEYS, TagError, from_tags
from mapsite.changes.api import public_counts
from mapsite.changes.models import Change, MirrorState
from mapsite.changes.source import MirrorError, Source
from mapsite.districts.lookup import OutsideHongKong
from mapsite.districts.models import District
from mapsite.imports.models import ImportBatch
from mapsite.lib import csvcells
from mapsite.tiles.triggers import suspended_counters

CHUNK = 2000
# What the mirror copies, beyond the position; compared before writing, so nothing unchanged is written.
COPIED = ("kind", "operator", "mount", "status", "direction", "field_of_view", "source", "is_demo",
          "reported_at", "last_confirmed_at", "notes", "confirm_count", "dispute_count")
TOMBSTONE_STATUS = {Change.Kind.REJECTED: Camera.Status.REJECTED, Change.Kind.REMOVED: Camera.Status.REMOVED}


def _day(value: str | None) -> dt.datetime | None:
    """The start of a public day in the site's time zone: the finest time the source shows."""
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise MirrorError(f"the source sent {value!r} for a day.") from None
    return dt.datetime.combine(day, dt.time(0), tzinfo=timezone.get_default_timezone())


def _choice(value, choices, name: str) -> str:
    if value not in choices:
        raise MirrorError(f"the source sent {name}={value!r}, which this site does not know.")
    return value


def _degrees(value, lo: int, hi: int) -> int | None:
    if value is not None and not (isinstance(value, int) and lo <= value <= hi):
        raise MirrorError(f"the source sent {value!r} for an angle.")
    return value


def _common(pk, lon, lat, status, reported, confirmed, source) -> dict:
    try:
        latitude, longitude = float(lat), float(lon)
    except (TypeError, ValueError):
        raise MirrorError(f"the source sent camera {pk} with no usable position.") from None
    return {
        "latitude": latitude, "longitude": longitude,
        "status": _choice(status, Camera.PUBLIC_STATUSES, "status"),
        "reported_at": _day(reported), "last_confirmed_at": _day(confirmed),
        "source": _choice(source, Camera.Source.values, "source"),
    }


def from_export(row: dict[str, str]) -> tuple[int, dict]:
    """(id, fields) from a row of the CSV export; its district code is kept as `district_code`."""
    try:
        pk = int(row["id"])
        tags = from_tags({key: row[key] for key in TAG_KEYS if row[key]})
    except (ValueError, TagError) as exc:
        raise MirrorError(f"the source's export has a row this site cannot read: {exc}") from None
    fields = _common(pk, row["longitude"], row["latitude"], row["status"], row["reported_on"],
                     row["last_confirmed_on"], row["source"])
    dataset = (row["dataset"], row["license"], row["attribution"])
    imported = fields["source"] in (Camera.Source.IMPORT, Camera.Source.OFFICIAL)
    try:
        counts = {"confirm_count": int(row["confirm_count"]), "dispute_count": int(row["dispute_count"])}
    except ValueError:
        raise MirrorError(f"the source's export has camera {pk} with vote counts that are not numbers.") from None
    return pk, {**fields, **tags, **counts, "notes": csvcells.read(row["notes"]), "is_demo": row["demo"] == "true",
                "district_code": row["district"], "dataset": dataset if imported else None}


def from_feature(feature: dict) -> tuple[int, dict]:
    """(id, fields) from a public feature of the change feed."""
    try:
        props, (lon, lat) = feature["properties"], feature["geometry"]["coordinates"]
        pk = int(feature["id"])
        fields = _common(pk, lon, lat, props["status"], props["reported_on"], props["last_confirmed_on"],
                         props["source"])
        fields.update({
            "kind": _choice(props["kind"], Camera.Kind.values, "kind"),
            "operator": _choice(props["operator"], Camera.Operator.values, "operator"),
            "mount": _choice(props["mount"], Camera.Mount.values, "mount"),
            "direction": _degrees(props["direction"], 0, 359),
            "field_of_view": _degrees(props["field_of_view"], 1, 360),
            "notes": str(props["notes"] or ""),
            "confirm_count": int(props["confirm_count"]), "dispute_count": int(props["dispute_count"]),
            "is_demo": props["source"] == Camera.Source.DEMO,
        })
    except (KeyError, TypeError, ValueError):
        raise MirrorError(f"the source's feed has a camera this site cannot read: {str(feature)[:200]}") from None
    return pk, fields


def _differences(camera: dict, fields: dict) -> dict:
    """The fields whose values differ from the stored camera's (positions to 1 cm, dates to the day)."""
    changes = {}
    for name in (*COPIED, "latitude", "longitude"):
        if name not in fields:
            continue
        new, old = fields[name], camera[name]
        if name in ("latitude", "longitude"):
            same = round(new, 7) == round(old, 7)
        elif name in ("reported_at", "last_confirmed_at"):
            same = (new and timezone.localdate(new)) == (old and timezone.localdate(old))
        else:
            same = new == old
        if not same:
            changes[name] = new
    return changes


class Mirror:
    def __init__(self, source: Source, *, limit: int = 1000, say: Callable[[str], None] = print) -> None:
        self.source, self.limit, self.say = source, limit, say
        self.districts = dict(District.objects.values_list("code", "id"))
        if not self.districts:
            raise MirrorError("This site has no districts yet: run manage.py load_districts first.")
        self.written = 0
        self.batches: dict[tuple[str, str, str], int] = {}

    # --- writing -------------------------------------------------------------

    def _position(self, fields: dict) -> dict:
        code = fields.pop("district_code", None)
        district_id = self.districts.get(code) if code else None
        if code and district_id is None:
            raise MirrorError(f"the source names a district {code!r} this site does not have.")
        try:
            found = position_fields(fields["latitude"], fields["longitude"],
                                    district=District(pk=district_id) if district_id else None)
        except OutsideHongKong:
            raise MirrorError("the source has a camera outside this site's districts.") from None
        return {"qk": found["qk"], "district_id": found["district"].pk}

    def _batch(self, dataset: tuple[str, str, str] | None) -> int | None:
        """A local batch standing for an imported camera's dataset, so that its licence and attribution
        (stated per record in this site's own export) travel with it."""
        if dataset is None:
            return None
        if dataset not in self.batches:
            name, licence, attribution = dataset
            batch, _ = ImportBatch.objects.get_or_create(
                source_name=name, licence=licence, attribution=attribution, file_format="mirror",
                defaults={"source_url": self.source.base[:500], "sha256": ""},
            )
            self.batches[dataset] = batch.pk
        return self.batches[dataset]

    def upsert(self, cameras: Iterable[tuple[int, dict]]) -> None:
        """Write these cameras as given: insert the new, update what differs, leave the rest."""
        cameras = dict(cameras)
        stored = {c["id"]: c for c in Camera.objects.filter(pk__in=cameras).values(
            "id", "merged_into_id", *COPIED, "latitude", "longitude")}
        new = []
        for pk, fields in cameras.items():
            camera = stored.get(pk)
            batch = self._batch(fields.pop("dataset", None))
            if camera is None:
                place = self._position(fields)
                new.append(Camera(pk=pk, published_at=timezone.now(), import_batch_id=batch, **fields, **place))
                continue
            changes = _differences(camera, fields)
            if camera["merged_into_id"] is not None:
                changes["merged_into"] = None  # back on the source's map (an undone merge)
            if {"latitude", "longitude"} & set(changes):
                changes.update(self._position(dict(fields)))
            if changes:
                Camera.objects.filter(pk=pk).update(**changes)
                self.written += 1
        if not new:
            return
        self.written += len(new)
        highest = Camera.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        if min(c.pk for c in new) > highest:
            with suspended_counters():  # the tile counters take the chunk in one aggregate
                Camera.objects.bulk_create(new)
        else:
            Camera.objects.bulk_create(new)
        with connection.cursor() as cursor:  # the next local id must not collide with a copied one
            for sql in connection.ops.sequence_reset_sql(no_style(), [Camera]):
                cursor.execute(sql)

    def tombstone(self, pk: int, kind: str, survivor: int | None) -> None:
        camera = Camera.objects.filter(pk=pk).values("status", "merged_into_id").first()
        if camera is None:
            return
        if kind == Change.Kind.MERGED and survivor is not None and Camera.objects.filter(pk=survivor).exists():
            wanted = {"merged_into_id": survivor}
        else:  # a merge into a camera this copy never had leaves the map all the same
            wanted = {"status": TOMBSTONE_STATUS.get(kind, Camera.Status.REMOVED), "merged_into_id": None}
        if any(camera[k] != v for k, v in wanted.items()):
            Camera.objects.filter(pk=pk).update(**wanted)
            self.written += 1

    # --- the phases ----------------------------------------------------------

    def snapshot(self, state: MirrorState) -> None:
        chunk: list[tuple[int, dict]] = []

        def flush() -> None:
            with transaction.atomic():
                self.upsert(chunk)
                state.snapshot_after = chunk[-1][0]
                state.save(update_fields=["snapshot_after"])
            chunk.clear()

        for row in self.source.export():
            pk, fields = from_export(row)
            if pk > state.snapshot_after:
                chunk.append((pk, fields))
            if len(chunk) >= CHUNK:
                flush()
        if chunk:
            flush()
        state.phase = MirrorState.Phase.FOLLOW
        state.save(update_fields=["phase"])
        self.say(f"Copied the export: {self.written} cameras written.")

    def follow(self, state: MirrorState) -> int:
        """Apply the feed up to its head; returns how many entries were read."""
        read = 0
        while True:
            body = self.source.feed(state.cursor, self.limit)
            with transaction.atomic():
                live = []
                for entry in body["changes"]:
                    if entry.get("change") in Change.TOMBSTONES:
                        if live:
                            self.upsert(live)
                            live = []
                        self.tombstone(entry["id"], entry["change"], entry.get("survivor"))
                    elif entry.get("feature"):
                        live.append(from_feature(entry["feature"]))
                self.upsert(live)
                state.cursor = body["next"]
                state.save(update_fields=["cursor"])
            read += len(body["changes"])
            if not body["more"]:
                return read

    def verify(self, state: MirrorState, attempts: int = 3) -> dict:
        """Compare the public counts with the source's at the same cursor; MirrorError if they differ."""
        for _ in range(attempts):
            counts = self.source.counts()
            if counts["head"] > state.cursor:  # the source moved on meanwhile: catch up and compare again
                self.follow(state)
                continue
            theirs = {k: counts[k] for k in ("reported", "verified", "districts")}
            ours = public_counts()
            if theirs != ours:
                raise MirrorError(
                    f"the counts differ from the source's at cursor {state.cursor}: the source has "
                    f"{theirs['reported']} public cameras ({theirs['verified']} verified), this mirror "
                    f"{ours['reported']} ({ours['verified']} verified)."
                )
            return ours
        raise MirrorError("the source kept changing while the counts were compared; run the command again.")


def run(url: str, *, limit: int = 1000, timeout: float = 30.0, from_start: bool = False,
        say: Callable[[str], None] = print) -> dict:
    """Build or bring up to date the copy of the instance at `url`; returns the verified counts."""
    source = Source(url, timeout=timeout)
    if settings.MIRROR_OF and source.base != Source(settings.MIRROR_OF).base:
        raise MirrorError(f"This site is set up as a mirror of {settings.MIRROR_OF} (MIRROR_OF), not of {url}.")
    mirror = Mirror(source, limit=limit, say=say)
    state = MirrorState.objects.first()
    if state is not None and state.source != source.base:
        raise MirrorError(f"This database mirrors {state.source}; it cannot also mirror {source.base}.")
    if state is None:
        if Camera.objects.exists():
            raise MirrorError("This database has cameras of its own: a mirror is built in an empty one.")
        first = source.feed(0, 1)
        phase = MirrorState.Phase.FOLLOW if from_start else MirrorState.Phase.SNAPSHOT
        state = MirrorState.objects.create(source=source.base, phase=phase, cursor=0 if from_start else first["head"])
        say(f"Mirroring {source.base}.")
    if state.phase == MirrorState.Phase.SNAPSHOT:
        mirror.snapshot(state)
    read = mirror.follow(state)
    counts = mirror.verify(state)
    say(f"Read {read} changes up to cursor {state.cursor}; {mirror.written} cameras written in all.")
    return counts
