"""Bulk inserts of cameras with the counter triggers off (see triggers.suspended_counters)."""

# Statements here are built from the triggers module's table names and a number.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from mapsite.tiles.triggers import (
    _ID,
    CAMERA,
    NAMES,
    create_statements,
    delta_statements,
    drop_statements,
    install,
    rebuild_statements,
)


def _run(connection, cursor, statements: list[str]) -> None:
    if connection.vendor == "postgresql" and statements[0].startswith("ALTER TABLE"):
        # PostgreSQL refuses to alter a table with deferred constraint checks pending
        # (cameras written earlier in this transaction): run them now.
        connection.check_constraints()
    for sql in statements:
        cursor.execute(sql)


@contextmanager
def suspended(using: str = DEFAULT_DB_ALIAS, *, rebuild: bool = False) -> Iterator[None]:
    """Insert cameras inside this block with the triggers off; on the way out the counters
    take the new cameras in one aggregate (or, with rebuild, are recomputed from every
    camera) and each region with a new camera goes up once. All in one transaction.

    Without rebuild only inserts may happen inside: the new cameras are those with an id
    above the largest before. On SQLite every inserted row would fire the triggers (an
    upsert per level), so they are dropped and created again: SQLite allows one writer
    at a time and its DDL is transactional, so no other connection writes a camera in
    between, and a failure rolls everything back, triggers included. PostgreSQL's are
    disabled instead, which blocks other writers of cameras, not readers, until commit
    (dropping them would lock out readers too)."""
    connection = connections[using]
    vendor = connection.vendor
    if getattr(connection, "tiles_counters_suspended", False):
        # Nested (a bulk insert inside the benchmark's seeding): the outer block counts these rows too.
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            # The triggers resumed on the way out are the current ones, and so must be the counters.
            install(connection)
            if vendor == "sqlite":
                suspend, resume = drop_statements(vendor), create_statements(vendor)
            else:
                suspend, resume = (
                    [f"ALTER TABLE {CAMERA} {action} TRIGGER {name}" for name in NAMES[vendor]]
                    for action in ("DISABLE", "ENABLE")
                )
            _run(connection, cursor, suspend)
            cursor.execute(f"SELECT COALESCE(MAX({_ID}), 0) FROM {CAMERA}")
            before = int(cursor.fetchone()[0])
        connection.tiles_counters_suspended = True
        try:
            yield
        finally:
            connection.tiles_counters_suspended = False
        with connection.cursor() as cursor:
            _run(connection, cursor, rebuild_statements() if rebuild else delta_statements(f"{_ID} > {before}"))
            _run(connection, cursor, resume)
