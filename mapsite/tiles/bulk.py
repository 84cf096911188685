"""Fast bulk insert of cameras for imports and seeding, with the counters kept exact.

Django's bulk_create spends most of its time preparing each value of each row,
and on SQLite every inserted row also fires the counter triggers (one upsert
per stored level). For 100,000 rows this does the same work in bulk:

- values are prepared once per column kind (plain numbers and strings go
  straight through; datetimes, UUIDs and the like through their field);
- on SQLite the row triggers are dropped inside the caller's transaction, the
  rows inserted with executemany, the counters updated with one aggregate over
  the new rows, and the triggers created again. SQLite allows one writer at a
  time and its DDL is transactional, so no other connection can write a camera
  in between, and a failure rolls everything back, triggers included;
- on PostgreSQL the statement-level triggers already aggregate per statement,
  so rows go in as multi-row INSERTs of `batch_size`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connection, models, transaction

from mapsite.cameras.models import Camera
from mapsite.lib.tiles import quadkey
from mapsite.tiles import triggers

_PLAIN = (models.FloatField, models.IntegerField, models.BooleanField, models.ForeignKey)
_TEXT = (models.CharField, models.TextField)


def _columns():
    fields = [f for f in Camera._meta.concrete_fields if not f.primary_key]
    plans = []
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            plans.append("pre_save")
        elif isinstance(f, _TEXT):
            plans.append("text")
        elif type(f) is models.DateTimeField and connection.vendor == "sqlite":
            plans.append("sqlite_datetime")
        elif isinstance(f, _PLAIN):
            plans.append("plain")
        else:
            plans.append("field")
    return fields, plans


def _rows(cameras: Iterable[Camera], fields, plans) -> Iterator[tuple]:
    for cam in cameras:
        if cam.qk is None:
            cam.qk = quadkey(cam.longitude, cam.latitude)
        row = []
        for f, plan in zip(fields, plans, strict=True):
            if plan == "pre_save":
                value = f.get_db_prep_save(f.pre_save(cam, True), connection)
            else:
                value = getattr(cam, f.attname)
                if plan == "text":
                    value = value if value is None or type(value) is str else str(value)
                elif plan == "sqlite_datetime":
                    # What Django's SQLite backend stores: naive UTC text (settings.USE_TZ is on).
                    if value is not None:
                        value = str(value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value)
                elif plan == "field":
                    value = f.get_db_prep_save(value, connection)
            row.append(value)
        yield tuple(row)


def _chunks(iterable: Iterable, size: int) -> Iterator[list]:
    it = iter(iterable)
    while chunk := list(islice(it, size)):
        yield chunk


def bulk_insert_cameras(cameras: Iterable[Camera], *, batch_size: int = 1000) -> int:
    """Insert unsaved Camera objects (qk computed if unset); returns how many. Objects get no pk."""
    fields, plans = _columns()
    table = Camera._meta.db_table
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    count = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
            before = cursor.fetchone()[0]
            for sql in triggers.drop_statements("sqlite"):
                cursor.execute(sql)
            sql = f"INSERT INTO {table} ({columns}) VALUES {placeholders}"  # noqa: S608
            for chunk in _chunks(_rows(cameras, fields, plans), batch_size * 10):
                cursor.executemany(sql, chunk)
                count += len(chunk)
            for sql in triggers.delta_statements(f"id > {int(before)}"):
                cursor.execute(sql)
            for sql in triggers.create_statements("sqlite"):
                cursor.execute(sql)
        else:
            for chunk in _chunks(_rows(cameras, fields, plans), batch_size):
                sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([placeholders] * len(chunk))}"  # noqa: S608
                cursor.execute(sql, [value for row in chunk for value in row])
                count += len(chunk)
    return count
