"""Publication inside the server process, so the embedded default (scripts/serve) needs no cron.

A daemon thread publishes at start (catching up on windows missed while the server was down),
then just after each window. Runs from several processes, or beside cron, are safe
(mapsite.publication.services), so nothing here coordinates them.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.db import connections
from django.utils import timezone

from mapsite.publication.windows import next_window

log = logging.getLogger(__name__)

# Wake a little after the boundary: a clock slightly behind would otherwise find nothing due yet.
MARGIN = dt.timedelta(seconds=5)
RETRY = dt.timedelta(minutes=1)

_started = threading.Lock()
_thread: threading.Thread | None = None


def run_once() -> dt.timedelta:
    """Publish what is due; how long to sleep before the next try."""
    from mapsite.publication.services import publish

    try:
        publish()
    except Exception:
        log.exception("publication failed; trying again in a minute")
        return RETRY
    finally:
        connections.close_all()  # this thread's own; it sleeps for hours
    now = timezone.now()
    return next_window(now) + MARGIN - now


def _loop(stop: threading.Event) -> None:
    while not stop.wait(run_once().total_seconds()):
        pass


def start(stop: threading.Event | None = None) -> threading.Thread:
    """Start the publishing thread once per process; the thread (already running, or new)."""
    global _thread
    with _started:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_loop, args=(stop or threading.Event(),),
                                       name="publication", daemon=True)
            _thread.start()
        return _thread
