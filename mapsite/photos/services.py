"""What the uploader and moderators do to a photo before it is decided: blur more
regions, or (the uploader) take the photo back. Each writes an audit entry."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from mapsite.audit.models import AuditEntry
from mapsite.audit.services import record
from mapsite.core.errors import Conflict, Forbidden, NotFound, ServiceError
from mapsite.moderation.roles import is_moderator
from mapsite.photos.models import Photo
from mapsite.photos.processing import delete_files, redact_stored, write_new_file
from mapsite.photos.redaction import Box

# Blurred regions kept per photo, so its list of boxes stays a small JSON value.
MAX_BOXES = 100


def _gone() -> NotFound:
    return NotFound(_("This photo does not exist, or is no longer awaiting approval."))


def editable_photo(pk: int, user) -> Photo:
    """The photo if this user may still change it: its uploader or a moderator, while it awaits approval.

    A stranger is refused (403). For the uploader a decided photo is gone (404),
    as on their list; a moderator is told it was decided (409).
    """
    photo = Photo.objects.select_related("camera").filter(pk=pk).first()
    if photo is None:
        raise _gone()
    moderator = is_moderator(user)
    if not moderator and photo.uploader_id != user.pk:
        raise Forbidden(_("Only the person who sent this photo, or a moderator, can change it."))
    if photo.status != Photo.Status.PENDING:
        if moderator:
            raise Conflict(_("This photo is already decided: only a photo awaiting approval can be blurred."))
        raise _gone()
    return photo


def redact(pk: int, boxes: list[Box], *, actor) -> Photo:
    """Blur these regions in the stored photo and its thumbnail, all or nothing.

    The new pixels are written under new names and the old files deleted, so
    the unblurred version does not stay on disk. The slow image work happens
    before the transaction; inside it, the photo must still be the one that was
    read, or someone else changed it meanwhile (409) and nothing is kept.
    """
    photo = editable_photo(pk, actor)
    if len(photo.boxes) + len(boxes) > MAX_BOXES:
        raise ServiceError(_("This photo already has as many blurred regions as it can take (%(n)d).")
                           % {"n": MAX_BOXES})
    processed = redact_stored(photo.image, boxes)
    written: list[str] = []
    old = [photo.image, photo.thumbnail]
    try:
        image = write_new_file(processed.full, written=written)
        thumbnail = write_new_file(processed.thumbnail, written=written)
        with transaction.atomic():
            locked = Photo.objects.lock_one(pk)
            if locked is None or locked.status != Photo.Status.PENDING or locked.image != photo.image:
                raise Conflict(_("Someone else changed this photo in the meantime. Reload the page and try again."))
            locked.image, locked.thumbnail = image, thumbnail
            locked.width, locked.height = processed.width, processed.height
            locked.boxes = [*locked.boxes, *(box.as_dict() for box in boxes)]
            locked.save(update_fields=["image", "thumbnail", "width", "height", "boxes"])
            record(locked.camera, AuditEntry.Action.PHOTO_REDACTED, actor=actor,
                   after={"photo": pk, "blurred": len(boxes)})
    except BaseException:
        delete_files(written)
        raise
    delete_files(old)
    return locked


def withdraw(pk: int, *, user) -> None:
    """The uploader takes back their photo while it awaits approval: the row and both files go."""
    with transaction.atomic():
        photo = Photo.objects.lock_one(pk)
        if photo is None:
            raise _gone()
        if photo.uploader_id != user.pk:
            raise Forbidden(_("Only the person who sent this photo can delete it."))
        if photo.status != Photo.Status.PENDING:
            raise _gone()
        files = [photo.image, photo.thumbnail]
        record(photo.camera, AuditEntry.Action.PHOTO_WITHDRAWN, actor=user, before={"photo": pk})
        photo.delete()
    delete_files(files)
