"""A logging filter that keeps network addresses out of every log line.

Gunicorn writes the client's address into some of its own warnings ("Invalid
request from ip=..."), and an exception's text can carry one too. This filter
sits on every handler (Django's, see settings.LOGGING, and gunicorn's, see
mapsite/gunicorn_conf.py) and replaces anything that looks like an IPv4 or
IPv6 address, in the message, its arguments and any traceback, before the
line is written.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[address]"
_H = r"[0-9A-Fa-f]{1,4}"
_V4 = r"(?:\d{1,3}\.){3}\d{1,3}"
_IPV4 = rf"(?<![\w.]){_V4}(?![\w.])"
# Eight hex groups (or six and an IPv4 tail), or any compressed "::" form.
_FULL6 = rf"(?:{_H}:){{7}}{_H}|(?:{_H}:){{6}}{_V4}"
_SHORT6 = rf"(?:{_H}(?::{_H})*)?::(?:(?:{_H}:)*(?:{_V4}|{_H}))?"
_IPV6 = rf"(?<![\w:.])(?:{_FULL6}|{_SHORT6})(?![\w:.])"
_ADDRESS = re.compile(f"{_IPV4}|{_IPV6}")


def scrub(text: str) -> str:
    return _ADDRESS.sub(REDACTED, text)


class ScrubAddresses(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the raw message, scrubbed
            message = str(record.msg)
        record.msg, record.args = scrub(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True
