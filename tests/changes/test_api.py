"""The feed's pages, refusals and cost; the counts endpoint; the day an entry carries; the triggers' upkeep."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mapsite.cameras.models import Camera
from mapsite.changes import api, triggers
from mapsite.changes.api import head
from mapsite.changes.apps import _ensure_triggers
from mapsite.changes.models import Change
from tests.helpers import BESIDE_HK_MIDNIGHT, CENTRAL, MONG_KOK, offset

URL = "/api/changes.json"


@pytest.fixture
def five(db, make_camera) -> tuple[int, list[Camera]]:
    """The head before, and five cameras created after it."""
    start = head()
    return start, [make_camera(*offset(*MONG_KOK, north_m=10 * i)) for i in range(5)]


def test_pages_are_bounded_and_chain_by_cursor(client, five):
    start, cameras = five
    first = client.get(URL, {"since": start, "limit": 2}).json()
    assert [e["id"] for e in first["changes"]] == [c.pk for c in cameras[:2]]
    assert first["more"] is True
    assert first["next"] == first["changes"][-1]["cursor"] > start
    second = client.get(URL, {"since": first["next"], "limit": 2}).json()
    third = client.get(URL, {"since": second["next"], "limit": 2}).json()
    assert [e["id"] for e in second["changes"] + third["changes"]] == [c.pk for c in cameras[2:]]
    assert (second["more"], third["more"]) == (True, False)
    last = client.get(URL, {"since": third["next"]}).json()
    assert last == {"changes": [], "next": third["next"], "more": False, "head": third["next"]}


def test_the_default_and_largest_page(client, five, monkeypatch):
    start, _ = five
    monkeypatch.setattr(api, "DEFAULT_LIMIT", 3)
    body = client.get(URL, {"since": start}).json()
    assert len(body["changes"]) == 3 and body["more"] is True
    assert client.get(URL, {"since": start, "limit": 1000}).status_code == 200
    assert client.get(URL, {"since": start, "limit": 1001}).status_code == 400


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"since": "abc"}, "since must be a cursor"),
        ({"since": "-1"}, "since must be a cursor"),
        ({"since": "1.5"}, "since must be a cursor"),
        ({"since": ""}, "since must be a cursor"),
        ({"since": "١"}, "since must be a cursor"),  # an Arabic-Indic digit: a number to str.isdigit, not here
        ({"since": "9" * 19}, "since must be a cursor"),
        ({"since": "0", "limit": "0"}, "limit must be a whole number from 1 to 1000"),
        ({"since": "0", "limit": "x"}, "limit must be a whole number from 1 to 1000"),
        ({"since": "0", "limit": "-5"}, "limit must be a whole number from 1 to 1000"),
    ],
)
def test_a_bad_cursor_or_limit_is_a_400_with_a_json_error(client, db, params, message):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert message in response.json()["error"]


def test_a_cursor_ahead_of_the_feed_is_refused(client, five):
    newest = head()
    assert client.get(URL, {"since": newest}).status_code == 200
    response = client.get(URL, {"since": newest + 1})
    assert response.status_code == 400
    assert f"its newest is {newest}" in response.json()["error"]


def test_the_feed_answers_get_only(client, db):
    response = client.post(URL, {"since": 0})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
    assert "error" in response.json()
    assert client.post("/api/changes/counts.json").status_code == 405


def test_a_page_costs_three_queries_whatever_its_length(client, five):
    start, _ = five
    head()  # numbers the five on PostgreSQL, as the first reader after their commit does
    for limit in (1, 5):
        with CaptureQueriesContext(connection) as queries:
            body = client.get(URL, {"since": start, "limit": limit}).json()
        assert len(body["changes"]) == limit
        assert len(queries) == 3, [q["sql"] for q in queries]  # the head, the entries, their features


def test_a_page_is_read_from_the_primary_key_not_a_scan(db):
    query = Change.objects.filter(id__gt=10).order_by("id").values_list("id", "camera_id")[:500]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            expected = "USING INTEGER PRIMARY KEY"
        else:
            # An empty table is read whole by choice: forbid that, and an index must be there to use.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            expected = "Index Scan using changes_change_pkey"
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert expected in plan, plan


def test_counts_are_the_public_cameras_by_district_and_status(client, make_camera):
    make_camera(status=Camera.Status.VERIFIED)
    make_camera(*offset(*MONG_KOK, north_m=20))
    make_camera(*CENTRAL)
    make_camera(*CENTRAL, published_at=None)  # not yet public: counted nowhere
    make_camera(*offset(*CENTRAL, north_m=30), status=Camera.Status.REJECTED)
    body = client.get("/api/changes/counts.json").json()
    assert (body["reported"], body["verified"]) == (3, 1)
    assert body["districts"]["E"] == {"reported": 2, "verified": 1}
    assert body["districts"]["A"] == {"reported": 1, "verified": 0}
    assert len(body["districts"]) == 18
    assert body["head"] == head()


@pytest.mark.parametrize(("instant", "day"), BESIDE_HK_MIDNIGHT)
def test_an_entry_carries_the_day_in_hong_kong(db, instant, day):
    """The triggers' day expression, read at instants either side of midnight in Hong Kong."""
    literal = f"CAST('{instant}' AS timestamptz)" if connection.vendor == "postgresql" else f"'{instant[:19]}'"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {triggers.day_sql(connection.vendor, literal)}")
        assert str(cursor.fetchone()[0]) == day


def test_every_log_trigger_is_installed_and_current(db):
    assert triggers.LOG_TRIGGERS.installed(connection)
    assert triggers.install(connection) is False


def test_a_missing_trigger_is_put_back_after_migrate_and_every_public_camera_logged_afresh(client, five):
    _, cameras = five
    before = head()
    with connection.cursor() as cursor:
        for sql in triggers.LOG_TRIGGERS.drop_statements(connection.vendor):
            cursor.execute(sql)
    Camera.objects.filter(pk=cameras[0].pk).update(kind=Camera.Kind.PTZ)  # missed: no trigger
    assert head() == before
    _ensure_triggers(using=connection.alias)
    assert triggers.LOG_TRIGGERS.installed(connection)
    resync = client.get(URL, {"since": before}).json()["changes"]
    assert {(e["id"], e["change"]) for e in resync} >= {(c.pk, "changed") for c in cameras}
    assert resync[[e["id"] for e in resync].index(cameras[0].pk)]["feature"]["properties"]["kind"] == "ptz"


def test_a_stale_trigger_is_replaced_without_a_resync(db, five):
    before = head()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER changes_camera_del")
            cursor.execute(f"CREATE TRIGGER changes_camera_del AFTER DELETE ON {triggers.CAMERA} "
                           "BEGIN /* changes-log:0000 */ SELECT 1; END")
        else:
            cursor.execute("CREATE OR REPLACE FUNCTION changes_camera_del() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                           "-- changes-log:0000\nBEGIN RETURN NULL; END $$")
    assert not triggers.LOG_TRIGGERS.installed(connection)
    _ensure_triggers(using=connection.alias)
    assert triggers.LOG_TRIGGERS.installed(connection)
    assert head() == before
