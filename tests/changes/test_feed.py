"""GET /api/changes.json: every public change to a camera, in order, from a cursor, on every write path."""

# Raw SQL statements here are built from model metadata only.
# ruff: noqa: S608

from __future__ import annotations

import pytest
from django.db import connection
from django.utils import timezone

from mapsite.audit.models import AuditEntry
from mapsite.cameras.bulk import bulk_insert_cameras
from mapsite.cameras.models import Camera
from mapsite.changes.api import head
from mapsite.moderation import merging, services
from mapsite.moderation.services import Decision
from mapsite.moderation.undo import undo
from tests.helpers import CENTRAL, MONG_KOK, offset

URL = "/api/changes.json"


def page(client, since: int, **params) -> dict:
    response = client.get(URL, {"since": since, **params})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def kinds(client, since: int) -> list[tuple[int, str]]:
    """(camera id, change) of every entry after `since`."""
    return [(e["id"], e["change"]) for e in page(client, since, limit=1000)["changes"]]


@pytest.fixture
def start(db) -> int:
    """The feed's head before the test writes anything (ids keep growing across tests on PostgreSQL)."""
    return head()


def test_a_published_camera_is_created_with_its_public_feature(client, start, make_camera):
    camera = make_camera(kind=Camera.Kind.DOME, notes="on the lamppost")
    body = page(client, start)
    assert body["more"] is False
    (entry,) = body["changes"]
    assert body["next"] == body["head"] == entry["cursor"] > start
    assert entry["id"] == camera.pk
    assert entry["change"] == "created"
    assert set(entry) == {"cursor", "id", "change", "day", "feature"}
    feature = entry["feature"]
    assert feature["id"] == camera.pk
    assert feature["properties"]["kind"] == "dome"
    assert feature["properties"]["notes"] == "on the lamppost"
    assert "reporter" not in feature["properties"]
    assert "T" not in entry["day"] and len(entry["day"]) == 10


def test_unpublished_cameras_write_nothing_until_published(client, start, make_camera):
    camera = make_camera(published_at=None)
    Camera.objects.filter(pk=camera.pk).update(kind=Camera.Kind.PTZ, status=Camera.Status.VERIFIED)
    Camera.objects.filter(pk=camera.pk).update(status=Camera.Status.REJECTED)
    Camera.objects.filter(pk=camera.pk).update(status=Camera.Status.PENDING)
    assert kinds(client, start) == []
    assert head() == start
    Camera.objects.filter(pk=camera.pk).update(published_at="2026-03-04T04:00:00Z")
    assert kinds(client, start) == [(camera.pk, "created")]


def test_an_unpublished_camera_deleted_leaves_no_tombstone(client, start, make_camera):
    make_camera(published_at=None).delete()
    assert kinds(client, start) == []


def test_public_fields_are_changes_and_bookkeeping_is_not(client, start, camera, other_resident):
    Camera.objects.filter(pk=camera.pk).update(flagged=True, version=7, reporter=other_resident, warnings=["x"])
    assert kinds(client, start) == [(camera.pk, "created")]
    Camera.objects.filter(pk=camera.pk).update(direction=90)
    camera.refresh_from_db()
    camera.notes = "moved to the corner"
    camera.save()
    assert kinds(client, start)[1:] == [(camera.pk, "changed"), (camera.pk, "changed")]
    assert page(client, start)["changes"][1]["feature"]["properties"]["notes"] == "moved to the corner"


def test_raw_sql_is_logged_too(client, start, camera):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Camera._meta.db_table} SET confirm_count = 5 WHERE id = %s", [camera.pk])
    assert kinds(client, start) == [(camera.pk, "created"), (camera.pk, "changed")]


def test_moderation_verify_reject_restore_remove_and_delete(client, start, camera, moderator):
    services.decide(camera.pk, camera.version, Decision.VERIFY, actor=moderator)
    camera.refresh_from_db()
    services.decide(camera.pk, camera.version, Decision.REJECT, actor=moderator)
    camera.refresh_from_db()
    services.decide(camera.pk, camera.version, Decision.RESTORE, actor=moderator)
    camera.refresh_from_db()
    services.decide(camera.pk, camera.version, Decision.REMOVE, actor=moderator)
    Camera.objects.filter(pk=camera.pk).delete()  # already off the map: no second tombstone
    assert kinds(client, start) == [
        (camera.pk, "created"), (camera.pk, "verified"), (camera.pk, "rejected"),
        (camera.pk, "created"), (camera.pk, "removed"),
    ]
    rejected = page(client, start)["changes"][2]
    assert rejected == {"cursor": rejected["cursor"], "id": camera.pk, "change": "rejected",
                        "day": rejected["day"], "survivor": None}


def test_deleting_a_public_camera_is_a_removal(client, start, camera):
    pk = camera.pk
    camera.delete()
    assert kinds(client, start) == [(pk, "created"), (pk, "removed")]


def test_an_entry_carries_the_current_feature_or_none_once_off_the_map(client, start, camera):
    Camera.objects.filter(pk=camera.pk).update(kind=Camera.Kind.ANPR)
    first = page(client, start)["changes"]
    assert [e["feature"]["properties"]["kind"] for e in first] == ["anpr", "anpr"]
    Camera.objects.filter(pk=camera.pk).update(status=Camera.Status.REMOVED)
    entries = page(client, start)["changes"]
    assert [e.get("feature") for e in entries[:2]] == [None, None]
    assert entries[2]["change"] == "removed"


def test_a_merge_is_a_tombstone_naming_the_survivor_and_its_undo_brings_the_duplicate_back(
    client, start, make_camera, moderator
):
    survivor = make_camera()
    duplicate = make_camera(*offset(*MONG_KOK, north_m=5), notes="same one")
    merging.merge(duplicate.pk, duplicate.version, survivor.pk, actor=moderator, take={"notes"})
    entries = page(client, start)["changes"][2:]
    assert [(e["id"], e["change"]) for e in entries] == [(duplicate.pk, "merged"), (survivor.pk, "changed")]
    assert entries[0]["survivor"] == survivor.pk and "feature" not in entries[0]
    assert entries[1]["feature"]["properties"]["notes"] == "same one"

    cursor = head()
    entry = AuditEntry.objects.filter(camera_id=duplicate.pk, action=AuditEntry.Action.MERGED).get()
    duplicate.refresh_from_db()
    undo(entry.pk, duplicate.version, actor=moderator)
    assert sorted(kinds(client, cursor)) == sorted([(duplicate.pk, "created"), (survivor.pk, "changed")])


def test_a_merged_camera_follows_its_survivor_into_a_later_merge(client, start, make_camera, moderator):
    first, second, third = (make_camera(*offset(*MONG_KOK, north_m=5 * i)) for i in range(3))
    merging.merge(first.pk, first.version, second.pk, actor=moderator)
    cursor = head()
    second.refresh_from_db()
    merging.merge(second.pk, second.version, third.pk, actor=moderator)
    entries = page(client, cursor)["changes"]
    tombstones = {(e["id"], e["survivor"]) for e in entries if e["change"] == "merged"}
    assert tombstones == {(first.pk, third.pk), (second.pk, third.pk)}


def test_a_bulk_insert_is_logged_in_id_order(client, start, districts):
    rows = [{"latitude": lat, "longitude": lon, "district_id": districts["E"].pk, "status": "verified",
             "published_at": timezone.now()} for lat, lon in (offset(*MONG_KOK, north_m=10 * i) for i in range(5))]
    rows.append({"latitude": CENTRAL[0], "longitude": CENTRAL[1], "district_id": districts["A"].pk,
                 "status": "pending", "published_at": None})
    bulk_insert_cameras(rows)
    ids = list(Camera.objects.filter(published_at__isnull=False).order_by("id").values_list("id", flat=True))
    assert kinds(client, start) == [(pk, "created") for pk in ids]
    assert len(ids) == 5


def test_a_queryset_update_of_many_logs_each_camera(client, start, make_camera):
    cameras = [make_camera(*offset(*MONG_KOK, east_m=10 * i)) for i in range(3)]
    Camera.objects.filter(pk__in=[c.pk for c in cameras]).update(status=Camera.Status.VERIFIED)
    assert kinds(client, start)[3:] == [(c.pk, "verified") for c in cameras]
