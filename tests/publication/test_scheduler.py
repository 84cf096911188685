"""The in-process scheduler that scripts/serve's gunicorn runs (mapsite/gunicorn_conf.py)."""

from __future__ import annotations

import datetime as dt
import logging
import threading

import pytest
import time_machine

from mapsite.cameras.models import Camera
from mapsite.publication import scheduler, services
from tests.helpers import run_together

pytestmark = pytest.mark.usefixtures("window_on")


def test_after_a_run_it_sleeps_until_just_after_the_next_window(monkeypatch):
    monkeypatch.setattr(services, "publish", lambda: None)
    with time_machine.travel("2026-03-04T06:00:00+00:00", tick=False):  # 14:00 in Hong Kong
        (pause,) = run_together(scheduler.run_once)  # its own thread: run_once closes its connection
    assert pause == dt.timedelta(hours=1, seconds=5)


def test_a_failed_run_is_logged_and_tried_again_in_a_minute(monkeypatch, caplog):
    def fail():
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "publish", fail)
    with caplog.at_level(logging.ERROR, logger="mapsite.publication.scheduler"):
        (pause,) = run_together(scheduler.run_once)
    assert pause == dt.timedelta(minutes=1)
    assert "publication failed" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_thread_publishes_at_start_and_stops_when_told(make_camera, reporter):
    with time_machine.travel("2026-03-01T02:00:00+00:00", tick=False):
        camera = make_camera(reporter=reporter, published_at=None)
    stop = threading.Event()
    thread = scheduler.start(stop)
    assert scheduler.start() is thread  # one thread per process
    published = None
    for _ in range(200):  # bounded: the first run starts at once
        published = Camera.objects.values_list("published_at", flat=True).get(pk=camera.pk)
        if published is not None:
            break
        stop.wait(0.05)
    stop.set()
    thread.join(timeout=10)
    assert not thread.is_alive()
    local = published.astimezone(dt.timezone(dt.timedelta(hours=8)))
    assert (local.hour % 3, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
