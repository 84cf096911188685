"""A merge racing a vote on the duplicate, in real threads."""

from __future__ import annotations

import pytest

from mapsite.core.errors import ServiceError
from mapsite.moderation import merging
from mapsite.votes import services as votes
from mapsite.votes.models import Vote
from tests.helpers import run_together


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("vote", ["confirm", "duplicate"])
def test_vote_on_the_duplicate_during_a_merge(make_camera, moderator, residents, vote):
    survivor = make_camera()
    duplicate = make_camera(lat=survivor.latitude + 0.0001, lon=survivor.longitude)
    (resident,) = residents(1)

    def cast():
        if vote == "confirm":
            return votes.confirm(duplicate.pk, resident)
        return votes.dispute(duplicate.pk, resident, reason="duplicate", duplicate_of=survivor.pk)

    voted, merged = run_together(cast, lambda: merging.merge(duplicate.pk, 1, survivor.pk, actor=moderator))
    assert not isinstance(merged, Exception), merged
    # The vote may be refused (the camera is gone), never crash.
    assert not isinstance(voted, Exception) or isinstance(voted, ServiceError), voted
    survivor.refresh_from_db()
    assert not Vote.objects.filter(camera=duplicate).exists()
    if vote == "confirm" and not isinstance(voted, Exception):
        assert survivor.confirm_count == 1  # the vote moved with the merge
    assert survivor.confirm_count == Vote.objects.filter(camera=survivor, kind="confirm").count()
