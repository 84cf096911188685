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
from mapsite.publication.windows import deferred
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
SUGGESTION_FIELDS = (
    "suggested_latitude", "suggested_longitude", "suggested_kind", "suggested_operator", "suggested_direction",
)


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


def snap(camera: Camera) -> dict:
    return snapshot(camera, SNAPSHOT_FIELDS)


def lock(camera_id: int, version: int, *also: int) -> dict[int, Camera]:
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


def conditional_update(camera: Camera, version: int, **changes) -> None:
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
        camera = lock(camera_id, version)[camera_id]
        if decision == Decision.RESTORE and camera.status in Camera.PUBLIC_STATUSES:
            raise Conflict(_("This camera is already on the map; there is nothing to restore."))
        before = snap(camera)
        conditional_update(
            camera,
            version,
            status=status,
            moderator_decided=decision != Decision.RESTORE,
            flagged=False,
        )
        record(camera, audit_action, actor=actor, role=AuditEntry.Role.MODERATOR, reason=reason,
               before=before, after=snap(camera))
        if decision == Decision.RESTORE:
            # The votes decide again from here; they may already suffice.
            apply_tally(camera)
    return camera


def _edit_locked(
    camera: Camera, version: int, changes: dict, *, actor, reason: str, extra: dict | None = None,
    note: dict | None = None,
):
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
    before = snap(camera)
    conditional_update(camera, version, **changes, **(extra or {}))
    after = {**snap(camera), **(note or {})}
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
        camera = lock(camera_id, version)[camera_id]
        _edit_locked(camera, version, changes, actor=actor, reason=reason)
    return camera


def apply_correction(camera_id: int, version: int, vote_id: int, *, actor, reason: str = "") -> Camera:
    """Apply the correction a resident suggested with their dispute."""
    with transaction.atomic():
        camera = lock(camera_id, version)[camera_id]
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
        # Kept in the entry so an undo can offer the suggestion again.
        suggestion = {name: getattr(vote, name) for name in SUGGESTION_FIELDS}
        _edit_locked(camera, version, changes, actor=actor, reason=reason, extra={"flagged": False},
                     note={"correction": {"vote": vote.pk, **suggestion}})
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
        # An approval goes public at the next publication window (mapsite.publication); a
        # rejection hides the photo at once.
        published_at = photo.published_at
        if approve:
            published_at = None if deferred() else timezone.now()
        updated = Photo.objects.filter(pk=photo.pk, status=photo.status).update(
            status=target, published_at=published_at
        )
        if updated != 1:
            raise Conflict(_("Someone else decided on this photo in the meantime. Reload the page."))
        photo.status, photo.published_at = target, published_at
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


# One request decides at most this many: each camera is its own transaction and audit entry,
# and a request should end before a proxy gives up on it.
BULK_MAX = 2000


def bulk_decide_matching(cameras, expected: int, decision: str, *, actor, reason: str = "") -> BulkResult:
    """Decide every camera of the queryset `cameras`, which the moderator saw as `expected`
    cameras: if the filter now matches a different number, nothing is done (409)."""
    found = cameras.count()
    if found != expected:
        raise Conflict(
            _("This filter now matches %(found)d cameras, not %(expected)d. Check the list again, then confirm.")
            % {"found": found, "expected": expected},
            found=found,
        )
    if found > BULK_MAX:
        raise ServiceError(_("At most %(max)d cameras can be decided at once; narrow the filter.") % {"max": BULK_MAX})
    return bulk_decide(list(cameras.values_list("pk", "version")), decision, actor=actor, reason=reason)
