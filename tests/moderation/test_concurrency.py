"""A merge racing a vote on the duplicate, in real threads."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from mapsite.core.errors import ServiceError
from mapsite.moderation import services
from mapsite.votes import services as votes
from mapsite.votes.models import Vote


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("vote", ["confirm", "duplicate"])
def test_vote_on_the_duplicate_during_a_merge(make_camera, moderator, residents, vote):
    survivor = make_camera()
    duplicate = make_camera(lat=survivor.latitude + 0.0001, lon=survivor.longitude)
    (resident,) = residents(1)
    outcomes: list = []
    barrier = threading.Barrier(2)

    def cast():
        try:
            barrier.wait(timeout=10)
            if vote == "confirm":
                votes.confirm(duplicate.pk, resident)
            else:
                votes.dispute(duplicate.pk, resident, reason="duplicate", duplicate_of=survivor.pk)
            outcomes.append("voted")
        except ServiceError as exc:
            outcomes.append(("refused", exc.status))
        except Exception as exc:
            outcomes.append(("crashed", exc))
        finally:
            connection.close()

    def merge():
        try:
            barrier.wait(timeout=10)
            services.merge(duplicate.pk, 1, survivor.pk, actor=moderator)
            outcomes.append("merged")
        except Exception as exc:
            outcomes.append(("crashed", exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=cast), threading.Thread(target=merge)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert "merged" in outcomes
    assert not [o for o in outcomes if isinstance(o, tuple) and o[0] == "crashed"], outcomes
    survivor.refresh_from_db()
    assert not Vote.objects.filter(camera=duplicate).exists()
    if vote == "confirm" and "voted" in outcomes:
        assert survivor.confirm_count == 1  # the vote moved with the merge
    assert survivor.confirm_count == Vote.objects.filter(camera=survivor, kind="confirm").count()
