"""Undo from the audit entry, for every moderator action: the camera (and its votes,
photos and counts) is as before, the undo is audited, and a second undo or a stale one is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.core.errors import Conflict, NotFound
from mapsite.moderation import merging, services, undo
from mapsite.photos.models import Photo
from mapsite.votes import services as votes
from mapsite.votes.models import Vote
from tests.helpers import CENTRAL, MONG_KOK, offset

FIELDS = ("status", "flagged", "moderator_decided", "kind", "operator", "latitude", "longitude", "district_id",
          "qk", "confirm_count", "dispute_count", "merged_into_id", "source", "is_demo", "reporter_id")


def state(camera: Camera) -> dict:
    camera.refresh_from_db()
    return {name: getattr(camera, name) for name in FIELDS}


def last(action: str) -> AuditEntry:
    return AuditEntry.objects.filter(action=action).latest("pk")


def undo_last(action: str, camera: Camera, moderator) -> AuditEntry:
    camera.refresh_from_db()
    return undo.undo(last(action).pk, camera.version, actor=moderator, reason="my mistake")


@pytest.mark.parametrize("decision, action", [
    ("verify", "verified"), ("reject", "rejected"), ("remove", "removed"),
])
def test_undo_a_decision(camera, moderator, residents, decision, action):
    votes.confirm(camera.pk, residents(1)[0])
    before = state(camera)
    services.decide(camera.pk, camera.version, decision, actor=moderator)
    undone = undo_last(action, camera, moderator)
    assert state(camera) == before
    entry = last("undone")
    assert entry.after["undo_of"] == undone.pk and entry.reason == "my mistake" and entry.actor == moderator
    with pytest.raises(Conflict):
        undo_last(action, camera, moderator)


def test_undo_a_restore(camera, moderator):
    services.decide(camera.pk, camera.version, "reject", actor=moderator)
    camera.refresh_from_db()
    rejected = state(camera)
    services.decide(camera.pk, camera.version, "restore", actor=moderator)
    undo_last("restored", camera, moderator)
    assert state(camera) == rejected


def test_undo_an_edit_and_a_move(camera, moderator):
    before = state(camera)
    services.edit(camera.pk, camera.version, actor=moderator, kind="dome", latitude=CENTRAL[0], longitude=CENTRAL[1])
    assert state(camera)["district_id"] != before["district_id"]
    undo_last("moved", camera, moderator)
    assert state(camera) == before
    # the same edit's "edited" entry now refers to a camera changed since: refused
    with pytest.raises(Conflict):
        undo_last("edited", camera, moderator)


def test_undo_a_correction_offers_the_suggestion_again(camera, moderator, resident):
    vote = Vote.objects.create(camera=camera, user=resident, kind="dispute", reason="wrong_details",
                               suggested_kind="ptz")
    before = state(camera)
    services.apply_correction(camera.pk, camera.version, vote.pk, actor=moderator)
    assert Vote.objects.get(pk=vote.pk).suggested_kind == ""
    undo_last("edited", camera, moderator)
    assert state(camera) == before
    assert Vote.objects.get(pk=vote.pk).suggested_kind == "ptz"


@pytest.mark.parametrize("approve, action", [(True, "photo_approved"), (False, "photo_rejected")])
def test_undo_a_photo_decision(camera, moderator, approve, action):
    photo = Photo.objects.create(camera=camera, image="a.jpg", thumbnail="a_t.jpg", width=1, height=1)
    services.decide_photo(photo.pk, approve, actor=moderator)
    undo_last(action, camera, moderator)
    assert Photo.objects.get(pk=photo.pk).status == "pending"
    with pytest.raises(Conflict):
        undo_last(action, camera, moderator)


def test_undo_a_merge_brings_back_the_camera_with_its_votes_photos_and_counts(make_camera, reporter, moderator,
                                                                            residents):
    survivor = make_camera(reporter=reporter)
    duplicate = make_camera(*offset(*MONG_KOK, north_m=10), kind=Camera.Kind.DOME)
    both, only_dup, only_surv, dup_says_same = residents(4)
    votes.confirm(survivor.pk, both)
    votes.dispute(duplicate.pk, both, reason=Vote.Reason.WRONG_PLACE)  # later: replaces the survivor's
    votes.confirm(duplicate.pk, only_dup)
    votes.confirm(survivor.pk, only_surv)
    votes.dispute(duplicate.pk, dup_says_same, reason=Vote.Reason.DUPLICATE, duplicate_of=survivor.pk)
    Vote.objects.create(camera=duplicate, user=reporter, kind=Vote.Kind.CONFIRM)
    Camera.objects.filter(pk=duplicate.pk).update(confirm_count=2)  # the vote above, written behind the tally
    photo = Photo.objects.create(camera=duplicate, image="a.jpg", thumbnail="a_t.jpg", width=1, height=1)
    earlier = make_camera(merged_into=duplicate)
    votes_before = sorted(Vote.objects.values_list("pk", "camera_id", "user_id", "kind"))
    before_dup, before_surv = state(duplicate), state(survivor)

    merging.merge(duplicate.pk, duplicate.version, survivor.pk, actor=moderator, take={"kind"})
    assert state(survivor)["kind"] == Camera.Kind.DOME and Vote.objects.filter(camera=duplicate).count() == 0
    # a resident votes on the survivor after the merge: that vote stays where it is
    (late,) = residents(1)
    votes.confirm(survivor.pk, late)

    undo_last("merged", duplicate, moderator)
    assert state(duplicate) == before_dup
    assert state(survivor) == {**before_surv, "confirm_count": before_surv["confirm_count"] + 1}
    assert sorted(Vote.objects.exclude(user=late).values_list("pk", "camera_id", "user_id", "kind")) == votes_before
    assert Photo.objects.get(pk=photo.pk).camera_id == duplicate.pk
    assert Camera.objects.get(pk=earlier.pk).merged_into_id == duplicate.pk
    assert AuditEntry.objects.filter(action="undone").count() == 2
    with pytest.raises(Conflict):
        undo_last("merged", survivor, moderator)


def test_undo_a_merge_from_the_survivors_entry(make_camera, moderator):
    survivor, duplicate = make_camera(), make_camera(*offset(*MONG_KOK, north_m=10))
    merging.merge(duplicate.pk, duplicate.version, survivor.pk, actor=moderator)
    survivor.refresh_from_db()
    entry = AuditEntry.objects.get(action="merged", camera=survivor)
    undo.undo(entry.pk, survivor.version, actor=moderator)
    assert Camera.objects.get(pk=duplicate.pk).merged_into_id is None


def test_undo_is_refused_when_the_camera_changed_since(camera, moderator):
    services.decide(camera.pk, camera.version, "verify", actor=moderator)
    camera.refresh_from_db()
    services.edit(camera.pk, camera.version, actor=moderator, kind="dome")
    with pytest.raises(Conflict):
        undo_last("verified", camera, moderator)
    camera.refresh_from_db()
    assert camera.status == "verified" and camera.kind == "dome"


def test_only_moderators_undoable_actions_can_be_undone(camera, resident, moderator):
    votes.confirm(camera.pk, resident)
    with pytest.raises(NotFound):
        undo_last("confirmed", camera, moderator)


def test_undo_view(moderator_client, camera, moderator):
    services.decide(camera.pk, camera.version, "reject", actor=moderator)
    camera.refresh_from_db()
    url = reverse("moderation:undo", args=[last("rejected").pk])
    stale = moderator_client.post(url, {"version": camera.version - 1})
    assert stale.status_code == 409
    response = moderator_client.post(url, {"version": camera.version}, headers={"Accept": "application/json"})
    assert response.status_code == 200 and response.json()["undone"] == last("rejected").pk
    assert Camera.objects.get(pk=camera.pk).status == "pending"
    assert moderator_client.post(url, {"version": "x"}).status_code == 400
    assert moderator_client.post(reverse("moderation:undo", args=[999999]), {"version": 1}).status_code == 404
    html = moderator_client.get(reverse("moderation:queue"), {"tab": "decided"}).content.decode()
    assert "undone" in html.split(f'data-entry-id="{last("rejected").pk}"')[1].split("</tr>")[0]
