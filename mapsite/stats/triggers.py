"""SQL for the triggers that keep MonthlyCount exact, built with mapsite.tiles.triggers'
counter machinery (the same add and subtract statements, the same public-camera rule).

They are a set of their own, not part of the tiles set: the month of a timestamp
is spelled differently by each vendor, and the tiles set's rebuild and bulk-insert
statements are vendor-neutral. Like the tiles set, every trigger carries a stamp
(a hash of its SQL) and is reinstalled, with the counts recomputed, after any
migrate that finds it missing or stale (apps.py).

There is no rollup over all districts: that row would be one that every counted write
in the city updates, so on PostgreSQL all of them would queue on it (series.py sums the
districts instead). Every row here belongs to one district. Named timeline_...: PostgreSQL
fires a statement's triggers in name order, so these run after tiles_..., which first locks
the district tallies of the cameras written, in district order; two writers that share a
district queue there, and two that do not touch none of the same rows here.
"""

# Built from model metadata and this module's constants; nothing carries outside input.
# ruff: noqa: S608

from __future__ import annotations

from django.db import transaction

from mapsite.cameras.models import Camera
from mapsite.lib.dbtriggers import TriggerSet
from mapsite.stats.models import ALL, MonthlyCount
from mapsite.tiles.triggers import CAMERA, _add, _columns, _Counter, _subtract
from mapsite.tiles.triggers import public_sql as _public

TABLE = MonthlyCount._meta.db_table
PREFIX = "timeline_"
_STAMP_MARK = "stats-counters:"
_ID = Camera._meta.pk.column
COUNTED = _columns(
    Camera, "status", "merged_into", "published_at", "verified_at", "district", "kind", "operator", "source"
)
STATUS, _, PUBLISHED, VERIFIED, DISTRICT, KIND, OPERATOR, SOURCE = COUNTED
NAMES = {
    "postgresql": tuple(f"{PREFIX}camera_{e}" for e in ("ins", "upd", "del")),
    "sqlite": tuple(f"{PREFIX}camera_{e}" for e in ("ins", "upd_old", "upd_new", "del")),
}


def _month(vendor: str, column: str) -> str:
    """The Hong Kong month of a timestamp column as yyyymm. Hong Kong has kept UTC+8 without
    daylight saving since 1979, so SQLite's fixed offset is exact for every camera."""
    if vendor == "sqlite":
        return f"CAST(strftime('%Y%m', {column}, '+8 hours') AS INTEGER)"
    return f"CAST(to_char({column} AT TIME ZONE 'Asia/Hong_Kong', 'YYYYMM') AS INTEGER)"


def counter(vendor: str) -> _Counter:
    district, kind, operator, measure, source, month, count = _columns(
        MonthlyCount, "district", "kind", "operator", "measure", "source", "month", "count"
    )
    published = _month(vendor, f"r.{PUBLISHED}")
    later = "MAX" if vendor == "sqlite" else "GREATEST"
    # Verified before it was published (a moderator acting inside the window): counted from publication.
    verified = f"{later}(COALESCE({_month(vendor, f'r.{VERIFIED}')}, {published}), {published})"
    published_measure, verified_measure = MonthlyCount.Measure.PUBLISHED, MonthlyCount.Measure.VERIFIED
    return _Counter(
        TABLE,
        keys=(
            (district, f"r.{DISTRICT}"),
            (kind, f"CASE WHEN k.roll = 1 THEN '{ALL}' ELSE r.{KIND} END"),
            (operator, f"CASE WHEN k.roll = 1 THEN '{ALL}' ELSE r.{OPERATOR} END"),
            (measure, "s.measure"),
            (source, f"r.{SOURCE}"),
            (month, f"CASE WHEN s.measure = '{verified_measure}' THEN {verified} ELSE {published} END"),
        ),
        sums=((count, "1"),),
        spread=(
            f" CROSS JOIN (SELECT '{published_measure}' AS measure UNION ALL SELECT '{verified_measure}') s"
            " CROSS JOIN (SELECT 0 AS roll UNION ALL SELECT 1) k"
        ),
        where=f"(s.measure <> '{verified_measure}' OR r.{STATUS} = '{Camera.Status.VERIFIED}')",
    )


def _sqlite_create(stamp: str) -> list[str]:
    counters = (counter("sqlite"),)
    row = "(SELECT {})".format
    old = row(", ".join(f"OLD.{col} AS {col}" for col in COUNTED))
    new = row(", ".join(f"NEW.{col} AS {col}" for col in COUNTED))
    changed = "(" + " OR ".join(f"OLD.{col} IS NOT NEW.{col}" for col in COUNTED) + ")"
    triggers = (
        ("INSERT", _public("NEW"), _add(new, one_row=True, counters=counters)),
        ("UPDATE", f"{_public('OLD')} AND {changed}", _subtract(old, counters)),
        ("UPDATE", f"{_public('NEW')} AND {changed}", _add(new, one_row=True, counters=counters)),
        ("DELETE", _public("OLD"), _subtract(old, counters)),
    )
    return [
        f"CREATE TRIGGER {name} AFTER {event} ON {CAMERA} WHEN {when} BEGIN\n"
        f"  /* {_STAMP_MARK}{stamp} */\n  " + "".join(f"{sql};\n  " for sql in body) + "\nEND"
        for name, (event, when, body) in zip(NAMES["sqlite"], triggers, strict=True)
    ]


def _postgresql_create(stamp: str) -> list[str]:
    counters = (counter("postgresql"),)
    changed = " OR ".join(f"o.{col} IS DISTINCT FROM n.{col}" for col in COUNTED)
    pairs = f"(SELECT {{}}.* FROM old_rows o JOIN new_rows n ON n.{_ID} = o.{_ID} WHERE {changed})"
    events = {
        "INSERT": ("REFERENCING NEW TABLE AS new_rows", _add("new_rows", counters=counters)),
        "UPDATE": (
            "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
            _subtract(pairs.format("o"), counters) + _add(pairs.format("n"), counters=counters),
        ),
        "DELETE": ("REFERENCING OLD TABLE AS old_rows", _subtract("old_rows", counters)),
    }
    statements = []
    for name, (event, (tables, body)) in zip(NAMES["postgresql"], events.items(), strict=True):
        statements += [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"-- {_STAMP_MARK}{stamp}\nBEGIN\n" + "".join(f"{sql};\n" for sql in body) + "RETURN NULL;\nEND\n$$",
            f"CREATE TRIGGER {name} AFTER {event} ON {CAMERA} {tables} FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    return statements


TIMELINE_TRIGGERS = TriggerSet(
    table=CAMERA,
    prefix=PREFIX,
    mark=_STAMP_MARK,
    names=NAMES,
    build={"sqlite": _sqlite_create, "postgresql": _postgresql_create},
)
stamp = TIMELINE_TRIGGERS.stamp
create_statements = TIMELINE_TRIGGERS.create_statements
drop_statements = TIMELINE_TRIGGERS.drop_statements
installed = TIMELINE_TRIGGERS.installed


def rebuild_statements(vendor: str) -> list[str]:
    return [f"DELETE FROM {TABLE}", *_add(CAMERA, counters=(counter(vendor),))]


def recount_query(vendor: str) -> str:
    """The SELECT that recomputes every row from the cameras table (keys, then the count)."""
    return counter(vendor).select(CAMERA, one_row=False)


def install(connection, *, force: bool = False) -> bool:
    """(Re)create the triggers and recount unless the current ones are in place; returns whether it did."""
    if not force and installed(connection):
        return False
    vendor = connection.vendor
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for sql in drop_statements(vendor) + create_statements(vendor) + rebuild_statements(vendor):
            cursor.execute(sql)
    return True
