"""Publication windows: fixed times of day in Hong Kong, every PUBLISH_WINDOW_HOURS hours from
midnight (00:00, 03:00, 06:00 ... for 3 hours). A submission goes out at the first window at
least PUBLISH_DELAY after it, so nothing public ever dates it more finely than its window."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

HONG_KONG = ZoneInfo("Asia/Hong_Kong")
PUBLISH_DELAY = dt.timedelta(hours=1)


def deferred() -> bool:
    """Whether residents' contributions wait for a window (False: public at once)."""
    return settings.PUBLISH_WINDOW_HOURS > 0


def _midnight(moment: dt.datetime) -> dt.datetime:
    local = moment.astimezone(HONG_KONG)
    return dt.datetime.combine(local.date(), dt.time(), tzinfo=HONG_KONG)


def window_for(submitted: dt.datetime) -> dt.datetime:
    """The window a contribution made at `submitted` goes out in: the first boundary at or
    after `submitted` + PUBLISH_DELAY. A day ends at midnight even when the window does not
    divide 24 hours (5 hours: ..., 15:00, 20:00, then 00:00)."""
    if not deferred():
        return submitted
    earliest = submitted + PUBLISH_DELAY
    midnight = _midnight(earliest)
    step = dt.timedelta(hours=settings.PUBLISH_WINDOW_HOURS)
    whole, part = divmod(earliest - midnight, step)
    boundary = midnight + (whole + (1 if part else 0)) * step
    next_midnight = dt.datetime.combine(midnight.date() + dt.timedelta(days=1), dt.time(), tzinfo=HONG_KONG)
    return min(boundary, next_midnight)


def last_window(now: dt.datetime) -> dt.datetime:
    """The latest boundary at or before `now` (`now` itself when nothing waits)."""
    if not deferred():
        return now
    midnight = _midnight(now)
    whole, _part = divmod(now - midnight, dt.timedelta(hours=settings.PUBLISH_WINDOW_HOURS))
    return midnight + whole * dt.timedelta(hours=settings.PUBLISH_WINDOW_HOURS)


def out_until(now: dt.datetime) -> dt.datetime:
    """Contributions made up to this moment are due out by `now`: an hour before the last window."""
    return last_window(now) - PUBLISH_DELAY if deferred() else now


def next_window(now: dt.datetime) -> dt.datetime:
    """The first boundary strictly after `now`: when the scheduler wakes next."""
    midnight = _midnight(now)
    step = dt.timedelta(hours=max(settings.PUBLISH_WINDOW_HOURS, 1))
    whole, _part = divmod(now - midnight, step)
    boundary = midnight + (whole + 1) * step
    next_midnight = dt.datetime.combine(midnight.date() + dt.timedelta(days=1), dt.time(), tzinfo=HONG_KONG)
    return min(boundary, next_midnight)


def clock(moment: dt.datetime, now: dt.datetime) -> str:
    """A window as a resident reads it, in Hong Kong time: "15:00" today, else with its date."""
    local = moment.astimezone(HONG_KONG)
    if local.date() == now.astimezone(HONG_KONG).date():
        return f"{local:%H:%M}"
    return f"{local:%Y-%m-%d %H:%M}"


def report_waiting_until(camera) -> str:
    """When a report still waiting for its window goes out ("15:00"); "" for any other camera.
    Only for those who may see the report before then: its reporter (the thanks message, their
    reports list, the camera page) and moderators (the camera page: cameras.views._sees_before_publication)."""
    if camera.published_at is not None or not camera.status_is_public or camera.merged_into_id:
        return ""
    return clock(window_for(camera.reported_at), timezone.now())
