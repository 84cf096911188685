"""SQL for the triggers that keep ClusterCell, DistrictTally and DataVersion exact.

SQLite has only row-level triggers: each changed camera upserts one row per
level. PostgreSQL uses statement-level triggers with transition tables, so a
bulk insert of 100,000 cameras updates the counters with one aggregate per
statement instead of 100,000 row triggers.

A camera counts when it is public: status pending or verified and not merged
into another camera (Camera.objects.public()). An update subtracts the old row
and adds the new one only when a column the counters depend on changed.
"""

# Every statement here is built from this module's constants; none carries outside input.
# ruff: noqa: S608

from __future__ import annotations

from mapsite.lib.quadkeys import QK_ZOOM

# Zoom levels of the stored cells. A tile at zoom z is drawn on a grid of cells
# at z + GRID_BITS; the nearest stored level at or finer than that is grouped up
# by a shift. Every other level halves the trigger work at the cost of grouping
# four cells into one on odd zooms. 13 serves zoom 11, all of Hong Kong and the
# first view; 19, 20 and 21 serve the street zooms 17, 18 and 19 (the map's
# deepest), whose dense tiles would otherwise be grouped from camera rows, a
# cost that grows with the table.
LEVELS = (12, 13, 14, 16, 18, 19, 20, 21)
PUBLIC = ("pending", "verified")
# Every camera is also counted in a rollup row with kind and operator ALL, so
# the unfiltered map (the usual view) sums one row per cell and status instead
# of one per kind x operator pair, whatever the table holds.
ALL = "*"
# (kind, operator) expressions of the two rows each camera counts in.
_VARIANTS = (("{row}.kind", "{row}.operator"), (f"'{ALL}'", f"'{ALL}'"))

CAMERA = "cameras_camera"
CELLS = "tiles_clustercell"
TALLY = "tiles_districttally"
VERSION = "tiles_dataversion"

# Columns whose change moves a camera between counters.
COUNTED = ("qk", "status", "kind", "operator", "merged_into_id", "district_id", "latitude", "longitude")

TRIGGER_NAMES = (
    "tiles_camera_ins",
    "tiles_camera_upd_old",
    "tiles_camera_upd_new",
    "tiles_camera_del",
    "tiles_camera_version_ins",
    "tiles_camera_version_upd",
    "tiles_camera_version_del",
)


def _shift(level: int) -> int:
    return 2 * (QK_ZOOM - level)


def _public(row: str) -> str:
    statuses = ", ".join(f"'{s}'" for s in PUBLIC)
    return f"{row}.status IN ({statuses}) AND {row}.merged_into_id IS NULL"


_ROLLUP = "(VALUES (0), (1)) AS v(rollup)"
# The same, in a form both vendors accept (SQLite has no column aliases on VALUES).
_ROLLUP_UNION = "(SELECT 0 AS rollup UNION ALL SELECT 1) v"
_KIND = f"CASE WHEN v.rollup = 1 THEN '{ALL}' ELSE r.kind END"
_OPERATOR = f"CASE WHEN v.rollup = 1 THEN '{ALL}' ELSE r.operator END"


def _changed(old: str = "OLD", new: str = "NEW") -> str:
    return " OR ".join(f"{old}.{c} IS NOT {new}.{c}" for c in COUNTED)


# --- SQLite -------------------------------------------------------------------


def _sqlite_add(row: str) -> str:
    statements = [
        f"INSERT INTO {CELLS} (level, cell, status, kind, operator, count, sum_lat, sum_lon) "
        f"VALUES ({level}, {row}.qk >> {_shift(level)}, {row}.status, {kind.format(row=row)}, "
        f"{operator.format(row=row)}, 1, {row}.latitude, {row}.longitude) "
        "ON CONFLICT (level, cell, status, kind, operator) DO UPDATE SET "
        "count = count + excluded.count, sum_lat = sum_lat + excluded.sum_lat, sum_lon = sum_lon + excluded.sum_lon;"
        for level in LEVELS
        for kind, operator in _VARIANTS
    ]
    statements.append(
        f"INSERT INTO {TALLY} (district_id, status, count) VALUES ({row}.district_id, {row}.status, 1) "
        "ON CONFLICT (district_id, status) DO UPDATE SET count = count + excluded.count;"
    )
    return "\n  ".join(statements)


def _sqlite_remove(row: str) -> str:
    """Decrement only rows that exist: a public camera's rows always do, and a counter table
    emptied first (as Django's test flush may do, in any table order) never goes negative."""
    statements = [
        f"UPDATE {CELLS} SET count = count - 1, sum_lat = sum_lat - {row}.latitude, "
        f"sum_lon = sum_lon - {row}.longitude WHERE level = {level} AND cell = {row}.qk >> {_shift(level)} "
        f"AND status = {row}.status AND kind = {kind.format(row=row)} AND operator = {operator.format(row=row)};"
        for level in LEVELS
        for kind, operator in _VARIANTS
    ]
    statements.append(
        f"UPDATE {TALLY} SET count = count - 1 WHERE district_id = {row}.district_id AND status = {row}.status;"
    )
    return "\n  ".join(statements)


_SQLITE_BUMP = (
    f"INSERT INTO {VERSION} (id, version) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET version = version + 1;"
)


def sqlite_create() -> list[str]:
    return [
        f"CREATE TRIGGER tiles_camera_ins AFTER INSERT ON {CAMERA} WHEN {_public('NEW')} BEGIN\n  "
        f"{_sqlite_add('NEW')}\nEND",
        f"CREATE TRIGGER tiles_camera_upd_old AFTER UPDATE ON {CAMERA} "
        f"WHEN {_public('OLD')} AND ({_changed()}) BEGIN\n  {_sqlite_remove('OLD')}\nEND",
        f"CREATE TRIGGER tiles_camera_upd_new AFTER UPDATE ON {CAMERA} "
        f"WHEN {_public('NEW')} AND ({_changed()}) BEGIN\n  {_sqlite_add('NEW')}\nEND",
        f"CREATE TRIGGER tiles_camera_del AFTER DELETE ON {CAMERA} WHEN {_public('OLD')} BEGIN\n  "
        f"{_sqlite_remove('OLD')}\nEND",
        f"CREATE TRIGGER tiles_camera_version_ins AFTER INSERT ON {CAMERA} BEGIN {_SQLITE_BUMP} END",
        f"CREATE TRIGGER tiles_camera_version_upd AFTER UPDATE ON {CAMERA} BEGIN {_SQLITE_BUMP} END",
        f"CREATE TRIGGER tiles_camera_version_del AFTER DELETE ON {CAMERA} BEGIN {_SQLITE_BUMP} END",
    ]


def sqlite_drop() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGER_NAMES]


# --- PostgreSQL ---------------------------------------------------------------


def _pg_add(source: str) -> str:
    """Upsert the aggregate of the public rows of `source` (a query aliased r)."""
    levels = ", ".join(f"({level}, {_shift(level)})" for level in LEVELS)
    return (
        f"INSERT INTO {CELLS} (level, cell, status, kind, operator, count, sum_lat, sum_lon) "
        f"SELECT l.level, r.qk >> l.shift, r.status, {_KIND}, {_OPERATOR}, "
        f"count(*), sum(r.latitude), sum(r.longitude) "
        f"FROM ({source}) r CROSS JOIN (VALUES {levels}) AS l(level, shift) CROSS JOIN {_ROLLUP} "
        f"WHERE {_public('r')} GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5 "
        "ON CONFLICT (level, cell, status, kind, operator) DO UPDATE SET "
        f"count = {CELLS}.count + EXCLUDED.count, sum_lat = {CELLS}.sum_lat + EXCLUDED.sum_lat, "
        f"sum_lon = {CELLS}.sum_lon + EXCLUDED.sum_lon;\n"
        f"INSERT INTO {TALLY} (district_id, status, count) "
        f"SELECT r.district_id, r.status, count(*) FROM ({source}) r WHERE {_public('r')} "
        "GROUP BY 1, 2 ORDER BY 1, 2 "
        f"ON CONFLICT (district_id, status) DO UPDATE SET count = {TALLY}.count + EXCLUDED.count;\n"
    )


def _pg_remove(source: str) -> str:
    """Subtract the aggregate of the public rows of `source` from existing counter rows only
    (an emptied counter table never goes negative, as on SQLite)."""
    levels = ", ".join(f"({level}, {_shift(level)})" for level in LEVELS)
    return (
        f"UPDATE {CELLS} c SET count = c.count - d.n, sum_lat = c.sum_lat - d.slat, sum_lon = c.sum_lon - d.slon "
        f"FROM (SELECT l.level, r.qk >> l.shift AS cell, r.status, {_KIND} AS kind, {_OPERATOR} AS operator, "
        f"count(*) AS n, sum(r.latitude) AS slat, sum(r.longitude) AS slon "
        f"FROM ({source}) r CROSS JOIN (VALUES {levels}) AS l(level, shift) CROSS JOIN {_ROLLUP} "
        f"WHERE {_public('r')} GROUP BY 1, 2, 3, 4, 5) d "
        "WHERE c.level = d.level AND c.cell = d.cell AND c.status = d.status AND c.kind = d.kind "
        "AND c.operator = d.operator;\n"
        f"UPDATE {TALLY} t SET count = t.count - d.n FROM (SELECT r.district_id, r.status, count(*) AS n "
        f"FROM ({source}) r WHERE {_public('r')} GROUP BY 1, 2) d "
        "WHERE t.district_id = d.district_id AND t.status = d.status;\n"
    )


_PG_BUMP = (
    f"INSERT INTO {VERSION} (id, version) VALUES (1, 1) "
    f"ON CONFLICT (id) DO UPDATE SET version = {VERSION}.version + 1;\n"
)


def _pg_function(name: str, body: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
        f"{body}{_PG_BUMP}RETURN NULL;\nEND\n$$"
    )


def postgresql_create() -> list[str]:
    changed_pairs = (
        "SELECT {side}.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE "
        + " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in COUNTED)
    )
    return [
        _pg_function("tiles_camera_ins", _pg_add("SELECT * FROM new_rows")),
        _pg_function(
            "tiles_camera_upd",
            _pg_remove(changed_pairs.format(side="o")) + _pg_add(changed_pairs.format(side="n")),
        ),
        _pg_function("tiles_camera_del", _pg_remove("SELECT * FROM old_rows")),
        f"CREATE TRIGGER tiles_camera_ins AFTER INSERT ON {CAMERA} REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION tiles_camera_ins()",
        f"CREATE TRIGGER tiles_camera_upd AFTER UPDATE ON {CAMERA} REFERENCING OLD TABLE AS old_rows "
        "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tiles_camera_upd()",
        f"CREATE TRIGGER tiles_camera_del AFTER DELETE ON {CAMERA} REFERENCING OLD TABLE AS old_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION tiles_camera_del()",
    ]


def postgresql_drop() -> list[str]:
    names = ("tiles_camera_ins", "tiles_camera_upd", "tiles_camera_del")
    return [f"DROP TRIGGER IF EXISTS {name} ON {CAMERA}" for name in names] + [
        f"DROP FUNCTION IF EXISTS {name}()" for name in names
    ]


def create_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return sqlite_create()
    if vendor == "postgresql":
        return postgresql_create()
    raise NotImplementedError(f"no counter triggers for database vendor {vendor!r}")


def drop_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return sqlite_drop()
    if vendor == "postgresql":
        return postgresql_drop()
    raise NotImplementedError(f"no counter triggers for database vendor {vendor!r}")


def rebuild_statements() -> list[str]:
    """Recompute every counter from the cameras table (same SQL on both vendors)."""
    levels = " UNION ALL ".join(f"SELECT {level} AS level, {_shift(level)} AS shift" for level in LEVELS)
    return [
        f"DELETE FROM {CELLS}",
        f"INSERT INTO {CELLS} (level, cell, status, kind, operator, count, sum_lat, sum_lon) "
        f"SELECT l.level, r.qk >> l.shift, r.status, {_KIND}, {_OPERATOR}, count(*), sum(r.latitude), "
        f"sum(r.longitude) FROM {CAMERA} r CROSS JOIN ({levels}) l CROSS JOIN {_ROLLUP_UNION} "
        f"WHERE {_public('r')} GROUP BY 1, 2, 3, 4, 5",
        f"DELETE FROM {TALLY}",
        f"INSERT INTO {TALLY} (district_id, status, count) "
        f"SELECT r.district_id, r.status, count(*) FROM {CAMERA} r WHERE {_public('r')} GROUP BY 1, 2",
        f"INSERT INTO {VERSION} (id, version) VALUES (1, 1) "
        f"ON CONFLICT (id) DO UPDATE SET version = {VERSION}.version + 1",
    ]


def installed(connection) -> bool:
    """Whether every counter trigger exists on cameras_camera."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [CAMERA])
            wanted = set(TRIGGER_NAMES)
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [CAMERA]
            )
            wanted = {"tiles_camera_ins", "tiles_camera_upd", "tiles_camera_del"}
        return wanted <= {row[0] for row in cursor.fetchall()}


def install(connection, *, force: bool = False) -> bool:
    """(Re)create the triggers and recompute the counters if any trigger is missing.

    SQLite drops a table's triggers when a migration rebuilds the table (as
    AlterField does), so this runs after every migrate as well as in the
    migration that introduced the counters. Returns whether it did anything."""
    if not force and installed(connection):
        return False
    with connection.cursor() as cursor:
        for sql in drop_statements(connection.vendor) + create_statements(connection.vendor) + rebuild_statements():
            cursor.execute(sql)
    return True


def delta_statements(where: str) -> list[str]:
    """Add the cameras matching `where` (SQL on cameras_camera) to the counters and bump the version.

    For bulk inserts done with the triggers suspended (mapsite.tiles.bulk)."""
    levels = " UNION ALL ".join(f"SELECT {level} AS level, {_shift(level)} AS shift" for level in LEVELS)
    return [
        f"INSERT INTO {CELLS} (level, cell, status, kind, operator, count, sum_lat, sum_lon) "
        f"SELECT l.level, r.qk >> l.shift, r.status, {_KIND}, {_OPERATOR}, count(*), sum(r.latitude), "
        f"sum(r.longitude) FROM {CAMERA} r CROSS JOIN ({levels}) l CROSS JOIN {_ROLLUP_UNION} "
        f"WHERE ({where}) AND {_public('r')} GROUP BY 1, 2, 3, 4, 5 "
        "ON CONFLICT (level, cell, status, kind, operator) DO UPDATE SET "
        f"count = {CELLS}.count + excluded.count, sum_lat = {CELLS}.sum_lat + excluded.sum_lat, "
        f"sum_lon = {CELLS}.sum_lon + excluded.sum_lon",
        f"INSERT INTO {TALLY} (district_id, status, count) "
        f"SELECT r.district_id, r.status, count(*) FROM {CAMERA} r WHERE ({where}) AND {_public('r')} GROUP BY 1, 2 "
        f"ON CONFLICT (district_id, status) DO UPDATE SET count = {TALLY}.count + excluded.count",
        f"INSERT INTO {VERSION} (id, version) VALUES (1, 1) "
        f"ON CONFLICT (id) DO UPDATE SET version = {VERSION}.version + 1",
    ]
