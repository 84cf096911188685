"""Residents voting at the same moment, in real threads against the real
database (each thread has its own connection)."""

from __future__ import annotations

import pytest

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.votes import services
from mapsite.votes.models import Vote
from tests.helpers import raised, run_together


@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_each_count_once(make_camera, established):
    camera = make_camera()
    voters = established(4)
    outcomes = run_together(*[lambda u=u: services.confirm(camera.pk, u) for u in voters])
    assert raised(outcomes) == []
    camera.refresh_from_db()
    assert camera.confirm_count == 4
    assert Vote.objects.filter(camera=camera).count() == 4
    assert camera.status == Camera.Status.VERIFIED
    assert AuditEntry.objects.filter(camera=camera, action=AuditEntry.Action.VERIFIED_BY_RESIDENTS).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_confirm_and_dispute_both_count(make_camera, residents):
    camera = make_camera()
    a, b = residents(2)
    outcomes = run_together(
        lambda: services.confirm(camera.pk, a), lambda: services.dispute(camera.pk, b, reason="not_camera")
    )
    assert raised(outcomes) == []
    camera.refresh_from_db()
    assert (camera.confirm_count, camera.dispute_count) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_the_same_resident_twice_at_once_is_one_vote(make_camera, residents):
    camera = make_camera()
    (a,) = residents(1)
    outcomes = run_together(lambda: services.confirm(camera.pk, a), lambda: services.confirm(camera.pk, a))
    assert raised(outcomes) == []
    camera.refresh_from_db()
    assert camera.confirm_count == 1
    assert Vote.objects.filter(camera=camera).count() == 1
