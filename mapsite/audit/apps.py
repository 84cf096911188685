"""The record of every change, and public camera histories."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "mapsite.audit"
    verbose_name = _("Audit")
