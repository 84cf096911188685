"""Importing a list whose records carry their publisher's own key (the Transport
Department's cameras): the list says what exists, so a newer list moves,
re-describes, brings back and retires cameras by key, never duplicating them.

Such a list is imported whole or not at all: if any record is rejected, the
file is refused with every reason, since retiring "what is missing" from a
half-read list would retire real cameras.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from mapsite.audit.models import AuditEntry
from mapsite.audit.services import record, snapshot
from mapsite.cameras.bulk import bulk_insert_cameras, fast_insert
from mapsite.cameras.importing import ImportFileError, ImportReport, Rejection
from mapsite.cameras.models import Camera
from mapsite.cameras.official_lists import read_records
from mapsite.districts.lookup import district_codes_at
from mapsite.districts.models import District
from mapsite.lib.geo import haversine_m

# Closer than this counts as the same place: the lists give 7 decimals, and
# a float round trip must not look like a move.
MOVE_THRESHOLD_M = 0.5
# What a re-import may change, and what an undo puts back.
TRACKED = ("latitude", "longitude", "notes", "source_link", "kind", "operator", "status")


def _existing(source_name: str) -> dict[str, Camera]:
    cameras = Camera.objects.filter(import_batch__source_name=source_name, merged_into__isnull=True)
    return {cam.import_ref: cam for cam in cameras.order_by("id")}


def _changes(cam: Camera, candidate) -> dict:
    changes = {}
    if haversine_m(cam.latitude, cam.longitude, candidate.lat, candidate.lon) > MOVE_THRESHOLD_M:
        changes.update(latitude=candidate.lat, longitude=candidate.lon)
    for name, value in candidate.attrs.items():
        if getattr(cam, name) != value:
            changes[name] = value
    # A camera the list had dropped and now lists again comes back, unless a moderator decided on it.
    if cam.status == Camera.Status.REMOVED and not cam.moderator_decided:
        changes["status"] = Camera.Status.VERIFIED
    return changes


def _action(changes: dict) -> str:
    if "status" in changes:
        return AuditEntry.Action.RESTORED
    if "latitude" in changes:
        return AuditEntry.Action.MOVED
    return AuditEntry.Action.EDITED


def _apply(cam: Camera, changes: dict, action: str, batch, reason: str) -> None:
    before = snapshot(cam, changes)
    for name, value in changes.items():
        setattr(cam, name, value)
    # A moderator's form open on this camera must meet a conflict, not overwrite the list's change.
    cam.version += 1
    cam.save()
    record(cam, action, role=AuditEntry.Role.SYSTEM, reason=reason, before=before,
           after={**snapshot(cam, changes), "import_batch": batch.pk})


def _near_others(rows: list[dict], source_name: str) -> list[str]:
    """Say which new cameras stand within the duplicate radius of a camera from elsewhere (a
    resident's sighting, another import): moderators see them in the review page's nearby
    list and may merge them."""
    notes = []
    radius = settings.DUPLICATE_RADIUS_SUBMIT_M
    for row in rows:
        for distance, other in Camera.objects.public().near(row["latitude"], row["longitude"], radius):
            if other.import_batch_id is None or other.import_batch.source_name != source_name:
                notes.append(f"{row['import_ref']} is {distance:.0f} m from camera #{other.pk}: offered for a merge")
    return notes


def import_list(records: list[dict], info, sha256: str, *, dry_run: bool, start_batch) -> ImportReport:
    from mapsite.imports.models import ImportBatch

    candidates, rejected = read_records(records)
    codes = district_codes_at([(c.lat, c.lon) for c in candidates])
    for candidate, code in zip(candidates, codes, strict=True):
        if code is None:
            rejected.append(Rejection(candidate.ref, "outside Hong Kong (in no district)"))
    if not records:
        raise ImportFileError("the list holds no records")
    if rejected:
        raise ImportFileError(
            f"{len(rejected)} of {len(records)} records rejected; a camera list is imported whole or not at all",
            rejected,
        )
    report = ImportReport(dry_run=dry_run)
    same = ImportBatch.objects.filter(source_name=info.name, undone_at__isnull=True).order_by("-id").first()
    if same is not None and same.sha256 == sha256:
        report.already = same
        report.unchanged = len(candidates)
        return report

    existing = _existing(info.name)
    district_ids = dict(District.objects.values_list("code", "id"))
    listed = set()
    new_rows, updates = [], []
    for candidate, code in zip(candidates, codes, strict=True):
        listed.add(candidate.ref)
        cam = existing.get(candidate.ref)
        if cam is None:
            new_rows.append({"latitude": candidate.lat, "longitude": candidate.lon, "district_id": district_ids[code],
                             "import_ref": candidate.ref, **candidate.attrs})
            continue
        changes = _changes(cam, candidate)
        if changes:
            updates.append((cam, changes))
        else:
            report.unchanged += 1
    gone = [cam for ref, cam in existing.items() if ref not in listed and cam.status in Camera.PUBLIC_STATUSES]
    report.created, report.updated, report.retired = len(new_rows), len(updates), len(gone)
    report.notes = _near_others(new_rows, info.name)
    report.duplicates = len(report.notes)
    if dry_run:
        return report

    batch = start_batch()
    now = timezone.now()
    reason = f"import batch #{batch.pk}: {info.name}"
    for cam, changes in updates:
        _apply(cam, changes, _action(changes), batch, reason)
    for cam in gone:
        _apply(cam, {"status": Camera.Status.REMOVED}, AuditEntry.Action.REMOVED, batch,
               f"{reason}: no longer in the list")
    if new_rows:
        status = Camera.Status.VERIFIED if info.is_official else Camera.Status.PENDING
        source = Camera.Source.OFFICIAL if info.is_official else Camera.Source.IMPORT
        bulk_insert_cameras(new_rows, {"status": status, "source": source, "import_batch_id": batch.pk,
                                       "reported_at": now, "updated_at": now})
        new_ids = Camera.objects.filter(import_batch=batch).order_by().values_list("id", flat=True)
        fast_insert(
            AuditEntry,
            [{"camera_id": pk} for pk in new_ids],
            {"role": AuditEntry.Role.SYSTEM, "action": AuditEntry.Action.IMPORTED, "created_at": now,
             "reason": reason, "after": {"import_batch": batch.pk}},
        )
    from mapsite.imports.services import finish_batch

    finish_batch(batch, report)
    return report
