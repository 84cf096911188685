"""An account's trust profile: earned by its record, never by who it is.

No email, phone number, network address or device detail is kept here or
anywhere else; the level comes from what moderators decided about the
account's reports and votes, and from the account's age in days.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    class Level(models.TextChoices):
        NEW = "new", _("New")
        ESTABLISHED = "established", _("Established")
        TRUSTED = "trusted", _("Trusted")

    class Override(models.TextChoices):
        NONE = "", _("None: the record decides")
        TRUSTED = "trusted", _("Made trusted by a moderator")
        HELD_NEW = "held_new", _("Held at new by a moderator")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="trust_profile"
    )
    # The level at the last recompute; trust.level_of() also applies the account's age today.
    level = models.CharField(_("trust level"), max_length=11, choices=Level.choices, default=Level.NEW)
    # The record the level was computed from (see mapsite/accounts/trust.py).
    reports_verified = models.PositiveIntegerField(default=0)
    reports_rejected = models.PositiveIntegerField(default=0)
    recent_reports_rejected = models.PositiveIntegerField(default=0)
    votes_borne_out = models.PositiveIntegerField(default=0)
    votes_contradicted = models.PositiveIntegerField(default=0)
    recent_votes_contradicted = models.PositiveIntegerField(default=0)
    recomputed_at = models.DateTimeField(null=True, blank=True)

    override = models.CharField(_("moderator override"), max_length=8, choices=Override.choices, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    override_at = models.DateTimeField(null=True, blank=True)

    # Set by a burst of activity: votes are refused until then.
    votes_paused_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("trust profile")
        verbose_name_plural = _("trust profiles")
        constraints = [
            models.CheckConstraint(condition=models.Q(level__in=["new", "established", "trusted"]),
                                   name="profile_level_known"),
            models.CheckConstraint(condition=models.Q(override__in=["", "trusted", "held_new"]),
                                   name="profile_override_known"),
        ]

    def __str__(self) -> str:
        return f"profile {self.user_id}"
