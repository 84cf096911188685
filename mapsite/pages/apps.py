"""The site's shell: layout, language switch, about and credits, error pages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "mapsite.pages"
    verbose_name = _("Pages")
