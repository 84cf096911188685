"""publish() looks up what is due, then locks the cameras: whatever happens between the two
(another run publishing, a voter changing their mind) must not be published twice or early.

The gap is made here by doing that work inside Camera.objects.lock, just before the real lock."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from mapsite.cameras.models import Camera
from mapsite.moderation import services as moderation
from mapsite.photos.models import Photo
from mapsite.publication.models import HeldVote, PublicationRun
from mapsite.publication.services import publish
from mapsite.votes import services as votes
from mapsite.votes.models import Vote
from tests.publication.moments import JUST_BEFORE, NEXT_WINDOW, SENT, WINDOW

pytestmark = pytest.mark.usefixtures("window_on")


def at(moment: str) -> dt.datetime:
    return dt.datetime.fromisoformat(moment)


def counts(camera: Camera) -> tuple[int, int]:
    camera.refresh_from_db()
    return camera.confirm_count, camera.dispute_count


@pytest.fixture
def between_look_up_and_lock(monkeypatch):
    """between_look_up_and_lock(work): run `work` once, when the next run first locks."""

    def install(work):
        real = Camera.objects.lock
        pending = [work]

        def lock(*pks):
            if pending:
                pending.pop()()  # its own locks pass straight through
            return real(*pks)

        monkeypatch.setattr(Camera.objects, "lock", lock)

    return install


@pytest.fixture
def changed_vote(make_camera, reporter, residents):
    """A camera public since the day before; its voter's confirmation went out at 12:00, and at
    13:30 they changed it to a dispute, which waits for 15:00. The voter and the camera."""
    with time_machine.travel("2026-03-03T02:00:00+00:00", tick=False):
        camera = make_camera(reporter=reporter)
    (user,) = residents(1)
    with time_machine.travel("2026-03-04T01:00:00+00:00", tick=False):  # 09:00
        votes.confirm(camera.pk, user)
    publish(at("2026-03-04T04:00:00+00:00"))
    with time_machine.travel(SENT, tick=False):
        votes.dispute(camera.pk, user, reason="removed")
    assert counts(camera) == (1, 0)
    return user, camera


def approved_photo(camera, pending_photo, moderator) -> Photo:
    with time_machine.travel(SENT, tick=False):
        photo = pending_photo(camera)
        moderation.decide_photo(photo.pk, True, actor=moderator)
    return photo


def test_what_another_run_published_meanwhile_is_not_published_again(
    changed_vote, between_look_up_and_lock, pending_photo, moderator
):
    _user, camera = changed_vote
    photo = approved_photo(camera, pending_photo, moderator)
    between_look_up_and_lock(lambda: publish(at(WINDOW)))
    assert publish(at(WINDOW)) is None
    run = PublicationRun.objects.get(window_at=at(WINDOW))
    assert (run.cameras, run.votes, run.photos) == (0, 1, 1)
    assert counts(camera) == (0, 1)
    assert HeldVote.objects.count() == 0
    photo.refresh_from_db()
    assert photo.published_at == at(WINDOW)


def test_a_photo_rejected_meanwhile_is_not_published(changed_vote, between_look_up_and_lock, pending_photo,
                                                      moderator):
    _user, camera = changed_vote
    photo = approved_photo(camera, pending_photo, moderator)
    between_look_up_and_lock(lambda: moderation.decide_photo(photo.pk, False, actor=moderator))
    run = publish(at(WINDOW))
    photo.refresh_from_db()
    assert (run.votes, run.photos) == (1, 0)
    assert (photo.status, photo.published_at) == (Photo.Status.REJECTED, None)


def test_a_vote_changed_again_meanwhile_waits_for_the_next_window(changed_vote, between_look_up_and_lock):
    user, camera = changed_vote

    def change_again():  # at 14:59:59: too late for 15:00
        votes.dispute(camera.pk, user, reason="not_camera")

    between_look_up_and_lock(change_again)
    with time_machine.travel(JUST_BEFORE, tick=False):
        assert publish(at(WINDOW)) is None
    vote = Vote.objects.get(camera=camera, user=user)
    assert (vote.kind, vote.reason, vote.published_at) == ("dispute", "not_camera", None)
    assert HeldVote.objects.filter(camera=camera, user=user).count() == 1
    assert counts(camera) == (1, 0)  # still the confirmation that went out at 12:00

    run = publish(at(NEXT_WINDOW))
    assert (run.votes, counts(camera)) == (1, (0, 1))
