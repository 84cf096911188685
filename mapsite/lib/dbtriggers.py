"""Sets of database triggers that carry a stamp: a hash of the SQL that made them.

An app that keeps something exact with triggers (the tile counters, the change
log) describes its triggers once as a TriggerSet. After each migrate the app
compares the stamps found in the database with the SQL it generates now and
reinstalls when they differ, so changing the SQL needs no migration, and a
SQLite table rebuild (which drops a table's triggers) is repaired.

On SQLite a trigger's body carries the stamp as a comment; on PostgreSQL each
trigger calls a function of the same name whose source carries it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping


class TriggerSet:
    """The triggers one app owns on one table: every name starts with `prefix`.

    `build[vendor](stamp)` returns the statements that create them (each trigger,
    or on PostgreSQL each function and its trigger), with the stamp written into
    every one as `mark + stamp`."""

    def __init__(
        self,
        *,
        table: str,
        prefix: str,
        mark: str,
        names: Mapping[str, tuple[str, ...]],
        build: Mapping[str, Callable[[str], list[str]]],
    ) -> None:
        self.table, self.prefix, self.mark, self.names, self.build = table, prefix, mark, names, build
        self._stamps: dict[str, str] = {}

    def _builder(self, vendor: str) -> Callable[[str], list[str]]:
        if vendor not in self.build:
            raise NotImplementedError(f"no {self.prefix} triggers for database vendor {vendor!r}")
        return self.build[vendor]

    def stamp(self, vendor: str) -> str:
        """A hash of the trigger SQL for `vendor` (without the stamp itself)."""
        if vendor not in self._stamps:
            self._stamps[vendor] = hashlib.sha256("\n".join(self._builder(vendor)("")).encode()).hexdigest()[:16]
        return self._stamps[vendor]

    def create_statements(self, vendor: str) -> list[str]:
        return self._builder(vendor)(self.stamp(vendor))

    def drop_statements(self, vendor: str) -> list[str]:
        self._builder(vendor)
        if vendor == "sqlite":
            return [f"DROP TRIGGER IF EXISTS {name}" for name in self.names[vendor]]
        return [f"DROP TRIGGER IF EXISTS {name} ON {self.table}" for name in self.names[vendor]] + [
            f"DROP FUNCTION IF EXISTS {name}()" for name in self.names[vendor]
        ]

    def found(self, connection) -> dict[str, str]:
        """{name: definition} of this set's triggers on the table, with what identifies a live
        trigger: on PostgreSQL its function's source, or "" when disabled or misnamed."""
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [self.table]
                )
            else:
                cursor.execute(
                    "SELECT t.tgname, CASE WHEN t.tgenabled = 'O' AND p.proname = t.tgname THEN p.prosrc ELSE '' END "
                    "FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
                    "WHERE t.tgrelid = %s::regclass AND NOT t.tgisinternal",
                    [self.table],
                )
            return {name: definition for name, definition in cursor.fetchall() if name.startswith(self.prefix)}

    def installed(self, connection) -> bool:
        """Whether exactly the current triggers are on the table: each one there, enabled and
        stamped with the SQL made now, and none left from older versions."""
        found = self.found(connection)
        mark = self.mark + self.stamp(connection.vendor)
        return found.keys() == set(self.names[connection.vendor]) and all(mark in d for d in found.values())

    def missing(self, connection) -> bool:
        """Whether any of the current triggers is absent (as opposed to present but stale)."""
        return not set(self.names[connection.vendor]) <= self.found(connection).keys()


def after_migrate(app_label: str, migration: str, install: Callable) -> Callable:
    """A post_migrate receiver that calls install(connection) once `migration` of `app_label`
    is applied (before that, the tables the triggers write to may not exist yet)."""

    def receiver(using: str = "default", **kwargs) -> None:
        from django.db import connections
        from django.db.migrations.recorder import MigrationRecorder

        connection = connections[using]
        if connection.vendor not in ("sqlite", "postgresql"):
            return
        if (app_label, migration) in MigrationRecorder(connection).applied_migrations():
            install(connection)

    return receiver
