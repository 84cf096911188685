"""Undoing an import batch: what it created goes, what it changed goes back, except
where a resident or moderator has touched the camera since, which is left and said."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from mapsite.audit.models import AuditEntry
from mapsite.audit.services import record, snapshot
from mapsite.cameras.models import Camera
from mapsite.imports.models import ImportBatch

CHUNK = 1000


class AlreadyUndone(ValueError):
    pass


@dataclass
class UndoReport:
    removed: int = 0
    restored: int = 0
    left: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"Removed {self.removed} cameras it created; put back {self.restored} changes; left {len(self.left)}."
        return "\n".join([text, *self.left])


def _later_entries(camera_ids: list[int], batch: ImportBatch) -> dict[int, list[AuditEntry]]:
    """Each camera's entries written by anything but this batch (people, other batches)."""
    others: dict[int, list[AuditEntry]] = defaultdict(list)
    for start in range(0, len(camera_ids), CHUNK):
        chunk = camera_ids[start : start + CHUNK]
        for entry in AuditEntry.objects.filter(camera_id__in=chunk).order_by("id"):
            if entry.after.get("import_batch") != batch.pk:
                others[entry.camera_id].append(entry)
    return others


def _why(camera: Camera, entry: AuditEntry) -> str:
    return (
        f"camera #{camera.pk} ({camera.import_ref}): left as it is, "
        f"{entry.get_action_display().lower()} by {entry.get_role_display()} on {entry.created_at:%Y-%m-%d} since"
    )


def undo_batch(batch: ImportBatch, *, actor=None) -> UndoReport:
    report = UndoReport()
    with transaction.atomic():
        batch = ImportBatch.objects.lock(batch.pk)[batch.pk]
        if batch.undone_at is not None:
            raise AlreadyUndone(f"batch #{batch.pk} was undone on {batch.undone_at:%Y-%m-%d}")
        entries = list(
            AuditEntry.objects.filter(after__import_batch=batch.pk, camera__isnull=False)
            .select_related("camera")
            .order_by("-id")
        )
        others = _later_entries(sorted({e.camera_id for e in entries}), batch)
        doomed = []
        for entry in entries:  # newest first, so several changes to one camera unwind in order
            camera = entry.camera
            later = [o for o in others[camera.pk] if o.pk > entry.pk]
            if later:
                report.left.append(_why(camera, later[0]))
                continue
            if entry.action == AuditEntry.Action.IMPORTED:
                doomed.append(camera.pk)
                continue
            now_values = snapshot(camera, entry.before)
            for name, value in entry.before.items():
                setattr(camera, name, value)
            camera.version += 1  # as every change to a camera: an open moderator form gets a conflict
            camera.save()
            record(
                camera,
                AuditEntry.Action.UNDONE,
                actor=actor,
                reason=f"import batch #{batch.pk} undone",
                before=now_values,
                after=dict(entry.before),
            )
            report.restored += 1
        for start in range(0, len(doomed), CHUNK):
            chunk = doomed[start : start + CHUNK]
            # Their only history is this batch's: it goes with them.
            AuditEntry.objects.filter(camera_id__in=chunk).delete()
            Camera.objects.filter(pk__in=chunk).delete()
        report.removed = len(doomed)
        batch.undone_at = timezone.now()
        batch.undo_note = report.summary()
        batch.save(update_fields=["undone_at", "undo_note"])
    return report
