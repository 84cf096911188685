"""The lookups' in-process index: built once from the database, read without the lock once
built, and built again while it is empty (another process may load the districts)."""

import threading

import pytest
import shapely
from django.db import transaction
from django.utils import translation

from mapsite.districts import lookup
from mapsite.districts.lookup import district_code_at, district_codes_at, district_names
from mapsite.districts.models import District
from tests.helpers import MONG_KOK


@pytest.fixture(autouse=True)
def _fresh_index():
    lookup.reset()
    yield
    lookup.reset()


class CountingLock:
    def __init__(self):
        self._lock = threading.Lock()
        self.taken = 0

    def __enter__(self):
        self.taken += 1
        return self._lock.__enter__()

    def __exit__(self, *exc):
        return self._lock.__exit__(*exc)


def test_district_names_in_the_active_language(districts):
    e = districts["E"].pk
    assert len(district_names()) == 18
    assert district_names()[e] == "Yau Tsim Mong"
    with translation.override("zh-hant"):
        assert district_names()[e] == "油尖旺區"


def test_points_far_from_hong_kong_cost_no_query(districts, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert district_code_at(0.0, 114.1) is None  # the right longitude, far south
        assert district_code_at(22.3, 0.0) is None  # the right latitude, far west
        assert district_code_at(float("nan"), 114.1) is None


def test_the_index_is_built_once_and_then_read_without_the_lock(districts, monkeypatch, django_assert_num_queries):
    lock = CountingLock()
    monkeypatch.setattr(lookup, "_lock", lock)
    with django_assert_num_queries(1):
        assert district_code_at(*MONG_KOK) == "E"
    assert lock.taken == 1
    with django_assert_num_queries(0):
        assert district_code_at(*MONG_KOK) == "E"
        assert district_codes_at([MONG_KOK]) == ["E"]
        assert len(district_names()) == 18
    assert lock.taken == 1


def test_an_empty_index_is_built_again_once_districts_exist(districts):
    with transaction.atomic():
        District.objects.all().delete()
        assert district_code_at(*MONG_KOK) is None
        transaction.set_rollback(True)
    # The districts are back without reset(), as when another process loaded them.
    assert district_code_at(*MONG_KOK) == "E"
    assert district_codes_at([MONG_KOK]) == ["E"]


def test_the_index_holds_prepared_shapes(districts):
    # Unprepared shapes give the same answers, only far slower: a 100,000-point import would take seconds.
    district_code_at(*MONG_KOK)
    assert all(shapely.is_prepared(geom) for geom in lookup._index.geoms)
