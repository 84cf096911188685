"""The queue's queries read their partial indexes, on SQLite with no ANALYZE statistics (its
state after any migration that rebuilds the camera table): the plan, not a time, is checked.

Without statistics SQLite ranks an index by the equalities it matches; an index that did not
lead with (status, merged_into) lost to camera_status_qk_idx, and each page sorted the whole tab.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.helpers import MONG_KOK

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner without statistics")
URL = reverse("moderation:queue")


def camera_plans(client, params: dict) -> list[str]:
    """EXPLAIN QUERY PLAN of each query the page ran on the camera table, as one line each."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    plans = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone()[0]:  # left by an ANALYZE elsewhere; this test's transaction puts it back
            cursor.execute("DELETE FROM sqlite_stat1")
        for query in queries.captured_queries:
            if 'FROM "cameras_camera"' in query["sql"] and "COUNT(*) AS" not in query["sql"]:
                cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
                plans.append(" | ".join(row[3] for row in cursor.fetchall()))
    return plans


@pytest.mark.parametrize("params, index", [
    ({"tab": "pending"}, "camera_pending_oldest_idx"),
    ({"tab": "pending", "sort": "newest"}, "camera_pending_oldest_idx"),
    ({"tab": "pending", "sort": "confirmed"}, "camera_pending_confirmed_idx"),
    ({"tab": "pending", "sort": "disputed"}, "camera_pending_disputed_idx"),
    ({"tab": "pending", "sort": "priority"}, "camera_pending_priority_idx"),
    ({"tab": "pending", "district": "E"}, "camera_pending_district_idx"),
    ({"tab": "pending", "kind": "dome", "operator": "police"}, "camera_pending_kind_idx"),
    ({"tab": "flagged"}, "camera_flagged_oldest_idx"),
    ({"tab": "flagged", "district": "E"}, "camera_flagged_district_idx"),
])
def test_the_rows_are_read_in_order_from_the_tabs_index(moderator_client, make_camera, params, index):
    make_camera(*MONG_KOK)
    rows, *_counts_and_thumbnails = [p for p in camera_plans(moderator_client, params) if "cameras_camera" in p
                                     and "subquery" not in p]
    assert f"USING INDEX {index} " in rows and "TEMP B-TREE" not in rows


@pytest.mark.parametrize("params, pending, flagged", [
    ({"tab": "pending"}, "camera_pending_", "camera_flagged_"),  # any of the tab's partial indexes
    ({"tab": "pending", "district": "E"}, "camera_pending_district_idx", "camera_flagged_district_idx"),
    # The IN list of a level's accounts: only their cameras are read, whatever their number.
    ({"tab": "pending", "trust": "trusted"}, "camera_pending_reporter_idx (reporter_id=? AND status=? AND "
                                             "merged_into_id=?)", "camera_flagged_"),
])
def test_the_tab_counts_are_read_from_the_tabs_indexes(moderator_client, make_camera, params, pending, flagged):
    make_camera(*MONG_KOK)
    counts = [p for p in camera_plans(moderator_client, params) if "subquery" in p]
    assert len(counts) == 2
    assert f"USING INDEX {flagged}" in counts[0] and f"USING INDEX {pending}" in counts[1]


def test_nearest_reads_a_latitude_band(moderator_client, make_camera):
    make_camera(*MONG_KOK)
    plans = camera_plans(moderator_client, {"tab": "pending", "sort": "nearest", "near": "22.3193, 114.1694"})
    assert any("USING INDEX camera_pending_place_idx (status=? AND merged_into_id=? AND latitude>? AND latitude<?)"
               in p for p in plans)
