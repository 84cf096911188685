"""The review page leads a moderator to a pending photo's page, to look closer and blur more."""

from __future__ import annotations

from mapsite.photos.models import Photo
from tests.helpers import MONG_KOK, stored_photo, text


def test_the_review_page_links_a_pending_photo_to_its_blur_page(moderator_client, make_camera, resident):
    camera = make_camera(*MONG_KOK)
    pending = stored_photo(camera, resident, Photo.Status.PENDING)
    approved = stored_photo(camera, resident, Photo.Status.APPROVED)
    body = text(moderator_client.get(f"/moderation/cameras/{camera.pk}/"))
    assert f'href="/photos/{pending.pk}/redact/"' in body
    assert f'href="/photos/{approved.pk}/redact/"' not in body
