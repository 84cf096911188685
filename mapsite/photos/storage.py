"""Where photo files live: the "photos" storage of settings.STORAGES.

Files under MEDIA_ROOT by default; an S3-compatible bucket when PHOTO_STORAGE=s3, so
that every worker on every machine sees the same photos. Callers see one kind of fault
either way: OSError, as a full disk raises it (a bucket's errors are botocore's own).
"""

from __future__ import annotations

import errno

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages


class StorageFault(OSError):
    """The storage could not do what was asked (a bucket unreachable, access denied)."""


def _backend() -> Storage:
    return storages["photos"]


def _faults() -> tuple[type[BaseException], ...]:
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # no S3 support installed: only the disk can fail
        return ()
    return (BotoCoreError, ClientError)


def _fault(exc: BaseException) -> StorageFault:
    return StorageFault(errno.EIO, f"{type(exc).__name__} from the photo storage")


def save(name: str, data: bytes) -> None:
    """Store data under exactly `name`, never replacing a file already there."""
    storage = _backend()
    try:
        stored = storage.save(name, ContentFile(data))
    except _faults() as exc:
        raise _fault(exc) from exc
    if stored != name:  # the name was taken (128 random bits: never in practice)
        delete(stored)
        raise StorageFault(errno.EEXIST, "a photo with that name already exists")


def open_for_reading(name: str) -> File:
    """The stored file, read to the end by the caller (FileResponse closes it)."""
    storage = _backend()
    try:
        handle = storage.open(name, "rb")
        handle.size  # noqa: B018 - a bucket's file is fetched lazily: fail here, not mid-response
    except _faults() as exc:
        raise _fault(exc) from exc
    return handle


def delete(name: str) -> None:
    """Delete `name`; a file already gone is not an error."""
    try:
        _backend().delete(name)
    except _faults() as exc:
        raise _fault(exc) from exc
