"""The 18 districts, their boundaries and point-in-district lookup."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    name = "mapsite.districts"
    verbose_name = _("Districts")
