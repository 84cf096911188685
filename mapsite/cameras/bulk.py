"""Fast bulk inserts for imports and demo data."""

from __future__ import annotations

from django.db import connection, models
from django.utils import timezone

from mapsite.cameras.models import Camera, position_fields

BATCH_SIZE = 2000
_NEEDS_PREP = ("DateTimeField", "DateField", "JSONField", "UUIDField")


def fast_insert(model: type[models.Model], rows: list[dict], fixed: dict) -> None:
    """INSERT many rows with executemany, bypassing the ORM's per-value work.

    bulk_create spends ~150 µs a row preparing values (most of a 100,000-camera
    import). Here every column not in a row takes its model default or its
    `fixed` value, prepared once through the field itself; per-row values are
    used as given, except dates, JSON and UUIDs, which are prepared per row.
    Nothing else (signals, save()) runs, so callers set derived columns such
    as Camera.qk themselves.
    """
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    row_keys = {f.attname for f in fields if f.attname in rows[0]}
    # Dates, JSON and UUIDs need the backend's own form even per row.
    prep = {f.attname: f for f in fields if f.attname in row_keys and f.get_internal_type() in _NEEDS_PREP}
    template = {}
    for f in fields:
        if f.attname in row_keys:
            continue
        value = fixed[f.attname] if f.attname in fixed else f.get_default()
        template[f.attname] = f.get_db_prep_save(value, connection)
    columns = [f.column for f in fields]
    names = [f.attname for f in fields]
    quote = connection.ops.quote_name
    # Identifiers come from the model, never from input.
    head = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608
        quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
    )
    one_row = "({})".format(", ".join(["%s"] * len(columns)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start : start + BATCH_SIZE]
            if prep:
                batch = [
                    {**row, **{n: f.get_db_prep_save(row[n], connection) for n, f in prep.items()}} for row in batch
                ]
            params = [tuple(row[n] if n in row_keys else template[n] for n in names) for row in batch]
            if connection.vendor == "postgresql":
                # COPY is PostgreSQL's bulk path; an INSERT per row round-trips.
                copy_sql = "COPY {} ({}) FROM STDIN".format(
                    quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
                )
                with cursor.cursor.copy(copy_sql) as copy:
                    for values in params:
                        copy.write_row(values)
            else:
                # SQLite's executemany reuses one prepared statement in C.
                cursor.executemany(head + one_row, params)


def _position_columns(row: dict) -> dict:
    """The columns a row's position decides, by the one rule save() uses (cameras.models.position_fields).

    Bulk callers usually found the districts already, in one vectorised pass: a
    row's district_id is kept, and looked up only where it is missing."""
    known = row.get("district_id")
    derived = position_fields(row["latitude"], row["longitude"], district=known)
    return {"qk": derived["qk"], "district_id": known if known is not None else derived["district"].pk}


def bulk_insert_cameras(rows: list[dict], fixed: dict | None = None) -> int:
    """Insert cameras given as {attname: value} rows (plus `fixed` values for every row); returns how many.

    Rows go in through fast_insert, with the tile counters' triggers suspended
    and the counters brought up to date once at the end (see
    mapsite.tiles.triggers.suspended_counters). The position's derived columns
    are filled in where a row lacks them; reported_at and updated_at default to
    now, as save() would set them."""
    from mapsite.tiles.triggers import suspended_counters

    for row in rows:
        if "qk" not in row:
            row.update(_position_columns(row))
    now = timezone.now()
    fixed = {"reported_at": now, "updated_at": now, **(fixed or {})}
    with suspended_counters():
        fast_insert(Camera, rows, fixed)
    return len(rows)
