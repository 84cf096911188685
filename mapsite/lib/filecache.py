"""A file rebuilt at most once per `max_age` seconds, however many ask for it at once.

For the open-data exports, which take a worker about 30 s at a million cameras: without it,
every download is that build again, and a few visitors at once would hold every worker. One
builder at a time (an exclusive flock, across threads and processes); the others wait for it
and then read its file. The file is written whole beside its final name and then renamed, so
a reader never opens a half-written one, and a failed build leaves the last good file as it was.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def _fresh(path: Path, max_age: float) -> bool:
    try:
        age = time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return False
    return 0 <= age < max_age  # a file from the future (a clock set back) is not trusted


def fresh_file(path: Path, max_age: float, write: Callable[[BinaryIO], None]) -> BinaryIO:
    """`path` opened for reading, rebuilt first by `write(file)` if it is missing or older
    than `max_age` seconds. OSError from the disk is left to the caller."""
    if not _fresh(path, max_age):
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.with_name(path.name + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the lock file is closed
            if not _fresh(path, max_age):  # else the builder we waited for made it
                partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
                try:
                    with open(partial, "wb") as out:
                        write(out)
                    os.replace(partial, path)
                finally:
                    partial.unlink(missing_ok=True)
    return open(path, "rb")  # the response closes it
