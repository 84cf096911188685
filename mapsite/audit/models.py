from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change to a camera, written by the service that made it.

    Moderators browse all entries with their actors; the public history of a
    camera shows only the action, the day and whether a resident or a
    moderator acted.
    """

    class Role(models.TextChoices):
        RESIDENT = "resident", _("a resident")
        MODERATOR = "moderator", _("a moderator")
        SYSTEM = "system", _("the site")

    class Action(models.TextChoices):
        REPORTED = "reported", _("Reported")
        IMPORTED = "imported", _("Imported")
        CONFIRMED = "confirmed", _("Confirmed")
        DISPUTED = "disputed", _("Disputed")
        VOTE_WITHDRAWN = "vote_withdrawn", _("Vote withdrawn")
        VERIFIED = "verified", _("Verified")
        VERIFIED_BY_RESIDENTS = "verified_by_residents", _("Verified by residents")
        FLAGGED = "flagged", _("Flagged for review")
        REJECTED = "rejected", _("Rejected")
        REMOVED = "removed", _("Marked removed")
        RESTORED = "restored", _("Restored")
        EDITED = "edited", _("Details corrected")
        MOVED = "moved", _("Moved")
        MERGED = "merged", _("Merged")
        PHOTO_ADDED = "photo_added", _("Photo added")
        PHOTO_APPROVED = "photo_approved", _("Photo approved")
        PHOTO_REJECTED = "photo_rejected", _("Photo rejected")
        PHOTO_REDACTED = "photo_redacted", _("Photo regions blurred")
        PHOTO_WITHDRAWN = "photo_withdrawn", _("Photo withdrawn by its uploader")
        UNDONE = "undone", _("Undone")
        # About an account, not a camera (camera is empty; after= names the account).
        TRUST_SET = "trust_set", _("Trust level set by a moderator")
        VOTES_PAUSED = "votes_paused", _("Votes paused after a burst")

    # Shown on the public history; the rest (photo rejections, withdrawals) are for moderators.
    PUBLIC_ACTIONS = (
        Action.REPORTED,
        Action.IMPORTED,
        Action.CONFIRMED,
        Action.DISPUTED,
        Action.VERIFIED,
        Action.VERIFIED_BY_RESIDENTS,
        Action.REJECTED,
        Action.REMOVED,
        Action.RESTORED,
        Action.EDITED,
        Action.MOVED,
        Action.MERGED,
        Action.PHOTO_APPROVED,
        Action.UNDONE,
    )

    camera = models.ForeignKey(
        "cameras.Camera", null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_entries"
    )
    role = models.CharField(max_length=9, choices=Role.choices)
    action = models.CharField(max_length=24, choices=Action.choices, db_index=True)
    reason = models.TextField(blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.action} camera {self.camera_id}"
