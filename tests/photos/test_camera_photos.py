"""A camera's approved photos as JSON for its map popup, and the uploader's own pending photos
on the camera page."""

from __future__ import annotations

import pytest

from mapsite.cameras.models import Camera
from mapsite.photos.models import Photo
from tests.helpers import text

pytestmark = pytest.mark.django_db


def test_the_popup_json_lists_only_public_photos(outsider_client, make_camera, make_photo):
    camera = make_camera()
    approved = make_photo(Photo.Status.APPROVED, camera=camera)
    make_photo(Photo.Status.PENDING, camera=camera)
    make_photo(Photo.Status.REJECTED, camera=camera)
    waiting = make_photo(Photo.Status.APPROVED, camera=camera)
    Photo.objects.filter(pk=waiting.pk).update(published_at=None)  # approved, not yet out
    response = outsider_client.get(f"/photos/camera/{camera.pk}.json")
    assert response.status_code == 200
    assert response.json() == {
        "photos": [{"image": f"/photos/{approved.pk}.jpg", "thumbnail": f"/photos/{approved.pk}/thumb.jpg"}]
    }
    assert response["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize("state", [{"status": Camera.Status.REJECTED}, {"published_at": None}])
def test_a_camera_not_public_has_no_photos_json(outsider_client, make_camera, make_photo, state):
    camera = make_camera(**state)
    make_photo(Photo.Status.APPROVED, camera=camera)
    response = outsider_client.get(f"/photos/camera/{camera.pk}.json", headers={"accept": "application/json"})
    assert response.status_code == 404
    assert "error" in response.json()


def test_the_photos_json_is_read_only(outsider_client, make_camera):
    assert outsider_client.post(f"/photos/camera/{make_camera().pk}.json").status_code == 405


def test_the_uploader_sees_their_pending_photo_on_the_camera_page(client, make_camera, make_photo, resident,
                                                                  other_resident):
    camera = make_camera()
    pending = make_photo(Photo.Status.PENDING, camera=camera, uploader=resident)
    client.force_login(resident)
    body = text(client.get(f"/cameras/{camera.pk}/"))
    assert "Your photos, awaiting approval" in body and f'href="/photos/{pending.pk}/redact/"' in body
    client.force_login(other_resident)
    assert "awaiting approval" not in text(client.get(f"/cameras/{camera.pk}/"))
