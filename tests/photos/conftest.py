"""Photos stored as the report form stores them, for the photo tests."""

from __future__ import annotations

import functools

import pytest

from mapsite.photos.models import Photo
from mapsite.photos.processing import process_upload, write_new_file
from tests.photos.factories import jpeg_with_gps, upload


@functools.lru_cache(maxsize=8)
def _processed(data: bytes):
    # Processing is deterministic, and detection costs up to seconds on a busy machine: once per image.
    return process_upload(upload("a.jpg", data))


@pytest.fixture
def make_photo(make_camera, resident):
    """Factory: make_photo(status, camera=, data=, uploader=) -> a Photo with its two files on disk."""

    def make(status=Photo.Status.PENDING, camera=None, data: bytes | None = None, uploader=None) -> Photo:
        processed = _processed(data or jpeg_with_gps())
        return Photo.objects.create(
            camera=camera or make_camera(reporter=resident),
            uploader=uploader or resident,
            image=write_new_file(processed.full, written=[]),
            thumbnail=write_new_file(processed.thumbnail, written=[]),
            width=processed.width,
            height=processed.height,
            boxes=processed.boxes,
            status=status,
        )

    return make
