"""Import batches: where every imported camera came from, under which terms, and how to undo it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "mapsite.imports"
    verbose_name = _("Import batches")
