from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationRun(models.Model):
    """One run that published something: the window it published at and how much went out."""

    window_at = models.DateTimeField(_("window"), db_index=True)
    cameras = models.PositiveIntegerField(_("cameras"), default=0)
    votes = models.PositiveIntegerField(_("votes"), default=0)
    photos = models.PositiveIntegerField(_("photos"), default=0)

    class Meta:
        verbose_name = _("publication run")
        verbose_name_plural = _("publication runs")
        ordering = ["-window_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.window_at:%Y-%m-%d %H:%M}"


class HeldVote(models.Model):
    """A published vote that its resident changed or withdrew while the window is on: the
    public counts keep it as it was until the change goes out (mapsite.votes.rules.tally),
    so a change shows no sooner than a new vote would."""

    camera = models.ForeignKey("cameras.Camera", on_delete=models.CASCADE, related_name="+")
    # CASCADE: deleting an account withdraws what it held at once.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=7)
    reason = models.CharField(max_length=13, blank=True)
    # The resident's latest change; the hold ends at that change's window. Never shown.
    since = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["camera", "user"], name="held_vote_one_per_user_camera"),
        ]

    def __str__(self) -> str:
        return f"held {self.kind} on camera {self.camera_id}"
