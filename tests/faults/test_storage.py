"""Storage faults during a report with a photo: a full disk, a read-only media directory.

The report must come back as typed with a 503 and Retry-After, ask for the photo
again, and leave no camera row and no file; once the fault clears, the same
report goes through. POST /api/cameras takes no photo, so storage is tested
through the HTML form only.
"""

from __future__ import annotations

import errno
import os
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, filesystem
from django.core.files.uploadedfile import SimpleUploadedFile

from mapsite.photos import processing
from tests.helpers import SHA_TIN, text
from tests.hostile.conftest import media_files, row_counts
from tests.photos.factories import png_bytes

NOTES = "Above the bus stop, facing the zebra crossing"


def report(client, token: str):
    photo = SimpleUploadedFile("cam.png", png_bytes((64, 48)), content_type="image/png")
    return client.post("/report/", {
        "latitude": SHA_TIN[0], "longitude": SHA_TIN[1], "kind": "dome", "direction": "135",
        "notes": NOTES, "submission_token": token, "photo": photo,
    })


def _full_disk(after: int):
    """The photo storage's write: the first `after` files are written, then the disk fills up
    part-way through the next one (its first bytes stay on disk, as a real full disk leaves them)."""
    saved = []
    real_save = FileSystemStorage._save

    def fake_save(self, name, content):
        saved.append(name)
        if len(saved) <= after:
            return real_save(self, name, content)
        real_save(self, name, ContentFile(content.read()[:100]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return fake_save


def _refuse(code: int):
    def fake(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fake


FAULTS = {
    "full-on-first-file": lambda mp: mp.setattr(FileSystemStorage, "_save", _full_disk(after=0)),
    "full-on-thumbnail": lambda mp: mp.setattr(FileSystemStorage, "_save", _full_disk(after=1)),
    "read-only-open": lambda mp: mp.setattr(filesystem.os, "open", _refuse(errno.EROFS)),
    "no-permission-mkdir": lambda mp: mp.setattr(filesystem.os, "makedirs", _refuse(errno.EACCES)),
}


@pytest.fixture
def media(settings) -> Path:
    root = Path(settings.MEDIA_ROOT)
    (root / processing.PHOTO_DIR).mkdir(parents=True)
    return root


@pytest.mark.parametrize("fault", FAULTS)
def test_a_storage_fault_keeps_the_report_for_later(resident_client, districts, media, monkeypatch, fault):
    token = str(uuid.uuid4())
    before = row_counts()
    # Root ignores permission bits, so the chmod alone would not stop a write: the fault is also patched in.
    media.chmod(0o500)
    try:
        with monkeypatch.context() as mp:
            FAULTS[fault](mp)
            response = report(resident_client, token)
    finally:
        media.chmod(0o700)

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = text(response)
    assert "your report is not saved yet" in page
    assert "Attach your photo again" in page
    # What the resident typed is in the form again.
    assert NOTES in page and 'value="135"' in page and token in page
    assert row_counts() == before
    assert media_files(media) == set()

    # The fault has passed: the same form, sent again, is kept whole.
    response = report(resident_client, token)
    assert response.status_code == 302
    assert row_counts()["Camera"] == before["Camera"] + 1
    assert row_counts()["Photo"] == before["Photo"] + 1
    assert len(media_files(media)) == 2


def test_a_failing_clean_up_does_not_hide_the_fault(resident_client, districts, media, monkeypatch, caplog):
    """A read-only directory can refuse the clean-up too: still a 503, and the fault is logged."""
    with monkeypatch.context() as mp:
        mp.setattr(FileSystemStorage, "_save", _full_disk(after=0))
        mp.setattr(FileSystemStorage, "delete", _refuse(errno.EACCES))
        response = report(resident_client, str(uuid.uuid4()))
    assert response.status_code == 503
    assert "Attach your photo again" in text(response)
    assert "photo clean-up failed" in caplog.text
    assert row_counts()["Camera"] == 0
