"""Photos stored as the report form stores them, for the photo tests."""

from __future__ import annotations

import pytest

from mapsite.photos.models import Photo
from tests.photos.factories import stored_photo


@pytest.fixture
def make_photo(make_camera, resident):
    """Factory: make_photo(status, camera=, data=, uploader=) -> a Photo with its two files on disk."""

    def make(status=Photo.Status.PENDING, camera=None, data: bytes | None = None, uploader=None) -> Photo:
        return stored_photo(camera or make_camera(reporter=resident), uploader or resident, data, status)

    return make
