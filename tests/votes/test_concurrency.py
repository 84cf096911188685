"""Residents voting at the same moment, in real threads against the real
database (each thread has its own connection)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.votes import services
from mapsite.votes.models import Vote


def _run_together(calls) -> list:
    barrier = threading.Barrier(len(calls))
    errors: list = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
        except Exception as exc:  # reported to the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_confirmations_each_count_once(make_camera, residents):
    camera = make_camera()
    voters = residents(4)
    errors = _run_together([lambda u=u: services.confirm(camera.pk, u) for u in voters])
    assert errors == []
    camera.refresh_from_db()
    assert camera.confirm_count == 4
    assert Vote.objects.filter(camera=camera).count() == 4
    assert camera.status == Camera.Status.VERIFIED
    assert AuditEntry.objects.filter(camera=camera, action=AuditEntry.Action.VERIFIED_BY_RESIDENTS).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_confirm_and_dispute_both_count(make_camera, residents):
    camera = make_camera()
    a, b = residents(2)
    errors = _run_together(
        [lambda: services.confirm(camera.pk, a), lambda: services.dispute(camera.pk, b, reason="not_camera")]
    )
    assert errors == []
    camera.refresh_from_db()
    assert (camera.confirm_count, camera.dispute_count) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_the_same_resident_twice_at_once_is_one_vote(make_camera, residents):
    camera = make_camera()
    (a,) = residents(1)
    errors = _run_together([lambda: services.confirm(camera.pk, a), lambda: services.confirm(camera.pk, a)])
    assert errors == []
    camera.refresh_from_db()
    assert camera.confirm_count == 1
    assert Vote.objects.filter(camera=camera).count() == 1
