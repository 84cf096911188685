"""The flow by which residents report a camera."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SightingsConfig(AppConfig):
    name = "mapsite.sightings"
    verbose_name = _("Sightings")
