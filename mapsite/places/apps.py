"""Place search: districts, rail stations and housing estates, in both languages, offline."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "mapsite.places"
    verbose_name = _("Places")
