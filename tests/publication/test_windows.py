"""Publication windows: fixed times of day in Hong Kong, the first at least an hour after a submission."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from mapsite.publication.windows import clock, last_window, next_window, window_for

HK = dt.timezone(dt.timedelta(hours=8))


def hk(text: str) -> dt.datetime:
    """A Hong Kong wall-clock time, written out."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=HK)


@pytest.mark.parametrize(
    ("hours", "submitted", "window"),
    [
        (3, "2026-03-04 13:00:00", "2026-03-04 15:00:00"),
        (3, "2026-03-04 13:59:59", "2026-03-04 15:00:00"),
        (3, "2026-03-04 14:00:00", "2026-03-04 15:00:00"),  # exactly an hour before a window: that window
        (3, "2026-03-04 14:00:00.000001", "2026-03-04 18:00:00"),  # just past: the next one
        (3, "2026-03-04 15:00:00", "2026-03-04 18:00:00"),  # at a window: not that one, an hour is needed
        (3, "2026-03-04 22:59:59", "2026-03-05 00:00:00"),  # across Hong Kong midnight (UTC: still the 4th)
        (3, "2026-03-04 23:00:00", "2026-03-05 00:00:00"),
        (3, "2026-03-04 23:00:01", "2026-03-05 03:00:00"),
        (1, "2026-03-04 13:20:00", "2026-03-04 15:00:00"),
        (5, "2026-03-04 18:59:59", "2026-03-04 20:00:00"),
        (5, "2026-03-04 19:30:00", "2026-03-05 00:00:00"),  # 5 h does not divide a day: the day still ends at 00:00
        (5, "2026-03-04 23:30:00", "2026-03-05 05:00:00"),
        (24, "2026-03-04 10:00:00", "2026-03-05 00:00:00"),
        (24, "2026-03-04 23:00:00", "2026-03-05 00:00:00"),
    ],
)
def test_a_submission_goes_out_at_the_first_window_an_hour_after_it(settings, hours, submitted, window):
    settings.PUBLISH_WINDOW_HOURS = hours
    assert window_for(hk(submitted)) == hk(window)


def test_windows_are_in_hong_kong_time_whatever_zone_the_moment_is_in(settings):
    settings.PUBLISH_WINDOW_HOURS = 3
    # 14:30 UTC is 22:30 in Hong Kong: out at midnight there, 16:00 UTC.
    assert window_for(dt.datetime(2026, 3, 4, 14, 30, tzinfo=dt.UTC)) == dt.datetime(2026, 3, 4, 16, 0, tzinfo=dt.UTC)


def test_without_a_window_a_submission_is_public_at_once(settings):
    settings.PUBLISH_WINDOW_HOURS = 0
    moment = hk("2026-03-04 13:17:42.5")
    assert window_for(moment) == moment
    assert last_window(moment) == moment


@pytest.mark.parametrize(
    ("now", "last", "following"),
    [
        ("2026-03-04 15:00:00", "2026-03-04 15:00:00", "2026-03-04 18:00:00"),
        ("2026-03-04 14:59:59.999999", "2026-03-04 12:00:00", "2026-03-04 15:00:00"),
        ("2026-03-04 23:59:59", "2026-03-04 21:00:00", "2026-03-05 00:00:00"),
        ("2026-03-05 00:00:30", "2026-03-05 00:00:00", "2026-03-05 03:00:00"),
    ],
)
def test_the_last_and_next_windows_around_a_moment(settings, now, last, following):
    settings.PUBLISH_WINDOW_HOURS = 3
    assert last_window(hk(now)) == hk(last)
    assert next_window(hk(now)) == hk(following)


@pytest.mark.parametrize(
    ("hours", "now", "following"),
    [
        (1, "2026-03-04 14:30:00", "2026-03-04 15:00:00"),
        (0, "2026-03-04 14:30:00", "2026-03-04 15:00:00"),  # no window: the scheduler still wakes hourly
        (5, "2026-03-04 19:59:59", "2026-03-04 20:00:00"),
        (5, "2026-03-04 20:00:00", "2026-03-05 00:00:00"),  # 20:00 + 5 h would be 01:00: the day ends first
    ],
)
def test_the_next_window_for_other_window_lengths(settings, hours, now, following):
    settings.PUBLISH_WINDOW_HOURS = hours
    assert next_window(hk(now)) == hk(following)


def test_windows_stay_in_hong_kong_time_when_the_site_runs_in_another_zone(settings):
    # Django sets the process's local zone from TIME_ZONE: windows must not follow it.
    settings.TIME_ZONE = "UTC"
    settings.PUBLISH_WINDOW_HOURS = 3
    # Either side of Hong Kong midnight, which is 16:00 the day before in UTC.
    assert window_for(hk("2026-03-04 23:00:00")) == hk("2026-03-05 00:00:00")
    assert window_for(hk("2026-03-04 23:00:01")) == hk("2026-03-05 03:00:00")
    assert last_window(hk("2026-03-05 00:00:30")) == hk("2026-03-05 00:00:00")
    assert next_window(hk("2026-03-05 00:00:30")) == hk("2026-03-05 03:00:00")
    assert clock(hk("2026-03-05 03:00:00"), hk("2026-03-05 00:10:00")) == "03:00"
    assert clock(hk("2026-03-05 03:00:00"), hk("2026-03-04 23:50:00")) == "2026-03-05 03:00"


def test_a_window_reads_as_a_time_today_and_with_its_date_otherwise():
    now = hk("2026-03-04 22:10:00")
    assert clock(hk("2026-03-04 15:00:00"), now) == "15:00"
    assert clock(hk("2026-03-05 00:00:00"), now) == "2026-03-05 00:00"
    # The same instant in UTC reads in Hong Kong time.
    assert clock(dt.datetime(2026, 3, 4, 7, 0, tzinfo=dt.UTC), now) == "15:00"


@pytest.mark.parametrize(("raw", "says"), [("25", "must be at most 24"), ("-1", "must be at least 0"),
                                            ("three", "PUBLISH_WINDOW_HOURS='three' is invalid")])
def test_a_bad_window_stops_the_site_at_start_up(raw, says):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mapsite.settings", "PUBLISH_WINDOW_HOURS": raw}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert "PUBLISH_WINDOW_HOURS" in result.stderr and says in result.stderr
