"""The monthly counters: exact after every kind of write, equal to a recount from the cameras."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from mapsite.cameras.models import Camera
from mapsite.stats import triggers
from mapsite.stats.models import MonthlyCount
from tests.helpers import CENTRAL, MONG_KOK

UTC = dt.UTC


def stored() -> set[tuple]:
    return {
        (r.district, r.kind, r.operator, r.measure, r.source, r.month, r.count)
        for r in MonthlyCount.objects.exclude(count=0)
    }


def recounted() -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(triggers.recount_query(connection.vendor))
        return {tuple(row) for row in cursor.fetchall()}


def mine(**filters) -> dict[tuple[str, int], int]:
    """{(measure, month): count} over every source, at the all-districts, all-kinds rollup unless filtered."""
    filters = {"district": 0, "kind": "*", "operator": "*", **filters}
    out: dict[tuple[str, int], int] = {}
    for r in MonthlyCount.objects.filter(**filters).exclude(count=0):
        out[(r.measure, r.month)] = out.get((r.measure, r.month), 0) + r.count
    return out


@pytest.mark.django_db
def test_triggers_are_installed():
    assert triggers.installed(connection)
    assert triggers.install(connection) is False


# Published 23:59:30 and 00:00:30 Hong Kong time on the last night of March: two different months.
@pytest.mark.parametrize(
    ("published", "month"),
    [
        (dt.datetime(2026, 3, 31, 15, 59, 30, tzinfo=UTC), 202603),
        (dt.datetime(2026, 3, 31, 16, 0, 30, tzinfo=UTC), 202604),
    ],
)
def test_month_is_the_hong_kong_month_of_publication(make_camera, published, month):
    make_camera(published_at=published)
    assert mine() == {("published", month): 1}


def test_every_write_keeps_counts_equal_to_a_recount(make_camera, districts):
    march = dt.datetime(2026, 3, 10, tzinfo=UTC)
    a = make_camera(published_at=march, kind=Camera.Kind.DOME, operator=Camera.Operator.POLICE)
    b = make_camera(*CENTRAL, published_at=march, source=Camera.Source.OFFICIAL, status=Camera.Status.VERIFIED)
    make_camera(*MONG_KOK, published_at=None)  # waiting for its window: not counted
    make_camera(published_at=march, status=Camera.Status.REJECTED)  # not public: not counted
    assert stored() == recounted()
    assert mine() == {("published", 202603): 2, ("verified", 202603): 1}

    may = dt.datetime(2026, 5, 2, tzinfo=UTC)
    Camera.objects.filter(pk=a.pk).update(status=Camera.Status.VERIFIED, verified_at=may)
    assert mine() == {("published", 202603): 2, ("verified", 202603): 1, ("verified", 202605): 1}
    assert mine(district=districts["E"].pk, kind="dome", operator="police") == {
        ("published", 202603): 1, ("verified", 202605): 1}
    assert stored() == recounted()

    Camera.objects.filter(pk=b.pk).update(merged_into=a)
    assert mine() == {("published", 202603): 1, ("verified", 202605): 1}
    Camera.objects.filter(pk=a.pk).delete()  # the merged camera stands alone again (SET_NULL)
    assert mine() == {("published", 202603): 1, ("verified", 202603): 1}
    assert stored() == recounted()
