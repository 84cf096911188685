"""Moderators' actions on cameras and photos.

Each action takes the camera's `version` as the moderator saw it. Inside one
transaction the row is locked and the update is conditional on that version
(and bumps it), so when two moderators act at once the second is told that
someone else changed the camera instead of silently overwriting them.
Every action writes an audit entry with the fields before and after.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from mapsite.audit.models import AuditEntry
from mapsite.audit.services import record, snapshot
from mapsite.cameras.models import Camera, position_fields
from mapsite.core.errors import Conflict, NotFound, ServiceError
from mapsite.districts.lookup import OutsideHongKong
from mapsite.photos.models import Photo
from mapsite.votes.models import Vote
from mapsite.votes.services import apply_tally

SNAPSHOT_FIELDS = (
    "status",
    "kind",
    "operator",
    "mount",
    "direction",
    "field_of_view",
    "notes",
    "latitude",
    "longitude",
    "district_id",
    "flagged",
    "moderator_decided",
    "merged_into_id",
    "confirm_count",
    "dispute_count",
    "version",
)
ATTRIBUTE_FIELDS = ("kind", "operator", "mount", "direction", "field_of_view", "notes")
POSITION_FIELDS = ("latitude", "longitude")


def changed_meanwhile() -> Conflict:
    return Conflict(_("Someone else changed this camera in the meantime. Reload the page to see it, then try again."))


class Decision:
    VERIFY = "verify"
    REJECT = "reject"
    REMOVE = "remove"
    RESTORE = "restore"


_DECISIONS = {
    Decision.VERIFY: (Camera.Status.VERIFIED, AuditEntry.Action.VERIFIED),
    Decision.REJECT: (Camera.Status.REJECTED, AuditEntry.Action.REJECTED),
    Decision.REMOVE: (Camera.Status.REMOVED, AuditEntry.Action.REMOVED),
    Decision.RESTORE: (Camera.Status.PENDING, AuditEntry.Action.RESTORED),
}


def _snap(camera: Camera) -> dict:
    return snapshot(camera, SNAPSHOT_FIELDS)


def _lock(camera_id: int, version: int, *also: int) -> dict[int, Camera]:
    """The camera (and `also`), locked; refused if it is gone, merged, or changed since `version`."""
    locked = Camera.objects.lock(camera_id, *also)
    camera = locked.get(camera_id)
    if camera is None:
        raise NotFound(_("This camera does not exist."))
    if camera.merged_into_id is not None:
        raise Conflict(_("This camera was merged into camera #%(id)s.") % {"id": camera.merged_into_id})
    if camera.version != version:
        raise changed_meanwhile()
    return locked


def _conditional_update(camera: Camera, version: int, **changes) -> None:
    """Apply changes only if nobody has moved the version on; bump it."""
    updated = Camera.objects.filter(pk=camera.pk, version=version).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated != 1:
        raise changed_meanwhile()
    camera.refresh_from_db()


def decide(camera_id: int, version: int, decision: str, *, actor, reason: str = "") -> Camera:
    """Verify, reject, mark removed, or restore (back to pending, for the
    residents' votes to decide again)."""
    if decision not in _DECISIONS:
        raise ServiceError(_("Unknown action."))
    status, audit_action = _DECISIONS[decision]
    with transaction.atomic():
        camera = _lock(camera_id, version)[camera_id]
        if decision == Decision.RESTORE and camera.status in Camera.PUBLIC_STATUSES:
            raise Conflict(_("This camera is already on the map; there is nothing to restore."))
        before = _snap(camera)
        _conditional_update(
            camera,
            version,
            status=status,
            moderator_decided=decision != Decision.RESTORE,
            flagged=False,
        )
        record(camera, audit_action, actor=actor, role=AuditEntry.Role.MODERATOR, reason=reason,
               before=before, after=_snap(camera))
        if decision == Decision.RESTORE:
            # The votes decide again from here; they may already suffice.
            apply_tally(camera)
    return camera


def _edit_locked(camera: Camera, version: int, changes: dict, *, actor, reason: str, extra: dict | None = None):
    changes = {k: v for k, v in changes.items() if getattr(camera, k) != v}
    if not changes and not extra:
        raise ServiceError(_("Nothing was changed."))
    moved = bool(set(changes) & set(POSITION_FIELDS))
    if moved:
        lat = changes.get("latitude", camera.latitude)
        lon = changes.get("longitude", camera.longitude)
        try:
            changes.update(position_fields(lat, lon))
        except OutsideHongKong:
            raise ServiceError(_("The new position is outside Hong Kong.")) from None
    before = _snap(camera)
    _conditional_update(camera, version, **changes, **(extra or {}))
    after = _snap(camera)
    if moved:
        record(camera, AuditEntry.Action.MOVED, actor=actor, role=AuditEntry.Role.MODERATOR, reason=reason,
               before=before, after=after)
    if set(changes) & set(ATTRIBUTE_FIELDS) or not moved:
        record(camera, AuditEntry.Action.EDITED, actor=actor, role=AuditEntry.Role.MODERATOR, reason=reason,
               before=before, after=after)


def edit(camera_id: int, version: int, *, actor, reason: str = "", **changes) -> Camera:
    """Change attributes and/or move the pin (the district follows the pin)."""
    unknown = set(changes) - set(ATTRIBUTE_FIELDS) - set(POSITION_FIELDS)
    if unknown:
        raise TypeError(f"cannot edit {sorted(unknown)}")
    with transaction.atomic():
        camera = _lock(camera_id, version)[camera_id]
        _edit_locked(camera, version, changes, actor=actor, reason=reason)
    return camera


def apply_correction(camera_id: int, version: int, vote_id: int, *, actor, reason: str = "") -> Camera:
    """Apply the correction a resident suggested with their dispute."""
    with transaction.atomic():
        camera = _lock(camera_id, version)[camera_id]
        vote = Vote.objects.filter(pk=vote_id, camera=camera, kind=Vote.Kind.DISPUTE).first()
        if vote is None:
            raise Conflict(_("That suggestion is no longer there; reload the page."))
        changes = {}
        if vote.suggested_latitude is not None and vote.suggested_longitude is not None:
            changes["latitude"] = vote.suggested_latitude
            changes["longitude"] = vote.suggested_longitude
        if vote.suggested_kind:
            changes["kind"] = vote.suggested_kind
        if vote.suggested_operator:
            changes["operator"] = vote.suggested_operator
        if vote.suggested_direction is not None:
            changes["direction"] = vote.suggested_direction
        if not changes:
            raise ServiceError(_("That dispute suggests no correction."))
        _edit_locked(camera, version, changes, actor=actor, reason=reason, extra={"flagged": False})
        # Applied: the suggestion should not be offered again.
        Vote.objects.filter(pk=vote.pk).update(
            suggested_latitude=None,
            suggested_longitude=None,
            suggested_kind="",
            suggested_operator="",
            suggested_direction=None,
        )
    return camera


def decide_photo(photo_id: int, approve: bool, *, actor, reason: str = "", expected_status: str | None = None) -> Photo:
    target = Photo.Status.APPROVED if approve else Photo.Status.REJECTED
    with transaction.atomic():
        photo = Photo.objects.lock_one(photo_id)
        if photo is None:
            raise NotFound(_("This photo does not exist."))
        if expected_status and photo.status != expected_status:
            raise Conflict(_("Someone else decided on this photo in the meantime. Reload the page."))
        if photo.status == target:
            raise Conflict(_("This photo is already approved.") if approve else _("This photo is already rejected."))
        before = {"photo": photo.pk, "status": photo.status}
        updated = Photo.objects.filter(pk=photo.pk, status=photo.status).update(status=target)
        if updated != 1:
            raise Conflict(_("Someone else decided on this photo in the meantime. Reload the page."))
        photo.status = target
        record(
            photo.camera,
            AuditEntry.Action.PHOTO_APPROVED if approve else AuditEntry.Action.PHOTO_REJECTED,
            actor=actor,
            role=AuditEntry.Role.MODERATOR,
            reason=reason,
            before=before,
            after={"photo": photo.pk, "status": target},
        )
    return photo


@dataclass
class MergeResult:
    survivor: Camera
    duplicate: Camera
    votes_moved: int
    votes_dropped: int
    photos_moved: int


def merge(camera_id: int, version: int, into_id: int, *, actor, reason: str = "") -> MergeResult:
    """Merge a duplicate into the survivor: votes and photos move, each resident
    keeps one vote (their latest), counts are recomputed, and the duplicate
    leaves the public map, pointing at the survivor."""
    if camera_id == into_id:
        raise ServiceError(_("A camera cannot be merged into itself."))
    with transaction.atomic():
        locked = _lock(camera_id, version, into_id)
        duplicate = locked[camera_id]
        survivor = locked.get(into_id)
        if survivor is None or not survivor.is_public:
            raise ServiceError(_("The camera to merge into must be one on the map; check its number."))

        before_dup, before_surv = _snap(duplicate), _snap(survivor)
        survivor_votes = {v.user_id: v for v in Vote.objects.filter(camera=survivor)}
        moved = dropped = 0
        for vote in Vote.objects.filter(camera=duplicate).order_by("pk"):
            resolved = vote.reason == Vote.Reason.DUPLICATE and vote.duplicate_of_id == survivor.pk
            if resolved or (survivor.reporter_id is not None and vote.user_id == survivor.reporter_id):
                vote.delete()
                dropped += 1
                continue
            other = survivor_votes.get(vote.user_id)
            if other is not None:
                dropped += 1
                if vote.updated_at <= other.updated_at:
                    vote.delete()
                    continue
                other.delete()
            vote.camera = survivor
            vote.save(update_fields=["camera"])
            survivor_votes[vote.user_id] = vote
            moved += other is None
        # Disputes saying the survivor duplicates this camera are settled too.
        settled = Vote.objects.filter(camera=survivor, reason=Vote.Reason.DUPLICATE, duplicate_of=duplicate)
        dropped += settled.delete()[0]
        Vote.objects.filter(duplicate_of=duplicate).update(duplicate_of=survivor)
        photos_moved = Photo.objects.filter(camera=duplicate).update(camera=survivor)
        # Earlier merges into the duplicate now lead straight to the survivor.
        Camera.objects.filter(merged_into=duplicate).update(merged_into=survivor)

        _conditional_update(
            duplicate,
            version,
            merged_into=survivor,
            flagged=False,
            moderator_decided=True,
            confirm_count=0,
            dispute_count=0,
        )
        seen = [t for t in (survivor.last_confirmed_at, duplicate.last_confirmed_at) if t is not None]
        _conditional_update(survivor, survivor.version, last_confirmed_at=max(seen) if seen else None)
        apply_tally(survivor)
        survivor.refresh_from_db()
        details = {"votes_moved": moved, "votes_dropped": dropped, "photos_moved": photos_moved}
        record(duplicate, AuditEntry.Action.MERGED, actor=actor, role=AuditEntry.Role.MODERATOR, reason=reason,
               before=before_dup, after={**_snap(duplicate), **details})
        record(survivor, AuditEntry.Action.MERGED, actor=actor, role=AuditEntry.Role.MODERATOR, reason=reason,
               before=before_surv, after={**_snap(survivor), "merged_from": duplicate.pk, **details})
    return MergeResult(survivor, duplicate, moved, dropped, photos_moved)


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)


def bulk_decide(items: Iterable[tuple[int, int]], decision: str, *, actor, reason: str = "") -> BulkResult:
    """Apply one decision with one reason to several cameras. Each camera is
    its own transaction: one that someone else changed is reported, not
    allowed to undo the others."""
    if decision not in (Decision.VERIFY, Decision.REJECT):
        raise ServiceError(_("Bulk actions are verify or reject."))
    result = BulkResult()
    for camera_id, version in items:
        try:
            decide(camera_id, version, decision, actor=actor, reason=reason)
        except ServiceError as exc:
            result.failed.append((camera_id, exc.message))
        else:
            result.done.append(camera_id)
    return result
