"""On PostgreSQL, writers of published cameras in different places do not queue on one row,
and the change feed still never skips an entry whose transaction commits late.

Each test holds one writer's transaction open in a thread of its own (its own connection)
while the test's own connection writes and reads. SQLite has one writer at a time, so none
of this can happen there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import OperationalError, connection, transaction

from mapsite.cameras.models import Camera
from mapsite.changes.api import head
from mapsite.lib.quadkeys import QK_ZOOM
from mapsite.moderation import services as moderation
from mapsite.tiles.triggers import LEVELS, REGION_ZOOM
from tests.helpers import MONG_KOK, offset

pytestmark = [
    pytest.mark.skipif("connection.vendor != 'postgresql'"),
    pytest.mark.django_db(transaction=True),
]

URL = "/api/changes.json"
TUEN_MUN = (22.3910, 113.9770)  # L, Tuen Mun: another district, region and coarse cell than Mong Kok


class OpenTransaction:
    """`write` run in a transaction of another connection, which stays open until commit()
    (or the end of the `with` block, whatever the test's outcome)."""

    def __init__(self, write: Callable[[], object]) -> None:
        self._written, self._release = threading.Event(), threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(write,))
        self._thread.start()
        assert self._written.wait(30), "the held writer did not finish its write"
        self._raise()

    def _run(self, write: Callable[[], object]) -> None:
        try:
            with transaction.atomic():
                write()
                self._written.set()
                assert self._release.wait(60)
        except BaseException as exc:  # handed to the test's thread
            self._error = exc
        finally:
            self._written.set()
            connection.close()

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    @property
    def open(self) -> bool:
        return self._thread.is_alive()

    def commit(self) -> None:
        self._release.set()
        self._thread.join(30)
        assert not self._thread.is_alive()
        self._raise()

    def __enter__(self) -> OpenTransaction:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.open:
            self.commit()


def without_waiting(write: Callable[[], object]) -> None:
    """`write` in a transaction that gives up at once (lock_timeout) if it has to wait for a lock."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '1s'")
        write()


def cells(camera: Camera) -> set[tuple[int, int]]:
    """The counter rows' keys a camera shares with its neighbours: coarse cells and its region."""
    return {(level, camera.qk >> 2 * (QK_ZOOM - level)) for level in (*LEVELS, REGION_ZOOM) if level <= REGION_ZOOM}


@pytest.fixture
def apart(make_camera) -> tuple[Camera, Camera]:
    """A published camera in Mong Kok and one in Tuen Mun: no district, region or cell in common."""
    mong_kok, tuen_mun = make_camera(*MONG_KOK), make_camera(*TUEN_MUN)
    assert mong_kok.district_id != tuen_mun.district_id
    assert not cells(mong_kok) & cells(tuen_mun)
    return mong_kok, tuen_mun


def test_a_write_in_another_region_commits_while_the_first_is_still_open(apart, make_camera, moderator):
    mong_kok, tuen_mun = apart
    with OpenTransaction(lambda: (
        moderation.decide(mong_kok.pk, mong_kok.version, "verify", actor=moderator),
        make_camera(*offset(*MONG_KOK, north_m=40)),
    )) as held:
        without_waiting(lambda: (
            moderation.decide(tuen_mun.pk, tuen_mun.version, "verify", actor=moderator),
            make_camera(*offset(*TUEN_MUN, north_m=40)),
        ))
        assert held.open
        assert Camera.objects.get(pk=tuen_mun.pk).status == Camera.Status.VERIFIED
        assert Camera.objects.get(pk=mong_kok.pk).status == Camera.Status.PENDING  # not committed yet
    assert set(Camera.objects.filter(status=Camera.Status.VERIFIED).values_list("pk", flat=True)) == {
        mong_kok.pk, tuen_mun.pk}


def test_writers_in_one_region_still_queue(make_camera):
    """What exact counters cannot avoid: two cameras in one region share its version's row (and
    their district's tally and cells), so the second writer waits; here it gives up at its timeout.
    Also the proof that the test above would notice a wait."""
    first, second = make_camera(*MONG_KOK), make_camera(*offset(*MONG_KOK, north_m=40))
    with OpenTransaction(lambda: Camera.objects.filter(pk=first.pk).update(notes="first")), \
            pytest.raises(OperationalError, match="lock timeout"):
        without_waiting(lambda: Camera.objects.filter(pk=second.pk).update(notes="second"))


def entries(client, since: int) -> dict:
    response = client.get(URL, {"since": since})
    assert response.status_code == 200
    return response.json()


def test_an_entry_committed_late_is_read_after_the_ones_read_before_it(client, apart, make_camera):
    mong_kok, tuen_mun = apart
    neighbour = make_camera(*offset(*MONG_KOK, north_m=40))
    start = head()
    # A writes first (two entries, in one statement), so its entries were written before B's ...
    with OpenTransaction(
        lambda: Camera.objects.filter(pk__in=[mong_kok.pk, neighbour.pk]).update(notes="written first")
    ):
        # ... and B commits first.
        Camera.objects.filter(pk=tuen_mun.pk).update(notes="committed first")
        first = entries(client, start)
        assert [e["id"] for e in first["changes"]] == [tuen_mun.pk]
        assert first["head"] == first["next"] > start
    second = entries(client, first["next"])
    assert [e["id"] for e in second["changes"]] == sorted([mong_kok.pk, neighbour.pk])
    assert min(e["cursor"] for e in second["changes"]) > first["next"]
    # Read again from the start, the feed is the two reads end to end: nothing skipped, nothing twice.
    again = entries(client, start)
    assert again["changes"] == first["changes"] + second["changes"]
    assert again["head"] == second["head"] == second["next"]
