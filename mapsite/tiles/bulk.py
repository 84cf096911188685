"""Bulk insert of cameras for imports and seeding, with the counters kept exact.

Rows go in through mapsite.cameras.bulk.fast_insert (executemany on SQLite,
COPY on PostgreSQL). On SQLite every inserted row would also fire the counter
triggers (one upsert per stored level), so here they are dropped inside the
transaction, the counters updated with one aggregate over the new rows, and the
triggers created again. SQLite allows one writer at a time and its DDL is
transactional, so no other connection can write a camera in between, and a
failure rolls everything back, triggers included. PostgreSQL's statement-level
triggers already aggregate once per statement.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from mapsite.cameras.bulk import fast_insert
from mapsite.cameras.models import Camera
from mapsite.lib.quadkeys import quadkey
from mapsite.tiles import triggers


def bulk_insert_cameras(rows: list[dict], fixed: dict | None = None) -> int:
    """Insert cameras given as {attname: value} rows (plus `fixed` values for every row); returns how many.

    qk is computed where a row lacks it; reported_at and updated_at default to now,
    as save() would set them."""
    for row in rows:
        if "qk" not in row:
            row["qk"] = quadkey(row["longitude"], row["latitude"])
    now = timezone.now()
    fixed = {"reported_at": now, "updated_at": now, **(fixed or {})}
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor != "sqlite":
            fast_insert(Camera, rows, fixed)
            return len(rows)
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {Camera._meta.db_table}")  # noqa: S608
        before = cursor.fetchone()[0]
        for sql in triggers.drop_statements("sqlite"):
            cursor.execute(sql)
        fast_insert(Camera, rows, fixed)
        for sql in triggers.delta_statements(f"id > {int(before)}"):
            cursor.execute(sql)
        for sql in triggers.create_statements("sqlite"):
            cursor.execute(sql)
    return len(rows)
