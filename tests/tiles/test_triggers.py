"""The counter triggers are checked by their stamp after migrate, and the bulk path's suspension."""

# Statements here are built from the triggers module's own table names.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from mapsite.cameras.models import Camera
from mapsite.tiles import triggers
from mapsite.tiles.apps import _ensure_triggers
from mapsite.tiles.models import ClusterCell
from mapsite.tiles.services import current_version
from tests.conftest import MONG_KOK
from tests.tiles.test_counts import assert_district_counts_exact, assert_exact, camera_set  # noqa: F401

# What fast_insert needs besides the rows (save() would set it).
NOW = {"updated_at": dt.datetime(2026, 3, 4, tzinfo=dt.UTC)}


def _version() -> int:
    return current_version()


def _rows(n: int, district, **extra) -> list[dict]:
    return [
        {
            "latitude": MONG_KOK[0] + i * 0.0001,
            "longitude": MONG_KOK[1] - i * 0.0001,
            "district_id": district.id,
            "status": Camera.Status.VERIFIED,
            **extra,
        }
        for i in range(n)
    ]


def _tamper() -> None:
    """Replace the insert trigger by one that counts nothing and carries an old stamp."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER tiles_camera_ins")
            cursor.execute(
                f"CREATE TRIGGER tiles_camera_ins AFTER INSERT ON {triggers.CAMERA} BEGIN "
                f"/* tiles-counters:0000 */ SELECT 1; END"
            )
        else:
            cursor.execute(
                "CREATE OR REPLACE FUNCTION tiles_camera_ins() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                "-- tiles-counters:0000\nBEGIN RETURN NULL; END $$"
            )


def test_every_trigger_carries_the_stamp_of_the_sql_it_was_made_from(db):
    assert triggers.installed(connection)
    stamp = triggers.stamp(connection.vendor)
    stamped = [sql for sql in triggers.create_statements(connection.vendor) if stamp in sql]
    assert len(stamped) == len(triggers.NAMES[connection.vendor])  # a trigger, or its function
    assert triggers.install(connection) is False  # current: nothing to do


def test_post_migrate_check_reinstalls_a_stale_trigger_and_recounts(client, camera_set):  # noqa: F811
    _tamper()
    assert not triggers.installed(connection)
    Camera.objects.create(latitude=MONG_KOK[0], longitude=MONG_KOK[1] + 0.0003, district=camera_set[0].district)
    with pytest.raises(AssertionError):
        assert_exact(client, zooms=(14,))  # the stale trigger missed the new camera
    _ensure_triggers(using=connection.alias)
    assert triggers.installed(connection)
    assert_exact(client)
    assert_district_counts_exact()
    camera_set[1].delete()  # and the reinstalled triggers count again
    assert_exact(client, zooms=(14, 19))


def test_a_disabled_or_missing_trigger_is_not_current(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER tiles_camera_upd_new")
        else:
            cursor.execute(f"ALTER TABLE {triggers.CAMERA} DISABLE TRIGGER tiles_camera_upd")
    assert not triggers.installed(connection)
    assert triggers.install(connection) is True
    assert triggers.installed(connection)


def test_a_trigger_left_from_another_version_is_not_current(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"CREATE TRIGGER tiles_camera_extra AFTER INSERT ON {triggers.CAMERA} BEGIN SELECT 1; END")
        else:
            cursor.execute(
                f"CREATE TRIGGER tiles_camera_extra AFTER INSERT ON {triggers.CAMERA} "
                "FOR EACH STATEMENT EXECUTE FUNCTION tiles_camera_ins()"
            )
    assert not triggers.installed(connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DROP TRIGGER tiles_camera_extra{' ON ' + triggers.CAMERA if connection.vendor != 'sqlite' else ''}"
        )
    assert triggers.installed(connection)


def test_suspended_counters_counts_the_inserted_rows_once(client, camera_set, districts):  # noqa: F811
    from mapsite.cameras.bulk import fast_insert

    before = _version()
    with triggers.suspended_counters():
        assert not triggers.installed(connection)  # off inside
        fast_insert(Camera, [{**row, "qk": 0} for row in _rows(3, districts["E"])], NOW)
        Camera.objects.filter(qk=0).update(qk=camera_set[0].qk)  # untriggered, counted at the end
        fast_insert(Camera, _rows(5, districts["E"], qk=camera_set[1].qk), NOW)
        assert _version() == before  # nothing counted yet
    assert _version() == before + 1
    assert triggers.installed(connection)
    assert_exact(client)
    assert_district_counts_exact()


def test_suspended_counters_with_rebuild_takes_deletes_too(client, camera_set, districts):  # noqa: F811
    from mapsite.cameras.bulk import bulk_insert_cameras

    with triggers.suspended_counters(rebuild=True):
        Camera.objects.filter(pk__in=[c.pk for c in camera_set[:3]]).delete()
        bulk_insert_cameras(_rows(4, districts["E"]))  # nested: counted by the outer block
    assert triggers.installed(connection)
    assert_exact(client)
    assert_district_counts_exact()


def test_suspended_counters_rolls_back_with_the_triggers_in_place(client, camera_set, districts):  # noqa: F811
    from mapsite.cameras.bulk import fast_insert

    cells = sorted(ClusterCell.objects.values_list("level", "cell", "status", "kind", "operator", "count"))
    with pytest.raises(RuntimeError), triggers.suspended_counters():
        fast_insert(Camera, _rows(2, districts["E"], qk=camera_set[0].qk), NOW)
        raise RuntimeError
    assert triggers.installed(connection)
    assert sorted(ClusterCell.objects.values_list("level", "cell", "status", "kind", "operator", "count")) == cells
    assert_exact(client)


def test_rebuild_is_the_same_sql_as_the_delta_over_every_camera():
    rebuild = triggers.rebuild_statements()
    delta = triggers.delta_statements("1 = 1")
    assert rebuild[:2] == [f"DELETE FROM {triggers.CELLS}", f"DELETE FROM {triggers.TALLY}"]
    assert [sql.split(" FROM ", 1)[0] for sql in rebuild[2:]] == [sql.split(" FROM ", 1)[0] for sql in delta]
