"""The status rules at their edges, through the votes service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.core.errors import ServiceError
from mapsite.votes import rules, services
from mapsite.votes.models import Vote
from tests.helpers import give_level


def _confirm_all(camera, users):
    for user in users:
        services.confirm(camera.pk, user)
    camera.refresh_from_db()
    return camera


def test_two_confirmations_leave_it_pending(camera, residents):
    camera = _confirm_all(camera, residents(2))
    assert (camera.confirm_count, camera.status) == (2, Camera.Status.PENDING)


def test_three_confirmations_verify_it(camera, established):
    camera = _confirm_all(camera, established(3))
    assert (camera.confirm_count, camera.status) == (3, Camera.Status.VERIFIED)
    entry = AuditEntry.objects.get(camera=camera, action=AuditEntry.Action.VERIFIED_BY_RESIDENTS)
    assert entry.role == AuditEntry.Role.SYSTEM


def test_a_dispute_cancels_the_margin(camera, established):
    voters = established(4)
    services.dispute(camera.pk, voters[0], reason=Vote.Reason.NOT_CAMERA)
    camera = _confirm_all(camera, voters[1:4])
    # 3 confirmations but only 6 - 2 = 4 ahead by weight: exactly the margin, so verified.
    assert camera.status == Camera.Status.VERIFIED


def test_two_disputes_keep_three_confirmations_pending(camera, established):
    voters = established(5)
    services.dispute(camera.pk, voters[0], reason=Vote.Reason.NOT_CAMERA)
    services.dispute(camera.pk, voters[1], reason=Vote.Reason.WRONG_PLACE)
    camera = _confirm_all(camera, voters[2:5])
    assert (camera.confirm_count, camera.dispute_count) == (3, 2)
    assert camera.status == Camera.Status.PENDING
    assert camera.flagged


def test_four_confirmations_overcome_two_disputes(camera, established):
    voters = established(6)
    for v, reason in zip(voters[:2], [Vote.Reason.NOT_CAMERA, Vote.Reason.WRONG_PLACE], strict=True):
        services.dispute(camera.pk, v, reason=reason)
    camera = _confirm_all(camera, voters[2:6])
    assert camera.status == Camera.Status.VERIFIED


def test_the_reporters_own_vote_is_not_counted(camera, reporter, established):
    # The service refuses it; a row slipped in some other way (an old merge, the admin) still does not count.
    Vote.objects.create(camera=camera, user=reporter, kind=Vote.Kind.CONFIRM)
    give_level(reporter)
    camera = _confirm_all(camera, established(2))
    assert camera.confirm_count == 2
    assert camera.status == Camera.Status.PENDING


def test_one_dispute_is_not_a_flag_but_two_are(camera, residents):
    a, b = residents(2)
    services.dispute(camera.pk, a, reason=Vote.Reason.WRONG_PLACE)
    camera.refresh_from_db()
    assert not camera.flagged
    services.dispute(camera.pk, b, reason=Vote.Reason.NOT_CAMERA)
    camera.refresh_from_db()
    assert camera.flagged
    assert AuditEntry.objects.filter(camera=camera, action=AuditEntry.Action.FLAGGED).count() == 1


@pytest.mark.parametrize("reason", [Vote.Reason.REMOVED, Vote.Reason.DUPLICATE])
def test_one_removed_or_duplicate_dispute_flags(camera, make_camera, residents, reason):
    other = make_camera(lat=camera.latitude + 0.0001, lon=camera.longitude)
    (a,) = residents(1)
    services.dispute(camera.pk, a, reason=reason, duplicate_of=other.pk if reason == Vote.Reason.DUPLICATE else None)
    camera.refresh_from_db()
    assert camera.flagged


def test_withdrawing_the_disputes_lowers_the_flag(camera, residents):
    a, b = residents(2)
    services.dispute(camera.pk, a, reason=Vote.Reason.WRONG_PLACE)
    services.dispute(camera.pk, b, reason=Vote.Reason.NOT_CAMERA)
    services.withdraw(camera.pk, b)
    camera.refresh_from_db()
    assert (camera.dispute_count, camera.flagged) == (1, False)


def test_a_moderators_decision_stands_over_votes(camera, residents):
    camera.status = Camera.Status.REJECTED
    camera.moderator_decided = True
    camera.save()
    # A rejected camera is off the map: nobody can vote on it.
    with pytest.raises(ServiceError):
        services.confirm(camera.pk, residents(1)[0])
    # A moderator-verified camera stays verified however many disputes come.
    camera.status = Camera.Status.VERIFIED
    camera.save()
    for user in residents(3):
        services.dispute(camera.pk, user, reason=Vote.Reason.NOT_CAMERA)
    camera.refresh_from_db()
    assert camera.status == Camera.Status.VERIFIED
    assert camera.flagged  # but the moderators hear about it


def test_moderator_decided_pending_is_not_verified_by_votes(camera, established):
    camera.moderator_decided = True
    camera.save()
    camera = _confirm_all(camera, established(5))
    assert camera.status == Camera.Status.PENDING


def test_a_camera_is_verified_by_residents_once(camera, established):
    # Confirmations after the third keep it verified without recording the verification again.
    camera = _confirm_all(camera, established(5))
    assert camera.status == Camera.Status.VERIFIED
    assert AuditEntry.objects.filter(camera=camera, action=AuditEntry.Action.VERIFIED_BY_RESIDENTS).count() == 1


@pytest.mark.parametrize(
    ("status", "flagged", "confirms", "disputes", "stale", "expected"),
    [
        (Camera.Status.VERIFIED, False, 0, 0, False, rules.Confidence.HIGH),
        (Camera.Status.VERIFIED, True, 3, 2, False, rules.Confidence.MEDIUM),
        (Camera.Status.VERIFIED, False, 3, 0, True, rules.Confidence.MEDIUM),
        (Camera.Status.PENDING, False, 1, 0, False, rules.Confidence.MEDIUM),
        (Camera.Status.PENDING, False, 1, 1, False, rules.Confidence.LOW),
        (Camera.Status.PENDING, False, 0, 0, False, rules.Confidence.LOW),
    ],
)
def test_confidence_levels(make_camera, status, flagged, confirms, disputes, stale, expected):
    seen = timezone.now() - dt.timedelta(days=400 if stale else 1)
    camera = make_camera(
        status=status, flagged=flagged, confirm_count=confirms, dispute_count=disputes, reported_at=seen,
        last_confirmed_at=seen,
    )
    assert rules.confidence(camera) == expected


class TestExplain:
    """Confidence in words (rules.explain), compared whole: every clause and its plural."""

    def test_a_new_reporters_camera_with_no_votes(self, camera):
        assert rules.explain(camera) == "Reported by a new contributor; no resident has confirmed it yet."

    def test_confirmations_from_new_accounts_say_so_in_the_plural(self, camera, residents):
        camera = _confirm_all(camera, residents(2))
        assert rules.explain(camera) == (
            "Reported by a new contributor; 2 residents confirm, none of them established yet."
        )

    def test_in_chinese_the_clauses_take_full_width_marks(self, camera, residents):
        from django.utils import translation

        services.dispute(camera.pk, residents(1)[0], reason=Vote.Reason.WRONG_DETAILS)
        camera.refresh_from_db()
        with translation.override("zh-hant"):
            assert rules.explain(camera) == "由新用戶報告；尚未有居民確認；1 位提出異議。"

    def test_in_chinese_two_sentences_meet_without_a_space(self, make_camera):
        from django.utils import translation

        camera = make_camera(status=Camera.Status.VERIFIED, moderator_decided=True)
        with translation.override("zh-hant"):
            assert rules.explain(camera) == "由新用戶報告；尚未有居民確認。管理員已核實。"
        assert rules.explain(camera) == (
            "Reported by a new contributor; no resident has confirmed it yet. A moderator verified it."
        )

    def test_one_dispute_and_several(self, camera, residents):
        first, second = residents(2)
        services.dispute(camera.pk, first, reason=Vote.Reason.WRONG_DETAILS)
        camera.refresh_from_db()
        assert rules.explain(camera).endswith("; 1 disputes it.")
        services.dispute(camera.pk, second, reason=Vote.Reason.WRONG_DETAILS)
        camera.refresh_from_db()
        assert rules.explain(camera) == "Reported by a new contributor; no resident has confirmed it yet; 2 dispute it."

    def test_verified_by_established_residents(self, camera, established):
        camera = _confirm_all(camera, established(3))
        assert rules.explain(camera) == (
            "Reported by a new contributor; 3 residents confirm, 3 of them established. "
            "Established residents verified it."
        )

    def test_verified_by_a_moderator_keeps_the_whole_sentence(self, camera, residents):
        camera = _confirm_all(camera, residents(1))
        Camera.objects.filter(pk=camera.pk).update(status=Camera.Status.VERIFIED, moderator_decided=True)
        camera.refresh_from_db()
        assert rules.explain(camera) == (
            "Reported by a new contributor; 1 resident confirms, not established yet. A moderator verified it."
        )

    @pytest.mark.parametrize(("level", "words"), [("established", "an established"), ("trusted", "a trusted")])
    def test_the_reporters_level(self, make_camera, residents, level, words):
        reporter = give_level(residents(1)[0], level)
        camera = make_camera(22.33, 114.16, reporter=reporter)
        assert rules.explain(camera) == f"Reported by {words} contributor; no resident has confirmed it yet."

    def test_a_camera_from_another_source_says_where_from(self, make_camera):
        camera = make_camera(source=Camera.Source.OFFICIAL, reporter=None)
        assert rules.explain(camera) == "Published by its operator; no resident has confirmed it yet."

    @pytest.mark.parametrize(
        ("source", "ending"),
        [
            (Camera.Source.OFFICIAL, "confirmed it yet. Its operator's own published list verifies it."),
            (Camera.Source.DEMO, "confirmed it yet."),
        ],
    )
    def test_a_verified_camera_nobody_here_voted_on_never_credits_residents(self, make_camera, source, ending):
        camera = make_camera(source=source, reporter=None, status=Camera.Status.VERIFIED)
        assert rules.explain(camera).endswith(ending)
        assert "residents verified" not in rules.explain(camera)

    def test_a_moderators_decision_other_than_verified_adds_nothing(self, camera):
        Camera.objects.filter(pk=camera.pk).update(moderator_decided=True)
        camera.refresh_from_db()
        assert rules.explain(camera) == "Reported by a new contributor; no resident has confirmed it yet."

    def test_one_established_confirmation_in_the_singular(self, camera, established):
        camera = _confirm_all(camera, established(1))
        assert rules.explain(camera) == "Reported by a new contributor; 1 resident confirms, 1 of them established."
