"""Creating a camera from a resident's report."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from mapsite.audit.models import AuditEntry
from mapsite.audit.services import record, snapshot
from mapsite.cameras.models import Camera
from mapsite.districts.lookup import district_at
from mapsite.photos.models import Photo
from mapsite.photos.processing import ProcessedPhoto, delete_files, process_upload, write_new_file

REPORTED_FIELDS = ("latitude", "longitude", "kind", "operator", "mount", "direction", "field_of_view", "notes")


class AlreadySubmitted(Exception):
    """The form carrying this submission token already made a camera."""

    def __init__(self, camera: Camera | None):
        super().__init__("submission token already used")
        self.camera = camera


def report_camera(
    user, cleaned_data: dict, photo_file=None, *, processed_photo: ProcessedPhoto | None = None
) -> Camera:
    """Create a pending camera (and its pending photo) with audit entries, all or nothing.

    cleaned_data comes from ReportForm. The photo may be given as an upload
    (processed here) or already processed by the form. If anything fails, no
    row stays in the database and no file stays on disk. A reused submission
    token raises AlreadySubmitted carrying the camera it made first.
    """
    token = cleaned_data.get("submission_token")
    if token is not None:
        existing = Camera.objects.filter(submission_token=token).first()
        if existing is not None:
            raise AlreadySubmitted(existing)
    if processed_photo is None and photo_file:
        processed_photo = process_upload(photo_file)

    lat, lon = cleaned_data["latitude"], cleaned_data["longitude"]
    written: list[str] = []
    try:
        with transaction.atomic():
            camera = Camera.objects.create(
                latitude=lat,
                longitude=lon,
                district=district_at(lat, lon),
                status=Camera.Status.PENDING,
                kind=cleaned_data.get("kind") or Camera.Kind.UNKNOWN,
                operator=cleaned_data.get("operator") or Camera.Operator.UNKNOWN,
                mount=cleaned_data.get("mount") or Camera.Mount.UNKNOWN,
                direction=cleaned_data.get("direction"),
                field_of_view=cleaned_data.get("field_of_view"),
                notes=cleaned_data.get("notes") or "",
                reporter=user,
                source=Camera.Source.RESIDENT,
                submission_token=token,
            )
            record(camera, AuditEntry.Action.REPORTED, actor=user, after=snapshot(camera, REPORTED_FIELDS))
            if processed_photo is not None:
                written.append(write_new_file(processed_photo.full))
                written.append(write_new_file(processed_photo.thumbnail))
                photo = Photo.objects.create(
                    camera=camera,
                    uploader=user,
                    image=written[0],
                    thumbnail=written[1],
                    width=processed_photo.width,
                    height=processed_photo.height,
                    status=Photo.Status.PENDING,
                )
                record(camera, AuditEntry.Action.PHOTO_ADDED, actor=user, after={"photo": photo.pk})
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
