"""Tile-addressed, cacheable cluster responses for the map."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install(connection) -> None:
    from mapsite.tiles import triggers

    triggers.install(connection)


def _ensure_triggers(using: str = "default", **kwargs) -> None:
    from mapsite.lib.dbtriggers import after_migrate

    after_migrate("tiles", "0002_counter_triggers", _install)(using=using, **kwargs)


class TilesConfig(AppConfig):
    name = "mapsite.tiles"
    verbose_name = _("Tiles")

    def ready(self) -> None:
        # A later migration that rebuilds cameras_camera on SQLite drops the
        # triggers with the old table, and triggers made from older SQL carry an
        # older stamp: after every migrate, put back what is missing or stale.
        post_migrate.connect(_ensure_triggers, sender=self, dispatch_uid="tiles_ensure_triggers")
