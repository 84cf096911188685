"""A camera waiting for its publication window is invisible to everything public:
the counters, the district tallies and the data version move only when it is published."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from mapsite.cameras.models import Camera
from mapsite.tiles.models import ClusterCell, DistrictTally
from mapsite.tiles.services import current_version

WINDOW = dt.datetime(2026, 3, 4, 15, 0, tzinfo=dt.UTC)


def _version() -> int:
    return current_version()


def _tally(district) -> int:
    return sum(DistrictTally.objects.filter(district=district).values_list("count", flat=True))


def _cells() -> int:
    return sum(ClusterCell.objects.filter(level=12, kind="*", operator="*").values_list("count", flat=True))


def test_an_unpublished_report_moves_no_counter_and_no_version_until_published(make_camera):
    before = make_camera()
    version, tally, cells = _version(), _tally(before.district), _cells()

    waiting = make_camera(published_at=None, status=Camera.Status.PENDING)
    waiting.confirm_count = 3
    waiting.save()
    assert (_version(), _tally(waiting.district), _cells()) == (version, tally, cells)
    assert not waiting.is_public
    assert waiting.pk not in set(Camera.objects.public().values_list("pk", flat=True))

    Camera.objects.filter(pk=waiting.pk).update(published_at=WINDOW)
    assert _version() == version + 1
    assert (_tally(waiting.district), _cells()) == (tally + 1, cells + 1)
    assert waiting.pk in set(Camera.objects.public().values_list("pk", flat=True))


def test_deleting_an_unpublished_report_leaves_the_version_alone(make_camera):
    waiting = make_camera(published_at=None)
    version = _version()
    waiting.delete()
    assert _version() == version


def test_a_change_to_a_published_camera_still_moves_the_version(make_camera):
    camera = make_camera(published_at=timezone.now())
    version = _version()
    camera.kind = Camera.Kind.DOME
    camera.save()
    assert _version() == version + 1
