"""Publicly reported camera figures and their sources."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "mapsite.figures"
    verbose_name = _("Official figures")
