from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mapsite.audit.models import AuditEntry
from mapsite.core.errors import ServiceError
from mapsite.votes import services
from mapsite.votes.models import Vote


def test_confirm_counts_sets_last_confirmed_and_audits(camera, resident):
    result = services.confirm(camera.pk, resident)
    camera.refresh_from_db()
    assert camera.confirm_count == 1
    assert camera.last_confirmed_at is not None
    entry = AuditEntry.objects.get(camera=camera, action=AuditEntry.Action.CONFIRMED)
    assert (entry.actor, entry.role) == (resident, AuditEntry.Role.RESIDENT)
    assert result.vote.kind == Vote.Kind.CONFIRM


def test_changing_a_vote_keeps_one_vote(camera, resident):
    services.confirm(camera.pk, resident)
    services.dispute(camera.pk, resident, reason=Vote.Reason.WRONG_PLACE)
    camera.refresh_from_db()
    assert Vote.objects.filter(camera=camera, user=resident).count() == 1
    assert (camera.confirm_count, camera.dispute_count) == (0, 1)
    services.confirm(camera.pk, resident)
    camera.refresh_from_db()
    assert (camera.confirm_count, camera.dispute_count) == (1, 0)


def test_confirming_again_within_30_days_changes_nothing(camera, resident):
    services.confirm(camera.pk, resident)
    camera.refresh_from_db()
    first = camera.last_confirmed_at
    result = services.confirm(camera.pk, resident)
    camera.refresh_from_db()
    assert result.changed is False
    assert camera.last_confirmed_at == first
    assert AuditEntry.objects.filter(camera=camera, action=AuditEntry.Action.CONFIRMED).count() == 1


def test_confirming_again_after_30_days_refreshes_last_confirmed(camera, resident):
    services.confirm(camera.pk, resident)
    old = timezone.now() - dt.timedelta(days=31)
    Vote.objects.filter(camera=camera, user=resident).update(updated_at=old)
    type(camera).objects.filter(pk=camera.pk).update(last_confirmed_at=old)
    result = services.confirm(camera.pk, resident)
    camera.refresh_from_db()
    assert result.changed
    assert timezone.now() - camera.last_confirmed_at < dt.timedelta(minutes=1)
    assert camera.confirm_count == 1


def test_withdraw_removes_the_vote_and_audits(camera, resident):
    services.confirm(camera.pk, resident)
    services.withdraw(camera.pk, resident)
    camera.refresh_from_db()
    assert camera.confirm_count == 0
    assert not Vote.objects.filter(camera=camera).exists()
    assert AuditEntry.objects.filter(camera=camera, action=AuditEntry.Action.VOTE_WITHDRAWN, actor=resident).exists()


def test_withdraw_without_a_vote_is_refused(camera, resident):
    with pytest.raises(ServiceError) as exc:
        services.withdraw(camera.pk, resident)
    assert exc.value.status == 409


def test_reporter_cannot_vote(camera, reporter):
    with pytest.raises(ServiceError) as exc:
        services.confirm(camera.pk, reporter)
    assert exc.value.status == 403
    assert not Vote.objects.exists()


def test_moderator_cannot_vote_on_own_report(make_camera, moderator):
    camera = make_camera(reporter=moderator)
    with pytest.raises(ServiceError):
        services.confirm(camera.pk, moderator)


def test_moderator_votes_on_others_as_a_resident(camera, moderator):
    services.confirm(camera.pk, moderator)
    assert AuditEntry.objects.get(action=AuditEntry.Action.CONFIRMED).role == AuditEntry.Role.RESIDENT


def test_duplicate_dispute_points_at_the_other_camera(camera, make_camera, resident):
    other = make_camera(lat=camera.latitude + 0.0002, lon=camera.longitude)
    services.dispute(camera.pk, resident, reason=Vote.Reason.DUPLICATE, duplicate_of=other.pk)
    assert Vote.objects.get(camera=camera).duplicate_of == other


@pytest.mark.parametrize("target", ["self", "missing", "far", "none", "merged"])
def test_bad_duplicate_targets_are_refused(camera, make_camera, resident, target):
    from tests.helpers import CENTRAL

    ids = {
        "self": lambda: camera.pk,
        "missing": lambda: 999_999,
        "far": lambda: make_camera(*CENTRAL).pk,
        "none": lambda: None,
        "merged": lambda: make_camera(lat=camera.latitude + 0.0001, lon=camera.longitude, merged_into=camera).pk,
    }
    with pytest.raises(ServiceError):
        services.dispute(camera.pk, resident, reason=Vote.Reason.DUPLICATE, duplicate_of=ids[target]())
    assert not Vote.objects.exists()


def test_wrong_details_carries_a_suggestion(camera, resident):
    services.dispute(
        camera.pk, resident, reason=Vote.Reason.WRONG_DETAILS, suggested_kind="dome", suggested_operator="police",
        suggested_direction=90, suggested_latitude=camera.latitude + 0.0001, suggested_longitude=camera.longitude,
    )
    vote = Vote.objects.get()
    assert (vote.suggested_kind, vote.suggested_operator, vote.suggested_direction) == ("dome", "police", 90)
    assert vote.suggested_latitude == pytest.approx(camera.latitude + 0.0001)


def test_a_suggestion_with_the_wrong_reason_is_refused(camera, resident):
    with pytest.raises(ServiceError):
        services.dispute(camera.pk, resident, reason=Vote.Reason.REMOVED, suggested_kind="dome")


def test_unknown_camera(resident, db):
    with pytest.raises(ServiceError) as exc:
        services.confirm(123456, resident)
    assert exc.value.status == 404
