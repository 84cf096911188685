"""The public change log (GET /api/changes.json) and mirrors of other instances built from it."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install(connection) -> None:
    from mapsite.changes import triggers

    triggers.install(connection)


def _ensure_triggers(using: str = "default", **kwargs) -> None:
    from mapsite.lib.dbtriggers import after_migrate

    after_migrate("changes", "0001_initial", _install)(using=using, **kwargs)


class ChangesConfig(AppConfig):
    name = "mapsite.changes"
    verbose_name = _("Changes")

    def ready(self) -> None:
        # As for the tile counters (mapsite/tiles/apps.py): a SQLite table rebuild drops the
        # log's triggers, and older SQL carries an older stamp; put them back after every migrate.
        post_migrate.connect(_ensure_triggers, sender=self, dispatch_uid="changes_ensure_triggers")
