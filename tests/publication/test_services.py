"""publish(): what waits goes out at its window, once, in one batch."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.moderation import merging
from mapsite.moderation import services as moderation
from mapsite.photos.models import Photo
from mapsite.publication.models import HeldVote, PublicationRun
from mapsite.publication.services import publish
from mapsite.tiles.services import current_version
from mapsite.votes import rules
from mapsite.votes import services as votes
from mapsite.votes.models import Vote
from tests.helpers import raised, run_together
from tests.publication.moments import JUST_BEFORE, LATE, NEXT_WINDOW, SENT, WINDOW

pytestmark = pytest.mark.usefixtures("window_on")


def at(moment: str) -> dt.datetime:
    return dt.datetime.fromisoformat(moment)


def version() -> int:
    return current_version()


def counts(camera: Camera) -> tuple:
    camera.refresh_from_db()
    return camera.confirm_count, camera.dispute_count, camera.status, camera.flagged, camera.last_confirmed_at


@pytest.fixture
def published(make_camera, reporter):
    """A camera already public before the window opened (reported the day before)."""
    with time_machine.travel("2026-03-03T02:00:00+00:00", tick=False):
        return make_camera(reporter=reporter)


def test_a_report_goes_out_at_its_window_and_not_before(make_camera, reporter):
    with time_machine.travel(SENT, tick=False):
        camera = make_camera(reporter=reporter, published_at=None)
    before = version()
    assert publish(at(JUST_BEFORE)) is None
    assert Camera.objects.public().filter(pk=camera.pk).count() == 0
    assert version() == before

    run = publish(at(WINDOW))
    camera.refresh_from_db()
    assert camera.published_at == at(WINDOW)
    assert (run.window_at, run.cameras, run.votes, run.photos) == (at(WINDOW), 1, 0, 0)
    assert Camera.objects.public().filter(pk=camera.pk).count() == 1
    assert version() > before


def test_publishing_again_changes_nothing(make_camera, reporter):
    with time_machine.travel(SENT, tick=False):
        make_camera(reporter=reporter, published_at=None)
    publish(at(WINDOW))
    after = version()
    assert publish(at(WINDOW)) is None
    assert publish(at(NEXT_WINDOW)) is None
    assert version() == after
    assert PublicationRun.objects.count() == 1


def test_a_report_sent_less_than_an_hour_before_a_window_waits_for_the_next(make_camera, reporter):
    with time_machine.travel(LATE, tick=False):
        camera = make_camera(reporter=reporter, published_at=None)
    assert publish(at(WINDOW)) is None
    run = publish(at(NEXT_WINDOW))
    camera.refresh_from_db()
    assert (run.cameras, camera.published_at) == (1, at(NEXT_WINDOW))


def test_a_late_run_publishes_at_its_own_window(make_camera, reporter):
    """A server down at 15:00 publishes at the window it runs in, never at the minute it runs."""
    with time_machine.travel(SENT, tick=False):
        camera = make_camera(reporter=reporter, published_at=None)
    publish(at("2026-03-04T10:47:12+00:00"))  # 18:47 in Hong Kong
    camera.refresh_from_db()
    assert camera.published_at == at(NEXT_WINDOW)


def test_new_votes_count_only_from_their_window(published, established):
    voters = established(3)
    with time_machine.travel(SENT, tick=False):
        for user in voters:
            result = votes.confirm(published.pk, user)
            assert "It shows publicly from 15:00" in result.message
    assert counts(published) == (0, 0, Camera.Status.PENDING, False, None)
    assert rules.tally(published).confirms == 0
    assert [v.kind for v in Vote.objects.filter(camera=published)] == ["confirm"] * 3  # each voter's row is there
    assert publish(at(JUST_BEFORE)) is None

    run = publish(at(WINDOW))
    assert run.votes == 3
    assert counts(published) == (3, 0, Camera.Status.VERIFIED, False, at(WINDOW))
    assert set(Vote.objects.filter(camera=published).values_list("published_at", flat=True)) == {at(WINDOW)}
    assert AuditEntry.objects.filter(camera=published, action=AuditEntry.Action.VERIFIED_BY_RESIDENTS).count() == 1


def test_a_dispute_raises_the_flag_at_its_window(published, residents):
    (user,) = residents(1)
    with time_machine.travel(SENT, tick=False):
        votes.dispute(published.pk, user, reason="removed")
    assert counts(published)[:4] == (0, 0, Camera.Status.PENDING, False)
    publish(at(WINDOW))
    # A dispute alone does not date the camera as confirmed.
    assert counts(published) == (0, 1, Camera.Status.PENDING, True, None)
    assert AuditEntry.objects.filter(camera=published, action=AuditEntry.Action.FLAGGED).count() == 1


def test_a_changed_vote_counts_as_it_was_until_its_window(published, residents):
    (user,) = residents(1)
    with time_machine.travel("2026-03-04T01:00:00+00:00", tick=False):  # 09:00: out at 12:00
        votes.confirm(published.pk, user)
    publish(at("2026-03-04T04:00:00+00:00"))
    assert counts(published)[:2] == (1, 0)
    sentence = rules.explain(published)

    with time_machine.travel(SENT, tick=False):
        votes.dispute(published.pk, user, reason="removed")
    assert Vote.objects.get(camera=published, user=user).kind == "dispute"  # the voter sees their change
    assert counts(published)[:4] == (1, 0, Camera.Status.PENDING, False)
    assert rules.explain(published) == sentence
    run = publish(at(WINDOW))
    assert run.votes == 1  # one voter, both a waiting vote and a hold
    assert counts(published)[:4] == (0, 1, Camera.Status.PENDING, True)
    assert HeldVote.objects.count() == 0


def test_a_withdrawn_vote_counts_until_its_window(published, residents):
    (user,) = residents(1)
    with time_machine.travel("2026-03-04T01:00:00+00:00", tick=False):
        votes.confirm(published.pk, user)
    publish(at("2026-03-04T04:00:00+00:00"))
    with time_machine.travel(SENT, tick=False):
        result = votes.withdraw(published.pk, user)
    assert "It shows publicly from 15:00" in result.message
    assert not Vote.objects.filter(camera=published).exists()
    assert counts(published)[:2] == (1, 0)
    run = publish(at(WINDOW))
    assert run.votes == 1
    assert counts(published)[:2] == (0, 0)


def test_a_vote_withdrawn_before_its_window_never_shows(published, residents):
    (user,) = residents(1)
    with time_machine.travel(SENT, tick=False):
        votes.confirm(published.pk, user)
        result = votes.withdraw(published.pk, user)
    assert result.message == "Your vote is withdrawn."
    before = version()
    assert publish(at(WINDOW)) is None
    assert (counts(published)[:2], version()) == ((0, 0), before)


def test_a_renewed_confirmation_dates_the_camera_at_its_window(published, residents):
    (user,) = residents(1)
    with time_machine.travel("2026-01-04T01:00:00+00:00", tick=False):
        votes.confirm(published.pk, user)
    publish(at("2026-01-04T04:00:00+00:00"))
    assert counts(published)[4] == at("2026-01-04T04:00:00+00:00")
    with time_machine.travel(SENT, tick=False):
        votes.confirm(published.pk, user)  # more than RECONFIRM_AFTER_DAYS later
    assert counts(published)[:2] == (1, 0)
    assert rules.tally(published).confirms == 1  # the renewal does not take the confirmation out meanwhile
    assert counts(published)[4] == at("2026-01-04T04:00:00+00:00")
    publish(at(WINDOW))
    assert counts(published)[:2] == (1, 0)
    assert counts(published)[4] == at(WINDOW)


def test_a_photo_approval_goes_out_at_the_window(published, moderator, pending_photo, outsider_client):
    with time_machine.travel(SENT, tick=False):
        photo = pending_photo(published)
        moderation.decide_photo(photo.pk, True, actor=moderator)
    photo.refresh_from_db()
    assert (photo.status, photo.published_at, photo.is_public) == (Photo.Status.APPROVED, None, False)
    assert outsider_client.get(photo.get_absolute_url()).status_code == 404
    run = publish(at(WINDOW))
    photo.refresh_from_db()
    assert (run.photos, photo.published_at) == (1, at(WINDOW))
    assert outsider_client.get(photo.get_absolute_url()).status_code == 200


def test_a_photo_approved_too_late_waits_for_the_next_window(published, moderator, pending_photo, make_camera,
                                                             reporter):
    with time_machine.travel(SENT, tick=False):
        make_camera(lat=22.33, lon=114.17, reporter=reporter, published_at=None)
    with time_machine.travel(LATE, tick=False):
        photo = pending_photo(published)
        moderation.decide_photo(photo.pk, True, actor=moderator)
    run = publish(at(WINDOW))
    photo.refresh_from_db()
    assert (run.cameras, run.photos, photo.published_at) == (1, 0, None)
    run = publish(at(NEXT_WINDOW))
    photo.refresh_from_db()
    assert (run.cameras, run.photos, photo.published_at) == (0, 1, at(NEXT_WINDOW))


def test_a_rejected_photo_is_never_published(published, moderator, pending_photo):
    with time_machine.travel(SENT, tick=False):
        photo = pending_photo(published)
        moderation.decide_photo(photo.pk, True, actor=moderator)
        moderation.decide_photo(photo.pk, False, actor=moderator)
    assert publish(at(WINDOW)) is None
    photo.refresh_from_db()
    assert photo.published_at is None


def test_a_moderator_verifying_a_waiting_report_does_not_publish_it_early(make_camera, reporter, moderator):
    with time_machine.travel(SENT, tick=False):
        camera = make_camera(reporter=reporter, published_at=None)
        before = version()
        moderation.decide(camera.pk, camera.version, "verify", actor=moderator)
    camera.refresh_from_db()
    assert (camera.status, camera.published_at, camera.is_public) == (Camera.Status.VERIFIED, None, False)
    assert version() == before
    publish(at(WINDOW))
    camera.refresh_from_db()
    assert (camera.status, camera.published_at) == (Camera.Status.VERIFIED, at(WINDOW))


def test_a_report_merged_before_its_window_never_goes_out(published, make_camera, reporter, moderator):
    with time_machine.travel(SENT, tick=False):
        camera = make_camera(reporter=reporter, published_at=None)
        merging.merge(camera.pk, camera.version, published.pk, actor=moderator)
    assert publish(at(WINDOW)) is None
    camera.refresh_from_db()
    assert (camera.merged_into_id, camera.published_at) == (published.pk, None)


def test_a_run_with_nothing_due_only_looks(published, residents, moderator, pending_photo, django_assert_num_queries):
    """Votes and photos already out, sent too late for this window, or approved and then
    rejected are not even locked or written."""
    early, late = residents(2)
    with time_machine.travel("2026-03-04T01:00:00+00:00", tick=False):
        votes.confirm(published.pk, early)
        moderation.decide_photo(pending_photo(published).pk, True, actor=moderator)
    publish(at("2026-03-04T04:00:00+00:00"))
    with time_machine.travel(LATE, tick=False):
        votes.confirm(published.pk, late)
    with time_machine.travel(SENT, tick=False):
        rejected = pending_photo(published)
        moderation.decide_photo(rejected.pk, True, actor=moderator)
        moderation.decide_photo(rejected.pk, False, actor=moderator)
    with django_assert_num_queries(6):  # a savepoint, cameras, votes, holds and photos due (none), its release
        assert publish(at(WINDOW)) is None


def test_a_report_rejected_before_its_window_never_goes_out(make_camera, reporter, moderator):
    with time_machine.travel(SENT, tick=False):
        camera = make_camera(reporter=reporter, published_at=None)
        moderation.decide(camera.pk, camera.version, "reject", actor=moderator)
    before = version()
    assert publish(at(WINDOW)) is None
    camera.refresh_from_db()
    assert (camera.published_at, version()) == (None, before)


def test_without_a_window_everything_is_public_at_once(settings, published, residents, moderator, pending_photo):
    settings.PUBLISH_WINDOW_HOURS = 0
    (user,) = residents(1)
    result = votes.confirm(published.pk, user)
    assert result.message == "Thank you: your confirmation is counted."
    assert counts(published)[:2] == (1, 0)
    photo = pending_photo(published)
    moderation.decide_photo(photo.pk, True, actor=moderator)
    photo.refresh_from_db()
    assert photo.is_public
    assert publish() is None


@pytest.mark.django_db(transaction=True)
def test_overlapping_runs_publish_each_item_once(make_camera, reporter, established):
    with time_machine.travel("2026-03-03T02:00:00+00:00", tick=False):
        camera = make_camera(reporter=reporter)
    voters = established(3)
    with time_machine.travel(SENT, tick=False):
        waiting = make_camera(lat=22.33, lon=114.17, reporter=reporter, published_at=None)
        for user in voters:
            votes.confirm(camera.pk, user)
    before = version()
    outcomes = run_together(lambda: publish(at(WINDOW)), lambda: publish(at(WINDOW)))
    assert raised(outcomes) == []
    assert sorted(o is None for o in outcomes) == [False, True]
    run = PublicationRun.objects.get()
    assert (run.cameras, run.votes) == (1, 3)
    assert counts(camera)[:3] == (3, 0, Camera.Status.VERIFIED)
    waiting.refresh_from_db()
    assert waiting.published_at == at(WINDOW)
    assert AuditEntry.objects.filter(camera=camera, action=AuditEntry.Action.VERIFIED_BY_RESIDENTS).count() == 1
    assert version() > before


def test_turning_the_window_off_lets_a_held_change_count_at_once(settings, published, residents):
    (user,) = residents(1)
    with time_machine.travel("2026-03-04T01:00:00+00:00", tick=False):
        votes.confirm(published.pk, user)
    publish(at("2026-03-04T04:00:00+00:00"))
    with time_machine.travel(SENT, tick=False):
        votes.dispute(published.pk, user, reason="not_camera")
    assert counts(published)[:2] == (1, 0)
    settings.PUBLISH_WINDOW_HOURS = 0
    votes.dispute(published.pk, user, reason="removed")
    assert counts(published)[:2] == (0, 1)
    assert HeldVote.objects.count() == 0


def test_turning_the_window_off_publishes_what_waits_at_the_next_run(settings, make_camera, reporter):
    with time_machine.travel(SENT, tick=False):  # 13:30
        camera = make_camera(reporter=reporter, published_at=None)
    settings.PUBLISH_WINDOW_HOURS = 0
    moment = at("2026-03-04T05:40:00+00:00")  # ten minutes later: no hour to wait for any more
    run = publish(moment)
    camera.refresh_from_db()
    assert (run.window_at, run.cameras, camera.published_at) == (moment, 1, moment)
