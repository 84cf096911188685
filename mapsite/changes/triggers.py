"""SQL for the triggers that write the change log on every camera write, and for numbering its entries.

Saves, bulk imports, queryset update(), merges, undo, moderator edits and raw
SQL all reach the cameras table, so the log is written there, as the tile
counters are (mapsite/tiles/triggers.py, whose stamped TriggerSet machinery
this reuses). SQLite runs row triggers; PostgreSQL statement triggers with
transition tables, so a bulk insert writes its entries in one statement.

A reader of the feed must never skip an entry that commits late: once it has
read cursor n, no entry below n may appear. SQLite has one writer at a time, so
the triggers write Change directly and its ids already follow commit order.
On PostgreSQL ids from a sequence do not: a transaction that took id 10 can
commit after one that took 11 and was already read. So there the triggers
append to UnnumberedChange, taking no lock (writers in different regions never
wait for one another here), and the readers number entries: before reading the
head, a reader that finds committed unnumbered entries takes an advisory lock
that only readers take (NUMBERING_LOCK), moves them into Change in the order
they were written, and commits. A transaction's entries are invisible until it
commits, so each gets its cursor after every entry already numbered: cursors
follow commit order, each entry is numbered exactly once, and the cursor stays
one whole number.

Why not record each writer's transaction id (pg_current_xact_id()) and serve only
entries older than the oldest transaction still running? The order that is then
gap-free is (transaction id, id), two numbers for one public cursor; and any
long transaction on any table (an import, a dump) would hold back the whole feed,
whereas here an entry waits only for its own transaction.

A camera that was never published writes nothing. A write that leaves every
public field alone (a vote's bookkeeping, a flag, the reporter detached)
writes nothing either. Entries of one statement are appended in camera id
order and carry the day in the site's time zone, never a clock time.
"""

# Every statement here is built from model metadata and this module's constants;
# none carries outside input.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.db import transaction

from mapsite.cameras.models import Camera
from mapsite.changes.models import Change, UnnumberedChange
from mapsite.lib.dbtriggers import TriggerSet
from mapsite.tiles.triggers import CAMERA, public_sql

LOG = Change._meta.db_table
# Where each vendor's triggers write: straight into the log, or (PostgreSQL) to be numbered by a reader.
WRITTEN = {"sqlite": LOG, "postgresql": UnnumberedChange._meta.db_table}
# The advisory lock under which PostgreSQL readers number entries ("chglog" in ASCII); writers never take it.
NUMBERING_LOCK = 0x63686C6F67
K = Change.Kind


def _column(name: str) -> str:
    return Camera._meta.get_field(name).column


ID, STATUS, MERGED_INTO, PUBLISHED = (_column(n) for n in ("id", "status", "merged_into", "published_at"))
# What a public feature (mapsite/cameras/features.py) or the export shows: a change to any is "changed".
WATCHED = tuple(
    _column(name)
    for name in (
        "latitude", "longitude", "kind", "operator", "mount", "status", "direction", "field_of_view", "notes",
        "reported_at", "last_confirmed_at", "confirm_count", "dispute_count", "source", "import_batch", "is_demo",
    )
)
NAMES = {
    "postgresql": ("changes_camera_ins", "changes_camera_upd", "changes_camera_del"),
    "sqlite": ("changes_camera_ins", "changes_camera_upd", "changes_camera_del"),
}
_STAMP_MARK = "changes-log:"


def day_sql(vendor: str, instant: str) -> str:
    """SQL for the calendar day of `instant` (an SQL timestamp) in the site's time zone."""
    if vendor == "postgresql":
        return f"(({instant}) AT TIME ZONE '{settings.TIME_ZONE}')::date"
    # SQLite knows no time zones: the zone's offset now (Hong Kong keeps one all year).
    offset = zoneinfo.ZoneInfo(settings.TIME_ZONE).utcoffset(dt.datetime.now())
    return f"date({instant}, '{int(offset.total_seconds() // 60):+d} minutes')"


def _now(vendor: str) -> str:
    return "now()" if vendor == "postgresql" else "'now'"


def _kind(o: str, n: str, differs: str) -> str:
    """The change an update from row o to row n makes public, or NULL for none."""

    def merged(row: str) -> str:
        return f"{row}.{MERGED_INTO} IS NOT NULL AND {row}.{PUBLISHED} IS NOT NULL"

    changed = " OR ".join(differs.format(o=o, n=n, c=c) for c in WATCHED)
    repointed = f"{merged(o)} AND {merged(n)} AND " + differs.format(o=o, n=n, c=MERGED_INTO)
    return (
        f"CASE WHEN NOT ({public_sql(o)}) AND {public_sql(n)} THEN '{K.CREATED}' "
        f"WHEN {public_sql(o)} AND NOT ({public_sql(n)}) THEN "
        f"CASE WHEN {n}.{MERGED_INTO} IS NOT NULL THEN '{K.MERGED}' "
        f"WHEN {n}.{STATUS} = '{Camera.Status.REJECTED}' THEN '{K.REJECTED}' ELSE '{K.REMOVED}' END "
        f"WHEN {public_sql(o)} AND {public_sql(n)} AND {n}.{STATUS} = '{Camera.Status.VERIFIED}' "
        f"AND {o}.{STATUS} <> '{Camera.Status.VERIFIED}' THEN '{K.VERIFIED}' "
        f"WHEN {public_sql(o)} AND {public_sql(n)} AND ({changed}) THEN '{K.CHANGED}' "
        # A merged camera repointed (its survivor merged on, or an undo): its tombstone follows.
        f"WHEN {repointed} THEN '{K.MERGED}' END"
    )


def _survivor(kind: str, n: str) -> str:
    return f"CASE WHEN {kind} = '{K.MERGED}' THEN {n}.{MERGED_INTO} END"


def _insert(select: str, table: str = LOG) -> str:
    return f"INSERT INTO {table} (camera_id, kind, survivor_id, day) {select}"


def _sqlite_create(stamp: str) -> list[str]:
    day = day_sql("sqlite", _now("sqlite"))
    differs = "{o}.{c} IS NOT {n}.{c}"
    touched = " OR ".join(differs.format(o="OLD", n="NEW", c=c) for c in (*WATCHED, MERGED_INTO, PUBLISHED))
    kind = _kind("OLD", "NEW", differs)
    triggers = (
        ("INSERT", public_sql("NEW"), _insert(f"VALUES (NEW.{ID}, '{K.CREATED}', NULL, {day})")),
        (
            "UPDATE",
            f"(OLD.{PUBLISHED} IS NOT NULL OR NEW.{PUBLISHED} IS NOT NULL) AND ({touched})",
            _insert(f"SELECT NEW.{ID}, c.kind, {_survivor('c.kind', 'NEW')}, {day} "
                    f"FROM (SELECT {kind} AS kind) c WHERE c.kind IS NOT NULL"),
        ),
        ("DELETE", public_sql("OLD"), _insert(f"VALUES (OLD.{ID}, '{K.REMOVED}', NULL, {day})")),
    )
    return [
        f"CREATE TRIGGER {name} AFTER {event} ON {CAMERA} WHEN {when} BEGIN\n"
        f"  /* {_STAMP_MARK}{stamp} */\n  {body};\nEND"
        for name, (event, when, body) in zip(NAMES["sqlite"], triggers, strict=True)
    ]


def _postgresql_create(stamp: str) -> list[str]:
    day = day_sql("postgresql", _now("postgresql"))
    kind = _kind("o", "n", "{o}.{c} IS DISTINCT FROM {n}.{c}")
    seen = "EXISTS (SELECT 1 FROM {} r WHERE r." + PUBLISHED + " IS NOT NULL)"
    published = {"INSERT": seen.format("new_rows"), "DELETE": seen.format("old_rows"),
                 "UPDATE": f"{seen.format('old_rows')} OR {seen.format('new_rows')}"}
    queue = WRITTEN["postgresql"]
    events = {
        "INSERT": (
            "REFERENCING NEW TABLE AS new_rows",
            _insert(f"SELECT n.{ID}, '{K.CREATED}', NULL, {day} FROM new_rows n WHERE {public_sql('n')} "
                    f"ORDER BY n.{ID}", queue),
        ),
        "UPDATE": (
            "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
            _insert(f"SELECT c.id, c.kind, {_survivor('c.kind', 'c')}, {day} FROM ("
                    f"SELECT n.{ID} AS id, n.{MERGED_INTO}, {kind} AS kind "
                    f"FROM old_rows o JOIN new_rows n ON n.{ID} = o.{ID}) c "
                    f"WHERE c.kind IS NOT NULL ORDER BY c.id", queue),
        ),
        "DELETE": (
            "REFERENCING OLD TABLE AS old_rows",
            _insert(f"SELECT o.{ID}, '{K.REMOVED}', NULL, {day} FROM old_rows o WHERE {public_sql('o')} "
                    f"ORDER BY o.{ID}", queue),
        ),
    }
    statements = []
    for name, (event, (tables, body)) in zip(NAMES["postgresql"], events.items(), strict=True):
        statements += [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"-- {_STAMP_MARK}{stamp}\nBEGIN\nIF {published[event]} THEN\n{body};\nEND IF;\n"
            "RETURN NULL;\nEND\n$$",
            f"CREATE TRIGGER {name} AFTER {event} ON {CAMERA} {tables} FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    return statements


LOG_TRIGGERS = TriggerSet(
    table=CAMERA,
    prefix="changes_",
    mark=_STAMP_MARK,
    names=NAMES,
    build={"sqlite": _sqlite_create, "postgresql": _postgresql_create},
)


def _every_public(vendor: str, kind: str) -> str:
    """An entry of `kind` for every public camera, in id order."""
    return _insert(f"SELECT r.{ID}, '{kind}', NULL, {day_sql(vendor, _now(vendor))} FROM {CAMERA} r "
                   f"WHERE {public_sql('r')} ORDER BY r.{ID}")


def install(connection, *, force: bool = False, backfill: bool = False) -> bool:
    """(Re)create the triggers unless the current ones are in place; returns whether it did anything.

    With backfill (the migration that starts the log) every public camera gets a "created"
    entry, so the feed read from cursor 0 holds every public camera. When a trigger was
    missing (a SQLite table rebuild drops them), writes in between may have gone unlogged:
    every public camera then gets a "changed" entry, so a follower takes each one afresh.
    A stale trigger (older SQL) was still logging, and is only replaced."""
    vendor = connection.vendor
    if WRITTEN[vendor] not in connection.introspection.table_names():
        # The migration that starts the log (0001) runs before the table PostgreSQL's triggers
        # write to exists: 0002_unnumbered_entries makes it, then starts the log.
        return False
    if not force and not backfill and LOG_TRIGGERS.installed(connection):
        return False
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        resync = None
        if backfill:
            resync = K.CREATED
        elif LOG_TRIGGERS.missing(connection):
            resync = K.CHANGED
        statements = LOG_TRIGGERS.drop_statements(vendor) + LOG_TRIGGERS.create_statements(vendor)
        if resync:
            # Numbered here, not by a reader: under the readers' lock, so no reader's numbers interleave.
            statements += [*_numbering_lock(vendor), _every_public(vendor, resync)]
        for sql in statements:
            cursor.execute(sql)
    return True


def _numbering_lock(vendor: str) -> list[str]:
    return [f"SELECT pg_advisory_xact_lock({NUMBERING_LOCK})"] if vendor == "postgresql" else []


# Committed unnumbered entries into the log, in the order they were written: each takes its id
# from the log's sequence as it is inserted, after the sort (PostgreSQL evaluates a volatile
# default past the ORDER BY).
_NUMBER = (
    f"WITH moved AS (DELETE FROM {WRITTEN['postgresql']} RETURNING id, camera_id, kind, survivor_id, day) "
    + _insert("SELECT camera_id, kind, survivor_id, day FROM moved ORDER BY id")
)
_HEAD = f"SELECT COALESCE(MAX(id), 0) FROM {LOG}"
_HEAD_AND_WAITING = f"SELECT ({_HEAD}), EXISTS (SELECT 1 FROM {WRITTEN['postgresql']})"


def head(connection) -> int:
    """The newest entry's cursor (0 for an empty log), once every entry committed so far is numbered.

    One query when nothing waits (the usual case): the head, one step down the primary key's
    index, and whether any entry is unnumbered. Otherwise this numbers them first: readers
    queue on the numbering lock only while some of them number, and writers never do."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(_HEAD)
            return cursor.fetchone()[0]
        cursor.execute(_HEAD_AND_WAITING)
        newest, waiting = cursor.fetchone()
        if not waiting:
            return newest
        with transaction.atomic(using=connection.alias):
            cursor.execute(_numbering_lock(connection.vendor)[0])
            cursor.execute(_NUMBER)
        cursor.execute(_HEAD)
        return cursor.fetchone()[0]
