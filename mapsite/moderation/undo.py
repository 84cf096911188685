"""Undo a moderator's action from its audit entry.

An undo puts back what the entry's `before` holds, only if nothing changed the camera
since (its version is still the one the entry left); it is audited as "undone" with
`after["undo_of"]` naming the entry, which is how an entry is known to be undone.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from mapsite.audit.models import AuditEntry
from mapsite.audit.services import record
from mapsite.cameras.models import Camera, position_fields
from mapsite.core.errors import Conflict, NotFound
from mapsite.moderation import merging
from mapsite.moderation.services import (
    ATTRIBUTE_FIELDS,
    SUGGESTION_FIELDS,
    changed_meanwhile,
    conditional_update,
    lock,
    snap,
)
from mapsite.photos.models import Photo
from mapsite.votes.models import Vote

Action = AuditEntry.Action
DECISIONS = (Action.VERIFIED, Action.REJECTED, Action.REMOVED, Action.RESTORED)
EDITS = (Action.EDITED, Action.MOVED)
PHOTOS = (Action.PHOTO_APPROVED, Action.PHOTO_REJECTED)
UNDOABLE = (*DECISIONS, *EDITS, *PHOTOS, Action.MERGED)


def undoable() -> dict:
    """The entries an undo applies to (a moderator's, of an undoable action)."""
    return {"role": AuditEntry.Role.MODERATOR, "action__in": UNDOABLE}


def undone_ids(entry_ids) -> set[int]:
    """Which of these entries have been undone (one query)."""
    found = AuditEntry.objects.filter(action=Action.UNDONE, camera__isnull=False).filter(
        after__undo_of__in=list(entry_ids)
    ) if entry_ids else AuditEntry.objects.none()
    return {entry.after["undo_of"] for entry in found.only("after")}


def undo(entry_id: int, version: int, *, actor, reason: str = "") -> AuditEntry:
    """Undo the entry; `version` is the camera's as the moderator saw it."""
    with transaction.atomic():
        entry = AuditEntry.objects.filter(pk=entry_id, **undoable()).first()
        if entry is None or entry.camera_id is None:
            raise NotFound(_("There is no moderator's action with this number to undo."))
        if undone_ids([entry.pk]):
            raise Conflict(_("This action is already undone."))
        if entry.action == Action.MERGED:
            camera = Camera.objects.filter(pk=entry.camera_id).first()
            if camera is None or camera.version != version:
                raise changed_meanwhile()
            merging.undo_merge(entry, actor=actor, reason=reason)
            return entry
        camera = lock(entry.camera_id, version)[entry.camera_id]
        if entry.action in PHOTOS:
            _undo_photo(entry)
            before = after = snap(camera)
        else:
            if camera.version != entry.after.get("version"):
                raise Conflict(_("This camera was changed after that action; undo the later changes first."))
            before = snap(camera)
            conditional_update(camera, version, **_restored(entry))
            if entry.action in EDITS and "correction" in entry.after:
                _offer_again(entry.after["correction"], camera)
            after = snap(camera)
        record(camera, Action.UNDONE, actor=actor, role=AuditEntry.Role.MODERATOR, reason=reason,
               before=before, after={**after, "undo_of": entry.pk, "undid": entry.action})
    return entry


def _restored(entry: AuditEntry) -> dict:
    old = entry.before
    if entry.action in DECISIONS:
        return {name: old[name] for name in ("status", "flagged", "moderator_decided")}
    changes = {name: old[name] for name in (*ATTRIBUTE_FIELDS, "latitude", "longitude", "flagged")}
    changes.update(position_fields(old["latitude"], old["longitude"]))
    return changes


def _offer_again(correction: dict, camera: Camera) -> None:
    """The resident's suggestion, cleared when it was applied, is offered again."""
    Vote.objects.filter(pk=correction["vote"], camera=camera).update(
        **{name: correction[name] for name in SUGGESTION_FIELDS}
    )


def _undo_photo(entry: AuditEntry) -> None:
    photo = Photo.objects.lock_one(entry.after["photo"])
    if photo is None:
        raise NotFound(_("This photo does not exist."))
    if photo.status != entry.after["status"]:
        raise Conflict(_("Someone else decided on this photo in the meantime. Reload the page."))
    Photo.objects.filter(pk=photo.pk).update(status=entry.before["status"])
