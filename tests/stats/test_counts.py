"""The monthly counters: exact after every kind of write, equal to a recount from the cameras."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
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
    """{(measure, month): count} over every source and district, at the all-kinds rollup unless filtered."""
    filters = {"kind": "*", "operator": "*", **filters}
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


def test_residents_verification_is_copied_from_the_audit_entry(camera):
    from mapsite.audit.models import AuditEntry
    from mapsite.audit.services import record

    moment = dt.datetime(2026, 6, 1, 3, tzinfo=UTC)
    with time_machine.travel(moment, tick=False):
        record(camera, AuditEntry.Action.CONFIRMED)
        camera.refresh_from_db()
        assert camera.verified_at is None  # a confirmation is not a verification
        record(camera, AuditEntry.Action.VERIFIED_BY_RESIDENTS)
    camera.refresh_from_db()
    assert camera.verified_at == moment


def test_migration_backfills_verification_times_from_the_audit_log(make_camera):
    import importlib

    from django.apps import apps

    from mapsite.audit.models import AuditEntry

    backfill = importlib.import_module("mapsite.cameras.migrations.0007_verified_at_and_feed_indexes").backfill
    verified = make_camera(status=Camera.Status.VERIFIED)
    imported = make_camera(status=Camera.Status.VERIFIED, source=Camera.Source.OFFICIAL)
    pending = make_camera()
    history = (
        (verified, dt.datetime(2025, 1, 2, tzinfo=UTC)),
        (verified, dt.datetime(2025, 2, 3, tzinfo=UTC)),
        (pending, dt.datetime(2025, 3, 4, tzinfo=UTC)),
    )
    for camera, when in history:
        AuditEntry.objects.create(camera=camera, role="moderator", action="verified", created_at=when)
    Camera.objects.update(verified_at=None)
    backfill(apps, None)
    assert dict(Camera.objects.values_list("pk", "verified_at")) == {
        verified.pk: dt.datetime(2025, 2, 3, tzinfo=UTC),  # the latest verification
        imported.pk: None,  # verified by its source: counted from publication
        pending.pk: None,  # verified once, since undone: not verified now
    }
