"""Residents' confirmations and disputes."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotesConfig(AppConfig):
    name = "mapsite.votes"
    verbose_name = _("Votes")
