"""A resident's edit or withdrawal racing a moderator's decision on the same report, in real
threads: exactly one wins, the other is a clear conflict, and nothing is half-done."""

from __future__ import annotations

import pytest

from mapsite.audit.models import AuditEntry
from mapsite.cameras.models import Camera
from mapsite.core.errors import Conflict, NotFound
from mapsite.moderation import services as moderation
from mapsite.sightings.services import edit_own_report, withdraw_own_report
from tests.helpers import raised, run_together


@pytest.fixture
def waiting(make_camera, reporter):
    return make_camera(reporter=reporter, published_at=None, notes="as reported")


def _fields(camera: Camera, **changes) -> dict:
    return {"latitude": camera.latitude, "longitude": camera.longitude, "kind": camera.kind,
            "operator": camera.operator, "mount": camera.mount, "direction": None, "field_of_view": None,
            "notes": camera.notes, **changes}


@pytest.mark.django_db(transaction=True)
def test_an_edit_racing_a_verification(waiting, reporter, moderator):
    edited, verified = run_together(
        lambda: edit_own_report(waiting.pk, 1, reporter, _fields(waiting, notes="corrected"),
                                district=waiting.district),
        lambda: moderation.decide(waiting.pk, 1, moderation.Decision.VERIFY, actor=moderator),
    )
    (loser,) = raised([edited, verified])
    assert isinstance(loser, Conflict)
    waiting.refresh_from_db()
    assert waiting.version == 2
    if loser is edited:
        assert (waiting.status, waiting.notes) == (Camera.Status.VERIFIED, "as reported")
    else:
        assert (waiting.status, waiting.notes) == (Camera.Status.PENDING, "corrected")
    assert AuditEntry.objects.filter(camera=waiting).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_racing_a_rejection(waiting, reporter, moderator):
    withdrawn, rejected = run_together(
        lambda: withdraw_own_report(waiting.pk, 1, reporter),
        lambda: moderation.decide(waiting.pk, 1, moderation.Decision.REJECT, actor=moderator),
    )
    (loser,) = raised([withdrawn, rejected])
    if loser is withdrawn:
        assert isinstance(loser, Conflict)
        assert Camera.objects.get(pk=waiting.pk).status == Camera.Status.REJECTED
    else:
        # The report was gone by the time the moderator's lock was granted.
        assert isinstance(loser, NotFound)
        assert not Camera.objects.filter(pk=waiting.pk).exists()
        assert not AuditEntry.objects.exists()
