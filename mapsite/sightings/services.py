"""Creating a camera from a resident's report."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from mapsite.audit.models import AuditEntry
from mapsite.audit.services import record, snapshot
from mapsite.cameras.models import Camera
from mapsite.districts.models import District
from mapsite.photos.models import Photo
from mapsite.photos.processing import ProcessedPhoto, delete_files, write_new_file
from mapsite.publication.windows import deferred
from mapsite.sightings.plausibility import warnings_for

REPORTED_FIELDS = ("latitude", "longitude", "kind", "operator", "mount", "direction", "field_of_view", "notes")


class AlreadySubmitted(Exception):
    """The form carrying this submission token already made a camera."""

    def __init__(self, camera: Camera | None):
        super().__init__("submission token already used")
        self.camera = camera


def report_camera(
    user, cleaned_data: dict, *, district: District, processed_photo: ProcessedPhoto | None = None
) -> Camera:
    """Create a pending camera (and its pending photo) with audit entries, all or nothing.

    cleaned_data, district and processed_photo come from a valid ReportForm, which
    has already looked up the district, refused a used submission token and
    processed the photo. If anything fails, no row stays in the database and no
    file stays on disk. A token that a concurrent submit used first raises
    AlreadySubmitted carrying the camera it made.
    """
    token = cleaned_data.get("submission_token")
    written: list[str] = []
    # Before the transaction: the checks read files and query, and need no write lock.
    warnings = warnings_for(
        cleaned_data["latitude"], cleaned_data["longitude"],
        kind=cleaned_data["kind"], operator=cleaned_data["operator"], reporter=user,
    )
    try:
        with transaction.atomic():
            camera = Camera.objects.create(
                latitude=cleaned_data["latitude"],
                longitude=cleaned_data["longitude"],
                district=district,
                status=Camera.Status.PENDING,
                kind=cleaned_data["kind"],
                operator=cleaned_data["operator"],
                mount=cleaned_data["mount"],
                direction=cleaned_data.get("direction"),
                field_of_view=cleaned_data.get("field_of_view"),
                notes=cleaned_data["notes"],
                reporter=user,
                source=Camera.Source.RESIDENT,
                submission_token=token,
                warnings=warnings,
                # Out at the next publication window (mapsite.publication); only its reporter sees it until then.
                published_at=None if deferred() else timezone.now(),
            )
            # A sighting is a resident's act whoever sends it, as a vote is: a moderator's own
            # report is not a moderator's decision (no trust recomputed, no permission looked up).
            record(camera, AuditEntry.Action.REPORTED, actor=user, role=AuditEntry.Role.RESIDENT,
                   after=snapshot(camera, REPORTED_FIELDS))
            if processed_photo is not None:
                image = write_new_file(processed_photo.full, written=written)
                thumbnail = write_new_file(processed_photo.thumbnail, written=written)
                photo = Photo.objects.create(
                    camera=camera,
                    uploader=user,
                    image=image,
                    thumbnail=thumbnail,
                    width=processed_photo.width,
                    height=processed_photo.height,
                    boxes=processed_photo.boxes,
                    status=Photo.Status.PENDING,
                )
                record(camera, AuditEntry.Action.PHOTO_ADDED, actor=user, role=AuditEntry.Role.RESIDENT,
                       after={"photo": photo.pk})
    except IntegrityError:
        delete_files(written)
        if token is not None:
            # A concurrent double submit won the race for the unique token.
            existing = Camera.objects.filter(submission_token=token).first()
            if existing is not None:
                raise AlreadySubmitted(existing) from None
        raise
    except BaseException:
        delete_files(written)
        raise
    return camera



# --- A resident's own report, before it is published ------------------------------------------
# Editing and withdrawing are the reporter's until the report goes out in a publication window
# or a moderator decides on it; after that it is community data, changed only by moderators.
# (Imports inside the functions keep this section apart from report creation above.)


def own_report_closed(camera: Camera) -> bool:
    """Whether the reporter's own say over the report has ended: it is public, or a moderator decided."""
    return (camera.published_at is not None or camera.moderator_decided or camera.merged_into_id is not None
            or camera.status != Camera.Status.PENDING)


def own_open_report(camera_id: int, user, *, version: int | None = None, lock: bool = False) -> Camera:
    """The user's own report, still theirs to change (locked when `lock`, checked against the
    `version` they saw when given); refused otherwise."""
    from django.utils.translation import gettext as _

    from mapsite.core.errors import Conflict, NotFound

    camera = Camera.objects.lock_one(camera_id) if lock else Camera.objects.filter(pk=camera_id).first()
    # Someone else's report does not exist for this user: 404, as for a missing one.
    if camera is None or not camera.is_reported_by(user):
        raise NotFound(_("This report does not exist, or it is not yours."))
    if own_report_closed(camera):
        raise Conflict(_("This report is already public or a moderator has decided on it, so it can no longer "
                         "be changed or withdrawn. If it is wrong, dispute it on its page."), code="closed")
    if version is not None and camera.version != version:
        raise Conflict(_("A moderator changed this report in the meantime. Reload the page to see it, then "
                         "try again."), code="changed")
    return camera


def _bump(camera: Camera, version: int, **changes) -> None:
    """Apply changes only if nobody moved the version on meanwhile, and bump it: a moderator who
    loaded the report before this change is then told it changed, rather than act on the old one."""
    from django.db.models import F
    from django.utils import timezone

    from mapsite.core.errors import Conflict

    updated = Camera.objects.filter(pk=camera.pk, version=version).update(
        **changes, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated != 1:
        raise Conflict(code="changed")
    camera.refresh_from_db()


def edit_own_report(camera_id: int, version: int, user, cleaned_data: dict, *, district: District) -> Camera:
    """Change the user's own unpublished report to a valid ReportForm's values (and its district)."""
    from django.utils.translation import gettext as _

    from mapsite.cameras.models import position_fields
    from mapsite.core.errors import ServiceError
    from mapsite.sightings.plausibility import CLUSTER

    lat, lon = cleaned_data["latitude"], cleaned_data["longitude"]
    with transaction.atomic():
        camera = own_open_report(camera_id, user, version=version, lock=True)
        changes = {name: cleaned_data.get(name) for name in REPORTED_FIELDS}
        changes = {name: value for name, value in changes.items() if getattr(camera, name) != value}
        if not changes:
            raise ServiceError(_("Nothing was changed."), code="unchanged")
        before = snapshot(camera, REPORTED_FIELDS)
        moved = bool({"latitude", "longitude"} & set(changes))
        if moved:
            changes.update(position_fields(lat, lon, district=district))
        # The cluster warning is about where and when this account reports, which an edit does not
        # change (and recomputing it would count this very report): it stays as it was.
        warnings = warnings_for(lat, lon, kind=cleaned_data["kind"], operator=cleaned_data["operator"], reporter=None)
        if CLUSTER in camera.warnings:
            warnings.append(CLUSTER)
        _bump(camera, version, **changes, warnings=warnings)
        after = snapshot(camera, REPORTED_FIELDS)
        if moved:
            record(camera, AuditEntry.Action.MOVED, actor=user, role=AuditEntry.Role.RESIDENT,
                   before=before, after=after)
        if set(changes) - {"latitude", "longitude", "qk", "district"}:
            record(camera, AuditEntry.Action.EDITED, actor=user, role=AuditEntry.Role.RESIDENT,
                   before=before, after=after)
    return camera


def withdraw_own_report(camera_id: int, version: int, user) -> None:
    """Delete the user's own unpublished report, with its photos (files too) and its audit entries.

    Deleted rather than marked removed: it was never public, so nothing public refers to it, and
    a removed row (or an audit entry keeping its position with the account as actor) would keep
    exactly what the resident took back. Deleting an unpublished camera leaves the counters and
    the data version alone (mapsite/tiles/triggers.py), so not even the time of the withdrawal shows.
    """
    with transaction.atomic():
        camera = own_open_report(camera_id, user, version=version, lock=True)
        files = [name for photo in camera.photos.all() for name in (photo.image, photo.thumbnail)]
        AuditEntry.objects.filter(camera=camera).delete()
        camera.delete()
        transaction.on_commit(lambda: delete_files(files))
