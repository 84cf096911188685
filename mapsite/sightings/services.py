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
            record(camera, AuditEntry.Action.REPORTED, actor=user, after=snapshot(camera, REPORTED_FIELDS))
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
