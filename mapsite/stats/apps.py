"""Growth over time: monthly counts, the timeline and district charts, the Atom feeds."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _ensure_triggers(using: str = "default", **kwargs) -> None:
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from mapsite.stats import triggers

    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    if ("stats", "0001_initial") in MigrationRecorder(connection).applied_migrations():
        triggers.install(connection)


class StatsConfig(AppConfig):
    name = "mapsite.stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from mapsite.stats.signals import copy_verified_at

        # As for the tiles counters: a migration that rebuilds the cameras table on SQLite drops
        # its triggers, and changed SQL here carries a new stamp; put them back after every migrate.
        post_migrate.connect(_ensure_triggers, sender=self, dispatch_uid="stats_ensure_triggers")
        post_save.connect(copy_verified_at, sender="audit.AuditEntry", dispatch_uid="stats_verified_at")
