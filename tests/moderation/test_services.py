from __future__ import annotations

import pytest

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.core.errors import Conflict, ServiceError
from mapsite.moderation import merging, services
from mapsite.photos.models import Photo
from mapsite.votes import services as votes
from mapsite.votes.models import Vote
from tests.helpers import CENTRAL, SHA_TIN, SHENZHEN


def _photo(camera, status=Photo.Status.PENDING):
    return Photo.objects.create(camera=camera, image="p.jpg", thumbnail="p_t.jpg", width=10, height=10, status=status)


@pytest.mark.parametrize(
    ("decision", "status", "action"),
    [
        ("verify", Camera.Status.VERIFIED, AuditEntry.Action.VERIFIED),
        ("reject", Camera.Status.REJECTED, AuditEntry.Action.REJECTED),
        ("remove", Camera.Status.REMOVED, AuditEntry.Action.REMOVED),
    ],
)
def test_decisions_set_status_bump_version_and_audit(camera, moderator, decision, status, action):
    camera.flagged = True
    camera.save()
    services.decide(camera.pk, camera.version, decision, actor=moderator, reason="checked on site")
    camera.refresh_from_db()
    assert (camera.status, camera.moderator_decided, camera.flagged, camera.version) == (status, True, False, 2)
    entry = AuditEntry.objects.get(camera=camera, action=action)
    assert (entry.actor, entry.role, entry.reason) == (moderator, AuditEntry.Role.MODERATOR, "checked on site")
    assert entry.before["status"] == "pending" and entry.after["status"] == status


def test_restore_hands_the_camera_back_to_the_votes(camera, moderator, established):
    for user in established(3):
        votes.confirm(camera.pk, user)
    camera.refresh_from_db()
    services.decide(camera.pk, camera.version, "reject", actor=moderator)
    camera.refresh_from_db()
    services.decide(camera.pk, camera.version, "restore", actor=moderator)
    camera.refresh_from_db()
    assert camera.moderator_decided is False
    # three confirmations were already there, so residents verify it again at once
    assert camera.status == Camera.Status.VERIFIED
    assert AuditEntry.objects.filter(camera=camera, action=AuditEntry.Action.RESTORED).exists()


def test_restore_of_a_public_camera_is_refused(camera, moderator):
    with pytest.raises(ServiceError):
        services.decide(camera.pk, camera.version, "restore", actor=moderator)


def test_stale_version_is_a_conflict_and_changes_nothing(camera, moderator):
    services.decide(camera.pk, camera.version, "verify", actor=moderator)
    with pytest.raises(Conflict):
        services.decide(camera.pk, 1, "reject", actor=moderator)
    camera.refresh_from_db()
    assert camera.status == Camera.Status.VERIFIED
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REJECTED).exists()


def test_edit_attributes(camera, moderator):
    services.edit(camera.pk, camera.version, actor=moderator, kind="dome", operator="police", direction=180, notes="x")
    camera.refresh_from_db()
    assert (camera.kind, camera.operator, camera.direction, camera.notes) == ("dome", "police", 180, "x")
    entry = AuditEntry.objects.get(camera=camera, action=AuditEntry.Action.EDITED)
    assert entry.before["kind"] == "unknown" and entry.after["kind"] == "dome"


def test_move_the_pin_changes_district_and_quadkey(camera, moderator, districts):
    old_qk = camera.qk
    services.edit(camera.pk, camera.version, actor=moderator, latitude=SHA_TIN[0], longitude=SHA_TIN[1])
    camera.refresh_from_db()
    assert camera.district.code == "R"
    assert camera.qk != old_qk
    entry = AuditEntry.objects.get(camera=camera, action=AuditEntry.Action.MOVED)
    assert entry.after["district_id"] == districts["R"].pk


def test_move_outside_hong_kong_is_refused(camera, moderator):
    with pytest.raises(ServiceError, match="outside Hong Kong"):
        services.edit(camera.pk, camera.version, actor=moderator, latitude=SHENZHEN[0], longitude=SHENZHEN[1])
    camera.refresh_from_db()
    assert camera.version == 1


def test_apply_a_suggested_correction(camera, moderator, resident):
    votes.dispute(
        camera.pk, resident, reason=Vote.Reason.WRONG_DETAILS, suggested_kind="anpr", suggested_direction=45,
        suggested_latitude=camera.latitude + 0.0001, suggested_longitude=camera.longitude,
    )
    vote = Vote.objects.get()
    services.apply_correction(camera.pk, camera.version, vote.pk, actor=moderator, reason="matches photo")
    camera.refresh_from_db()
    assert (camera.kind, camera.direction) == ("anpr", 45)
    assert camera.latitude == pytest.approx(vote.suggested_latitude)
    vote.refresh_from_db()
    assert vote.suggested_kind == "" and vote.suggested_latitude is None
    assert AuditEntry.objects.filter(camera=camera, action=AuditEntry.Action.EDITED, actor=moderator).exists()
    assert AuditEntry.objects.filter(camera=camera, action=AuditEntry.Action.MOVED, actor=moderator).exists()


def test_photo_approve_and_reject(camera, moderator):
    photo = _photo(camera)
    services.decide_photo(photo.pk, True, actor=moderator)
    photo.refresh_from_db()
    assert photo.status == Photo.Status.APPROVED
    with pytest.raises(ServiceError):
        services.decide_photo(photo.pk, True, actor=moderator)
    with pytest.raises(Conflict):
        services.decide_photo(photo.pk, False, actor=moderator, expected_status=Photo.Status.PENDING)
    services.decide_photo(photo.pk, False, actor=moderator, reason="shows a face")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PHOTO_APPROVED).count() == 1
    assert AuditEntry.objects.get(action=AuditEntry.Action.PHOTO_REJECTED).reason == "shows a face"


def test_merge_moves_votes_and_photos_and_dedupes(make_camera, reporter, moderator, residents):
    survivor = make_camera(reporter=reporter)
    duplicate = make_camera(lat=survivor.latitude + 0.0001, lon=survivor.longitude)
    both, only_dup, only_surv, dup_says_same = residents(4)
    votes.confirm(survivor.pk, both)
    votes.dispute(duplicate.pk, both, reason=Vote.Reason.WRONG_PLACE)  # later: this one is kept
    votes.confirm(duplicate.pk, only_dup)
    votes.confirm(survivor.pk, only_surv)
    votes.dispute(duplicate.pk, dup_says_same, reason=Vote.Reason.DUPLICATE, duplicate_of=survivor.pk)
    # The survivor's reporter confirmed the duplicate: they still cannot vouch for their own report.
    Vote.objects.create(camera=duplicate, user=reporter, kind=Vote.Kind.CONFIRM)
    photo = _photo(duplicate)
    duplicate.refresh_from_db()

    result = merging.merge(duplicate.pk, duplicate.version, survivor.pk, actor=moderator, reason="same pole")

    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert not Camera.objects.public().filter(pk=duplicate.pk).exists()
    assert not Vote.objects.filter(camera=duplicate).exists()
    live = {v.user.username: v for v in Vote.objects.filter(camera=survivor)}
    assert set(live) == {both.username, only_dup.username, only_surv.username}
    assert live[both.username].kind == Vote.Kind.DISPUTE  # their latest vote
    assert (survivor.confirm_count, survivor.dispute_count) == (2, 1)
    photo.refresh_from_db()
    assert photo.camera == survivor
    assert result.photos_moved == 1
    assert AuditEntry.objects.filter(camera=duplicate, action=AuditEntry.Action.MERGED).exists()
    entry = AuditEntry.objects.get(camera=survivor, action=AuditEntry.Action.MERGED)
    assert entry.after["merged_from"] == duplicate.pk


def test_merge_repoints_disputes_and_earlier_merges(make_camera, moderator, resident):
    survivor = make_camera()
    duplicate = make_camera(lat=survivor.latitude + 0.0001, lon=survivor.longitude)
    third = make_camera(lat=survivor.latitude - 0.0001, lon=survivor.longitude)
    older = make_camera(lat=survivor.latitude, lon=survivor.longitude + 0.0001, merged_into=duplicate)
    votes.dispute(third.pk, resident, reason=Vote.Reason.DUPLICATE, duplicate_of=duplicate.pk)
    merging.merge(duplicate.pk, duplicate.version, survivor.pk, actor=moderator)
    assert Vote.objects.get(camera=third).duplicate_of == survivor
    older.refresh_from_db()
    assert older.merged_into == survivor


@pytest.mark.parametrize("target", ["self", "missing", "rejected", "merged"])
def test_merge_into_a_bad_target_is_refused(make_camera, moderator, target):
    duplicate = make_camera()
    targets = {
        "self": lambda: duplicate.pk,
        "missing": lambda: 999_999,
        "rejected": lambda: make_camera(*CENTRAL, status=Camera.Status.REJECTED).pk,
        "merged": lambda: make_camera(*CENTRAL, merged_into=duplicate).pk,
    }
    with pytest.raises(ServiceError):
        merging.merge(duplicate.pk, duplicate.version, targets[target](), actor=moderator)
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None and duplicate.version == 1


def test_bulk_reports_conflicts_and_does_the_rest(make_camera, moderator):
    a, b, c = make_camera(), make_camera(*CENTRAL), make_camera(*SHA_TIN)
    result = services.bulk_decide(
        [(a.pk, a.version), (b.pk, b.version + 5), (c.pk, c.version)], "verify", actor=moderator, reason="ok"
    )
    assert result.done == [a.pk, c.pk]
    assert [cid for cid, _ in result.failed] == [b.pk]
    assert list(Camera.objects.filter(status=Camera.Status.VERIFIED).order_by("pk").values_list("pk", flat=True)) == [
        a.pk,
        c.pk,
    ]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.VERIFIED, reason="ok").count() == 2
