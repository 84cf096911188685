"""Gunicorn settings for scripts/serve (``gunicorn -c mapsite/gunicorn_conf.py``).

No access log, warnings and worse to stderr, and a logger that scrubs network
addresses from every line: gunicorn's own warnings name the client ("Invalid
request from ip=..." for an over-long request line or a bad method), and
contributors' addresses must never reach a log.
"""

from gunicorn.glogging import Logger

from mapsite.lib.logscrub import ScrubAddresses

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
    """Each worker publishes on schedule (mapsite/publication/scheduler.py); overlapping runs are safe."""
    from mapsite.publication.scheduler import start

    start()
