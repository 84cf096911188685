"""Tile-addressed, cacheable cluster responses for the map."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TilesConfig(AppConfig):
    name = "mapsite.tiles"
    verbose_name = _("Tiles")
