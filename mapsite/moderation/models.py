from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Moderation(models.Model):
    """Holds no rows: it exists to own the 'moderate' permission, which the
    Moderators group carries, so no moderator needs to be a superuser."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("moderate", _("Can moderate cameras"))]

    def __str__(self) -> str:
        return "moderation"


class OutcomesSeen(models.Model):
    """When a reporter last opened "My sightings": moderators' decisions on their reports
    after this are new to them, and counted in the header until they look."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("outcomes seen")
        verbose_name_plural = _("outcomes seen")

    def __str__(self) -> str:
        return f"outcomes seen by {self.user_id}"
