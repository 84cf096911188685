"""SQL for the triggers that keep ClusterCell, DistrictTally and RegionVersion exact.

SQLite has only row-level triggers: each changed camera adds or subtracts its
rows at every level. PostgreSQL uses statement-level triggers with transition
tables, so a bulk insert of 100,000 cameras updates the counters with one
aggregate per statement instead of 100,000 row triggers. Both, the full
rebuild and the catch-up after a bulk insert are the same two statements over
a different set of camera rows (_add, _subtract), so they cannot drift apart.

A camera counts when it is public (Camera.PUBLIC_STATUSES, not merged into
another camera: Camera.objects.public()). An update subtracts the old row and
adds the new one only when a column the counters depend on changed.

Each change to a published camera raises the version of its region (RegionVersion), and
of its old region too when it moved: tiles are labelled by these, and the site-wide version
is their sum. There is no row that every writer updates: on PostgreSQL two writers queue on
a row only when their cameras share it: the same region, the same district's tally, or the
same counter cell (coarse cells span districts; _lock_shared). The change log takes no lock
either (mapsite/changes/triggers.py).

Every trigger carries a stamp, a hash of the SQL that made it. After each
migrate (apps.py) the stamps are compared with the SQL this module generates
now, and the triggers reinstalled and the counters recomputed when they differ:
changing the SQL here needs no migration.
"""

# Every statement here is built from model metadata and this module's constants;
# none carries outside input.
# ruff: noqa: S608

from __future__ import annotations

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, transaction

from mapsite.cameras.models import Camera
from mapsite.lib.dbtriggers import TriggerSet
from mapsite.lib.quadkeys import QK_ZOOM
from mapsite.tiles.models import ClusterCell, DistrictTally, RegionVersion

# Zoom levels of the stored cells. A tile at zoom z is drawn on a grid of cells
# at z + GRID_BITS; the nearest stored level at or finer than that is grouped up
# by a shift. Every other level halves the trigger work at the cost of grouping
# four cells into one on odd zooms. 13 serves zoom 11, all of Hong Kong and the
# first view; 19, 20 and 21 serve the street zooms 17, 18 and 19 (the map's
# deepest), whose dense tiles would otherwise be grouped from camera rows, a
# cost that grows with the table.
LEVELS = (12, 13, 14, 16, 18, 19, 20, 21)
# Every camera is also counted in a rollup row with kind and operator ALL, so
# the unfiltered map (the usual view) sums one row per cell and status instead
# of one per kind x operator pair, whatever the table holds.
ALL = "*"
# The grid of versioned regions: cells of about 2.3 km here, a few hundred over Hong Kong.
# Measured (BENCHMARKS.md, "Cache survival"): one edit changes the URLs of 3.6% of a
# viewer's held tiles with regions at zoom 14, against 19% at 12 and 69% at 10, where
# Kowloon's crowded peninsula is one or two regions. The versions document stays a few KB.
REGION_ZOOM = 14

CAMERA = Camera._meta.db_table
CELLS = ClusterCell._meta.db_table
TALLY = DistrictTally._meta.db_table
REGIONS = RegionVersion._meta.db_table


def _columns(model, *names: str) -> tuple[str, ...]:
    return tuple(model._meta.get_field(name).column for name in names)


_ID = Camera._meta.pk.column
# The camera columns the counters read; a change to any of them moves a camera between counters.
QK, STATUS, KIND, OPERATOR, MERGED_INTO, DISTRICT, LAT, LON, PUBLISHED = COUNTED = _columns(
    Camera, "qk", "status", "kind", "operator", "merged_into", "district", "latitude", "longitude", "published_at"
)

# One trigger per event on PostgreSQL. SQLite's row triggers are split so that a WHEN
# clause skips the counters for the many updates that leave them alone (votes,
# flags): an UPDATE with nothing to change still costs a pass over every level.
NAMES = {
    "postgresql": ("tiles_camera_ins", "tiles_camera_upd", "tiles_camera_del"),
    "sqlite": (
        "tiles_camera_ins",
        "tiles_camera_upd_old",
        "tiles_camera_upd_new",
        "tiles_camera_del",
        "tiles_camera_version_ins",
        "tiles_camera_version_upd",
        "tiles_camera_version_del",
    ),
}
_STAMP_MARK = "tiles-counters:"


def _shift(level: int) -> int:
    return 2 * (QK_ZOOM - level)


def public_sql(row: str) -> str:
    """SQL: whether camera row `row` is public (Camera.objects.public(), as a trigger reads it)."""
    statuses = ", ".join(f"'{status}'" for status in Camera.PUBLIC_STATUSES)
    return f"{row}.{STATUS} IN ({statuses}) AND {row}.{MERGED_INTO} IS NULL AND {row}.{PUBLISHED} IS NOT NULL"


def _region(row: str) -> str:
    return f"{row}.{QK} >> {_shift(REGION_ZOOM)}"


def _published(row: str) -> str:
    """Whether a camera row is out in public at all. Writes to cameras that never were
    (a report waiting for its publication window) leave the data version alone, so
    watching the version tells nobody when a resident stood somewhere."""
    return f"{row}.{PUBLISHED} IS NOT NULL"


@dataclass(frozen=True)
class _Counter:
    """A counter table: its key columns and summed columns, each with the expression that
    computes it from a camera row r (crossed with `spread`, which names more rows per camera)."""

    table: str
    keys: tuple[tuple[str, str], ...]
    sums: tuple[tuple[str, str], ...]
    spread: str = ""
    # A further condition on r and the spread's rows (mapsite.stats counts some rows only for verified cameras).
    where: str = ""

    def select(self, source: str, *, one_row: bool, aliased: bool = False) -> str:
        """The counter rows of the public cameras in `source`. A single camera's rows are
        distinct already; grouping them anyway doubles the cost of a SQLite row trigger."""
        items = self.keys + tuple((column, expr if one_row else f"sum({expr})") for column, expr in self.sums)
        exprs = ", ".join(f"{expr} AS {column}" if aliased else expr for column, expr in items)
        groups = "" if one_row else f" GROUP BY {self.groups}"
        where = f" AND {self.where}" if self.where else ""
        return f"SELECT {exprs} FROM {source} r{self.spread} WHERE {public_sql('r')}{where}{groups}"

    @property
    def groups(self) -> str:
        return ", ".join(str(i + 1) for i in range(len(self.keys)))


def _cell_counter() -> _Counter:
    level, cell, status, kind, operator, count, sum_lat, sum_lon = _columns(
        ClusterCell, "level", "cell", "status", "kind", "operator", "count", "sum_lat", "sum_lon"
    )
    levels = " UNION ALL ".join(f"SELECT {lv} AS level, {_shift(lv)} AS shift" for lv in LEVELS)
    rollup = f"CASE WHEN v.rollup = 1 THEN '{ALL}' ELSE r.{{}} END"
    return _Counter(
        CELLS,
        keys=(
            (level, "l.level"),
            (cell, f"r.{QK} >> l.shift"),
            (status, f"r.{STATUS}"),
            (kind, rollup.format(KIND)),
            (operator, rollup.format(OPERATOR)),
        ),
        sums=((count, "1"), (sum_lat, f"r.{LAT}"), (sum_lon, f"r.{LON}")),
        # Neither vendor's other spelling suits both: SQLite has no column aliases on VALUES.
        spread=f" CROSS JOIN ({levels}) l CROSS JOIN (SELECT 0 AS rollup UNION ALL SELECT 1) v",
    )


def _tally_counter() -> _Counter:
    district, status, count = _columns(DistrictTally, "district", "status", "count")
    return _Counter(TALLY, keys=((district, f"r.{DISTRICT}"), (status, f"r.{STATUS}")), sums=((count, "1"),))


_COUNTERS = (_cell_counter(), _tally_counter())


def _add(source: str, *, one_row: bool = False, counters: tuple[_Counter, ...] = _COUNTERS) -> list[str]:
    """Add the public cameras of `source` (a table or a parenthesised query) to every counter."""
    statements = []
    for c in counters:
        keys = ", ".join(column for column, _ in c.keys)
        sums = ", ".join(column for column, _ in c.sums)
        # Ordered so concurrent statements lock counter rows in the same order (no deadlock).
        order = "" if one_row else f" ORDER BY {c.groups}"
        statements.append(
            f"INSERT INTO {c.table} ({keys}, {sums}) {c.select(source, one_row=one_row)}{order} "
            f"ON CONFLICT ({keys}) DO UPDATE SET "
            + ", ".join(f"{col} = {c.table}.{col} + excluded.{col}" for col, _ in c.sums)
        )
    return statements


def _subtract(source: str, counters: tuple[_Counter, ...] = _COUNTERS) -> list[str]:
    """Subtract the public cameras of `source` from existing counter rows only: a counter
    table emptied first (as Django's test flush may do, in any table order) never goes negative."""
    # Qualified by the table's name, not an alias: SQLite refuses an alias on a trigger's UPDATE. Grouped
    # even for one row: a subquery SQLite may flatten turns the join into a scan of the counter table.
    return [
        f"UPDATE {c.table} SET "
        + ", ".join(f"{col} = {c.table}.{col} - d.{col}" for col, _ in c.sums)
        + f" FROM ({c.select(source, one_row=False, aliased=True)}) d WHERE "
        + " AND ".join(f"{c.table}.{col} = d.{col}" for col, _ in c.keys)
        for c in counters
    ]


def _regions(*rows: str) -> str:
    """A query of the regions (column `region`) of the published cameras among `rows`: table
    names, or a trigger's OLD or NEW (then read without FROM)."""

    def one(row: str) -> str:
        alias, source = (row, "") if row in ("OLD", "NEW") else ("r", f" FROM {row} r")
        return f"SELECT {_region(alias)} AS region{source} WHERE {_published(alias)}"

    return " UNION ALL ".join(one(row) for row in rows)


def _bump_regions(regions: str) -> str:
    """Raise by one the version of each region that the query `regions` names (once each),
    in region order: concurrent statements then lock region rows in the same order."""
    (region, version) = _columns(RegionVersion, "region", "version")
    return (
        f"INSERT INTO {REGIONS} ({region}, {version}) SELECT region, 1 FROM ({regions}) b WHERE true "
        f"GROUP BY region ORDER BY region ON CONFLICT ({region}) DO UPDATE SET {version} = {REGIONS}.{version} + 1"
    )


def _lock_shared(*sources: str) -> list[str]:
    """PL/pgSQL: lock, in key order, the existing counter rows that cameras in other regions
    share with the public cameras of `sources`: their district tallies, and their cells at
    levels coarser than a region. Taken up front in one order, two statements cannot each
    hold a row the other waits for; the finer cells lie inside region rows already held.
    Writers in different districts and coarse cells take none of the same rows here."""
    district, status = _columns(DistrictTally, "district", "status")
    level, cell, kind, operator = _columns(ClusterCell, "level", "cell", "kind", "operator")
    districts = " UNION ".join(f"SELECT r.{DISTRICT} FROM {source} r WHERE {public_sql('r')}" for source in sources)
    coarse = [lv for lv in LEVELS if lv < REGION_ZOOM]
    cells = " UNION ".join(
        f"SELECT {lv}, r.{QK} >> {_shift(lv)} FROM {source} r WHERE {public_sql('r')}"
        for source in sources
        for lv in coarse
    )
    statements = [f"PERFORM 1 FROM {TALLY} WHERE {district} IN ({districts}) ORDER BY {district}, {status} FOR UPDATE"]
    if coarse:
        statements.append(
            f"PERFORM 1 FROM {CELLS} WHERE ({level}, {cell}) IN ({cells}) "
            f"ORDER BY {level}, {cell}, {status}, {kind}, {operator} FOR UPDATE"
        )
    return statements


# --- the triggers, per vendor ---------------------------------------------------


def _sqlite_row(side: str) -> str:
    """The trigger's OLD or NEW row as a one-row query, so _add and _subtract read it like a table."""
    return "(SELECT {})".format(", ".join(f"{side}.{column} AS {column}" for column in COUNTED))


def _sqlite_create(stamp: str) -> list[str]:
    changed = "(" + " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in COUNTED) + ")"
    triggers = (
        ("INSERT", public_sql("NEW"), _add(_sqlite_row("NEW"), one_row=True)),
        ("UPDATE", f"{public_sql('OLD')} AND {changed}", _subtract(_sqlite_row("OLD"))),
        ("UPDATE", f"{public_sql('NEW')} AND {changed}", _add(_sqlite_row("NEW"), one_row=True)),
        ("DELETE", public_sql("OLD"), _subtract(_sqlite_row("OLD"))),
        ("INSERT", _published("NEW"), [_bump_regions(_regions("NEW"))]),
        ("UPDATE", f"{_published('OLD')} OR {_published('NEW')}", [_bump_regions(_regions("OLD", "NEW"))]),
        ("DELETE", _published("OLD"), [_bump_regions(_regions("OLD"))]),
    )
    return [
        f"CREATE TRIGGER {name} AFTER {event} ON {CAMERA}{f' WHEN {when}' if when else ''} BEGIN\n"
        f"  /* {_STAMP_MARK}{stamp} */\n  " + "".join(f"{sql};\n  " for sql in body) + "\nEND"
        for name, (event, when, body) in zip(NAMES["sqlite"], triggers, strict=True)
    ]


def _postgresql_create(stamp: str) -> list[str]:
    changed = " OR ".join(f"o.{column} IS DISTINCT FROM n.{column}" for column in COUNTED)
    pairs = f"(SELECT {{}}.* FROM old_rows o JOIN new_rows n ON n.{_ID} = o.{_ID} WHERE {changed})"
    events = {
        "INSERT": ("REFERENCING NEW TABLE AS new_rows", _add("new_rows")),
        "UPDATE": (
            "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
            _subtract(pairs.format("o")) + _add(pairs.format("n")),
        ),
        "DELETE": ("REFERENCING OLD TABLE AS old_rows", _subtract("old_rows")),
    }
    bumps = {
        "INSERT": [_bump_regions(_regions("new_rows")), *_lock_shared("new_rows")],
        "UPDATE": [_bump_regions(_regions("old_rows", "new_rows")), *_lock_shared("old_rows", "new_rows")],
        "DELETE": [_bump_regions(_regions("old_rows")), *_lock_shared("old_rows")],
    }
    statements = []
    for name, (event, (tables, body)) in zip(NAMES["postgresql"], events.items(), strict=True):
        # Locks in one order: region rows by region, the shared rows (_lock_shared), then the
        # finer cells inside regions held: two writers never hold rows the other needs (the
        # load benchmark saw deadlocks when a shared row came last).
        statements += [
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"-- {_STAMP_MARK}{stamp}\nBEGIN\n"
            + "".join(f"{sql};\n" for sql in [*bumps[event], *body])
            + "RETURN NULL;\nEND\n$$",
            f"CREATE TRIGGER {name} AFTER {event} ON {CAMERA} {tables} FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
        ]
    return statements


COUNTER_TRIGGERS = TriggerSet(
    table=CAMERA,
    prefix="tiles_",
    mark=_STAMP_MARK,
    names=NAMES,
    build={"sqlite": _sqlite_create, "postgresql": _postgresql_create},
)
stamp = COUNTER_TRIGGERS.stamp
create_statements = COUNTER_TRIGGERS.create_statements
drop_statements = COUNTER_TRIGGERS.drop_statements
installed = COUNTER_TRIGGERS.installed


def delta_statements(where: str) -> list[str]:
    """Add the cameras matching `where` (SQL on the cameras table) to the counters and bump their regions."""
    source = f"(SELECT * FROM {CAMERA} WHERE {where})"
    return [*_add(source), _bump_regions(_regions(source))]


def recount_queries() -> dict[str, str]:
    """{counter table: the SELECT that recomputes its rows from the cameras table}, columns in
    key-then-sum order: what a rebuild would write, for checking the stored counters against."""
    return {c.table: c.select(CAMERA, one_row=False) for c in _COUNTERS}


def rebuild_statements() -> list[str]:
    """Recompute every counter from the cameras table (same SQL on both vendors)."""
    # Every region that has or had a published camera goes up: any tile may have been wrong.
    (region,) = _columns(RegionVersion, "region")
    everywhere = f"{_regions(CAMERA)} UNION ALL SELECT {region} AS region FROM {REGIONS}"
    return [f"DELETE FROM {CELLS}", f"DELETE FROM {TALLY}", *_add(CAMERA), _bump_regions(everywhere)]


# --- installing and checking ------------------------------------------------------


def install(connection, *, force: bool = False) -> bool:
    """(Re)create the triggers and recompute the counters unless the current ones are in place.

    SQLite drops a table's triggers when a migration rebuilds the table (as
    AlterField does), and a trigger whose SQL changed here carries an old stamp,
    so this runs after every migrate (apps.py) as well as in the migrations that
    introduced the counters. Returns whether it did anything."""
    if not force and installed(connection):
        return False
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for sql in drop_statements(connection.vendor) + create_statements(connection.vendor) + rebuild_statements():
            cursor.execute(sql)
    return True


def install_in_migration(apps, schema_editor) -> None:
    """RunPython: (re)install with today's SQL, which writes the region versions; a migration
    older than their table leaves the work to the one that makes it (0007_region_versions)."""
    connection = schema_editor.connection
    if REGIONS in connection.introspection.table_names():
        install(connection, force=True)


def suspended_counters(using: str = DEFAULT_DB_ALIAS, *, rebuild: bool = False):
    """Bulk inserts with the triggers off, counted on the way out (mapsite.tiles.suspension)."""
    from mapsite.tiles.suspension import suspended

    return suspended(using, rebuild=rebuild)
