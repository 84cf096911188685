"""manage.py publish, for cron or a systemd timer."""

from __future__ import annotations

import io

import pytest
import time_machine
from django.core.management import call_command

from tests.publication.moments import SENT, WINDOW

pytestmark = pytest.mark.usefixtures("window_on")


def publish() -> str:
    out = io.StringIO()
    call_command("publish", stdout=out)
    return out.getvalue()


def test_it_says_what_it_published_and_then_that_nothing_is_left(make_camera, reporter):
    with time_machine.travel(SENT, tick=False):
        make_camera(reporter=reporter, published_at=None)
        assert publish() == "Nothing to publish.\n"
    with time_machine.travel(WINDOW, tick=False):
        assert publish() == "Published at 2026-03-04T15:00:00+08:00: 1 cameras, 0 votes, 0 photos.\n"
        assert publish() == "Nothing to publish.\n"
