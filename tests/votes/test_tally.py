"""rules.tally read directly: which rows count, on a camera with a neighbour that has votes of its own."""

from __future__ import annotations

import pytest

from mapsite.publication.models import HeldVote
from mapsite.votes import rules
from mapsite.votes.models import Vote
from tests.helpers import MONG_KOK, give_level, offset


@pytest.fixture(autouse=True)
def _weights(settings):
    # Stated here so the expected weights below are plain numbers.
    settings.VOTE_WEIGHT_NEW = 1
    settings.VOTE_WEIGHT_ESTABLISHED = 2
    settings.VOTE_WEIGHT_TRUSTED = 3


def _vote(camera, user, kind="confirm", reason="", published=True):
    return Vote.objects.create(camera=camera, user=user, kind=kind, reason=reason,
                               **({} if published else {"published_at": None}))


def _hold(camera, user, kind, reason=""):
    return HeldVote.objects.create(camera=camera, user=user, kind=kind, reason=reason, since="2026-03-04T06:00:00Z")


@pytest.fixture
def two_cameras(camera, make_camera, reporter, residents):
    """`camera` with published, waiting and held votes, and a camera 300 m away with its own."""
    other = make_camera(*offset(*MONG_KOK, north_m=300))
    sure, changed, removed, waiting, nitpick, neighbour, neighbour_doubt, neighbour_held = residents(8)
    give_level(sure)
    withdrawn = give_level(residents(1)[0], "trusted")

    _vote(camera, sure)                                          # established confirm: counts, weight 2
    _vote(camera, reporter)                                      # the reporter's own: never counts
    _vote(camera, waiting, published=False)                      # waits for its window: not yet
    _vote(camera, removed, "dispute", Vote.Reason.REMOVED)       # serious dispute, weight 1
    _vote(camera, nitpick, "dispute", Vote.Reason.WRONG_DETAILS)  # a dispute, not a serious one
    # Published as a dispute, then changed: until its window it counts as the confirmation it was.
    _vote(camera, changed, "dispute", Vote.Reason.NOT_CAMERA)
    _hold(camera, changed, "confirm")
    # A trusted resident's duplicate dispute, withdrawn since: it counts until its window.
    _hold(camera, withdrawn, "dispute", Vote.Reason.DUPLICATE)

    _vote(other, give_level(neighbour))
    _vote(other, neighbour_doubt, "dispute", Vote.Reason.REMOVED)
    _hold(other, neighbour_held, "confirm")
    return camera, other


def test_only_the_cameras_own_published_and_held_votes_count(two_cameras):
    camera, _other = two_cameras
    assert rules.tally(camera) == rules.Tally(
        confirms=2, disputes=3, serious_disputes=2,
        established_confirms=1, confirm_weight=3, dispute_weight=5,
    )


def test_the_neighbour_counts_its_own(two_cameras):
    _camera, other = two_cameras
    assert rules.tally(other) == rules.Tally(
        confirms=2, disputes=1, serious_disputes=1,
        established_confirms=1, confirm_weight=3, dispute_weight=1,
    )


def test_no_votes_is_all_zero(make_camera, two_cameras):
    lonely = make_camera(*offset(*MONG_KOK, east_m=300))
    assert rules.tally(lonely) == rules.Tally(confirms=0, disputes=0, serious_disputes=0)
