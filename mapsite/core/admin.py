"""Admin discovery for the project's own apps only: SimpleAdminConfig skips
autodiscovery because leaflet.admin would import GDAL, which we do not use."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def discover() -> None:
    for config in apps.get_app_configs():
        if config.name.startswith("mapsite.") and module_has_submodule(config.module, "admin"):
            import_module(f"{config.name}.admin")
