from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Vote(models.Model):
    """A resident's live opinion of one camera: they saw it, or they dispute it.
    One per resident per camera; changing one's mind updates the row."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Confirm")
        DISPUTE = "dispute", _("Dispute")

    class Reason(models.TextChoices):
        NOT_CAMERA = "not_camera", _("Not a camera")
        REMOVED = "removed", _("Removed")
        WRONG_PLACE = "wrong_place", _("Wrong place")
        WRONG_DETAILS = "wrong_details", _("Wrong details")
        DUPLICATE = "duplicate", _("Duplicate of another camera")

    camera = models.ForeignKey("cameras.Camera", on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes")
    kind = models.CharField(_("vote"), max_length=7, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=13, choices=Reason.choices, blank=True)
    duplicate_of = models.ForeignKey(
        "cameras.Camera", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicate_votes"
    )
    # A suggested correction, carried by a "wrong details" or "wrong place" dispute.
    suggested_latitude = models.FloatField(null=True, blank=True)
    suggested_longitude = models.FloatField(null=True, blank=True)
    suggested_kind = models.CharField(max_length=10, blank=True)
    suggested_operator = models.CharField(max_length=10, blank=True)
    suggested_direction = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # When the vote's effect became public (its publication window); None while it waits.
    published_at = models.DateTimeField(null=True, blank=True, default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["camera", "user"], name="unique_vote_per_user_camera"),
            models.CheckConstraint(
                condition=models.Q(kind="confirm", reason="") | models.Q(kind="dispute") & ~models.Q(reason=""),
                name="vote_dispute_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(suggested_latitude__isnull=True)
                | models.Q(suggested_latitude__gte=-90, suggested_latitude__lte=90),
                name="vote_suggested_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(suggested_longitude__isnull=True)
                | models.Q(suggested_longitude__gte=-180, suggested_longitude__lte=180),
                name="vote_suggested_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on camera {self.camera_id}"
