"""Gunicorn settings for scripts/serve (``gunicorn -c mapsite/gunicorn_conf.py``).

Workers: WORKERS if set, else 2 x cores where several are safe (PostgreSQL and a shared
cache), else one. Threads: THREADS if set, else 8 for one worker and 1 for each of several
(gunicorn's sync worker, behind nginx). Several workers where they are not safe are
refused before any starts (mapsite/lib/deployment.py), unless ALLOW_UNSAFE_WORKERS=1.

No access log, warnings and worse to stderr, and a logger that scrubs network
addresses from every line: gunicorn's own warnings name the client ("Invalid
request from ip=..." for an over-long request line or a bad method), and
contributors' addresses must never reach a log.
"""

import os

from gunicorn.glogging import Logger

from mapsite.lib.deployment import default_workers, refuse_unsafe_workers, threads_for
from mapsite.lib.logscrub import ScrubAddresses

# The worker defaults read the settings (which database, which cache), as the workers will.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mapsite.settings")
workers = default_workers()
threads = threads_for(workers)
# With one thread, gunicorn's sync worker cannot tell the master it is alive while it serves
# a request, so the master's limit is the longest request allowed: a full export at a million
# cameras takes about 35 s to build (once in five minutes, mapsite/cameras/export.py).
timeout = 120
accesslog = None
errorlog = "-"
loglevel = "warning"


class ScrubbingLogger(Logger):
    """Gunicorn's logger with ScrubAddresses on each of its handlers (set up
    again, handlers and all, on every configuration reload)."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if not any(isinstance(f, ScrubAddresses) for f in handler.filters):
                    handler.addFilter(ScrubAddresses())


logger_class = ScrubbingLogger


def post_worker_init(worker):
    """Each worker publishes on schedule (mapsite/publication/scheduler.py); overlapping runs are
    safe. The site is loaded by now: what it built goes out of the collector's reach."""
    from mapsite.lib.deployment import settle_heap
    from mapsite.publication.scheduler import start

    start()
    settle_heap()


def on_starting(server):
    refuse_unsafe_workers(server.cfg.workers)
