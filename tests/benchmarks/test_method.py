"""The benchmark's method: first passes kept apart from warm ones, an import that really creates
what it says, and submissions that meet the rate limits without being refused."""

from __future__ import annotations

import pytest
from django.test import Client

from benchmarks.measuring import measure_urls
from benchmarks.suite import distinct_import_points, measure_import, measure_submission
from mapsite.cameras.models import Camera
from mapsite.lib.geo import haversine_m
from tests.helpers import MONG_KOK

pytestmark = pytest.mark.django_db


def test_the_first_pass_is_timed_and_kept_apart(districts):
    calls = []
    stat = measure_urls(Client(), "districts", ["/api/districts.geojson"], repeat=3, before=lambda: calls.append(1))
    assert len(stat.first) == 1 and len(stat.times) == 3
    assert len(calls) == 4  # `before` runs before the first pass too: a cold measurement stays cold
    row = stat.as_dict()
    assert row["first_n"] == 1 and row["first_max_ms"] == round(stat.first[0], 2)


def test_import_points_are_clear_of_each_other_and_of_stored_cameras(make_camera, settings):
    existing = make_camera(*MONG_KOK)
    points = distinct_import_points(40, seed=5)
    assert len(points) == 40
    radius = settings.DUPLICATE_RADIUS_IMPORT_M
    everything = [*points, (existing.latitude, existing.longitude)]
    for i, (lat, lon) in enumerate(everything):
        for other in everything[i + 1:]:
            assert haversine_m(lat, lon, *other) > radius


def test_the_import_creates_every_camera_it_names(make_camera):
    make_camera(*MONG_KOK)
    stat = measure_import(30)
    assert stat.name == "import 30 of 30"
    assert "30 cameras created" in stat.note
    assert Camera.objects.count() == 1  # and removes them after


def test_submissions_run_with_the_limits_on_and_are_all_accepted(districts, settings):
    settings.RATELIMIT_ENABLE = False  # as the benchmark process sets it; the submissions turn it on
    settings.REPORTS_PER_DAY_NEW = 2
    stat = measure_submission(repeat=1, n=2000)
    assert len(stat.times) == 10
    assert "5 accounts x up to 2" in stat.note and "10 cameras created" in stat.note
    assert Camera.objects.count() == 0
