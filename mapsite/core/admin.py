"""Admin discovery for the project's own apps only: SimpleAdminConfig skips
autodiscovery because leaflet.admin would import GDAL, which we do not use."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.contrib import admin
from django.db import models
from django.utils.module_loading import module_has_submodule

# A link typed without its scheme is read as https://, Django 6's default, chosen now.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows something else owns (database triggers, the trust record): shown, never edited here."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def discover() -> None:
    for config in apps.get_app_configs():
        if config.name.startswith("mapsite.") and module_has_submodule(config.module, "admin"):
            import_module(f"{config.name}.admin")
