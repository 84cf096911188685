from django.db import models
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
