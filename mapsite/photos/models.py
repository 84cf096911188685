from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mapsite.core.locking import LockingQuerySet


class PhotoQuerySet(LockingQuerySet):
    def public_of(self, camera_id: int) -> PhotoQuerySet:
        """A camera's photos anyone may see (the camera itself must be public too: the caller's check)."""
        return self.filter(camera_id=camera_id, status=Photo.Status.APPROVED, published_at__isnull=False).order_by(
            "created_at"
        )


class Photo(models.Model):
    """A photo of a camera. Stored re-encoded with no metadata and with faces and
    plates blurred, under a random name; public only once a moderator approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    camera = models.ForeignKey("cameras.Camera", on_delete=models.CASCADE, related_name="photos")
    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="photos"
    )
    image = models.CharField(max_length=100)  # path under MEDIA_ROOT
    thumbnail = models.CharField(max_length=100)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    # When an approval became public (the publication window it went out in); None while it waits.
    published_at = models.DateTimeField(null=True, blank=True, default=timezone.now)
    # Every region blurred before the photo was stored or since, as fractions of the
    # image: [{"x", "y", "w", "h", "source": "face" | "plate" | "drawn"}], for the
    # moderator to see what was found (and so what the detector may have missed).
    boxes = models.JSONField(_("blurred regions"), default=list, blank=True)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return f"Photo {self.pk} of camera {self.camera_id}"

    def get_absolute_url(self) -> str:
        return reverse("photos:image", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.APPROVED and self.published_at is not None and self.camera.is_public
