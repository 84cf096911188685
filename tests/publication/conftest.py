"""Publication with its window on (3 hours), and the moments around one window."""

from __future__ import annotations

import pytest

from mapsite.photos.models import Photo
from mapsite.photos.processing import process_upload, write_new_file
from tests.helpers import offset
from tests.photos.factories import jpeg_with_gps, upload


@pytest.fixture
def window_on(settings):
    settings.PUBLISH_WINDOW_HOURS = 3


@pytest.fixture
def pending_photo(reporter):
    """Factory: pending_photo(camera) -> a real pending photo of the camera, uploaded by its reporter."""

    def make(camera) -> Photo:
        processed = process_upload(upload("a.jpg", jpeg_with_gps()))
        return Photo.objects.create(
            camera=camera, uploader=reporter, width=processed.width, height=processed.height,
            image=write_new_file(processed.full, written=[]),
            thumbnail=write_new_file(processed.thumbnail, written=[]),
        )

    return make


@pytest.fixture
def elsewhere():
    """A point 300 m north of the shared `camera` (Mong Kok): no duplicate of it."""
    from tests.helpers import MONG_KOK

    return offset(*MONG_KOK, north_m=300)
