"""Publishing residents' reports, votes and photo approvals in batches, at fixed windows."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "mapsite.publication"
    verbose_name = _("Publication")
