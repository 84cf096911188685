"""Camera records, the public map, camera pages, import and export."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CamerasConfig(AppConfig):
    name = "mapsite.cameras"
    verbose_name = _("Cameras")
