"""Who may see a photo: approved ones are public, pending ones only to moderators and their uploader."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from PIL import Image

from mapsite.cameras.models import Camera
from mapsite.photos.models import Photo

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["photos:image", "photos:thumbnail"])
def test_approved_photo_is_public(outsider_client, make_photo, name):
    photo = make_photo(Photo.Status.APPROVED)
    response = outsider_client.get(reverse(name, args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"


@pytest.mark.parametrize(("name", "size"), [("photos:image", (640, 480)), ("photos:thumbnail", (400, 300))])
def test_each_url_serves_its_own_size(outsider_client, moderator_client, make_photo, name, size):
    # The upload is 640x480: the image URL serves it whole, the thumbnail URL the 400-pixel copy.
    for client, status in ((outsider_client, Photo.Status.APPROVED), (moderator_client, Photo.Status.PENDING)):
        photo = make_photo(status)
        response = client.get(reverse(name, args=[photo.pk]))
        assert response.status_code == 200
        with Image.open(io.BytesIO(b"".join(response.streaming_content))) as served:
            assert (served.format, served.size) == ("JPEG", size)


@pytest.mark.parametrize("status", [Photo.Status.PENDING, Photo.Status.REJECTED])
@pytest.mark.parametrize("name", ["photos:image", "photos:thumbnail"])
def test_unapproved_photo_is_hidden_from_outsiders_and_other_residents_but_not_moderators(
    outsider_client, other_resident_client, moderator_client, make_photo, status, name
):
    photo = make_photo(status)
    url = reverse(name, args=[photo.pk])
    assert outsider_client.get(url).status_code == 404
    assert other_resident_client.get(url).status_code == 404
    response = moderator_client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["photos:image", "photos:thumbnail"])
def test_uploader_sees_their_own_photo_only_while_it_waits(resident_client, make_photo, name):
    # While it waits they may blur more of it, so they must see it; once rejected it is gone for them.
    pending, rejected = make_photo(Photo.Status.PENDING), make_photo(Photo.Status.REJECTED)
    response = resident_client.get(reverse(name, args=[pending.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert resident_client.get(reverse(name, args=[rejected.pk])).status_code == 404


def test_approved_photo_of_a_rejected_camera_is_hidden(outsider_client, make_photo, make_camera):
    photo = make_photo(Photo.Status.APPROVED, camera=make_camera(status=Camera.Status.REJECTED))
    assert outsider_client.get(reverse("photos:image", args=[photo.pk])).status_code == 404


def test_missing_photo_is_404(outsider_client, db):
    assert outsider_client.get(reverse("photos:image", args=[999])).status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_photo_views_refuse_other_methods(moderator_client, make_photo, method):
    photo = make_photo(Photo.Status.APPROVED)
    for name in ("photos:image", "photos:thumbnail"):
        assert getattr(moderator_client, method)(reverse(name, args=[photo.pk])).status_code == 405


def test_camera_page_shows_approved_thumbnails_only(outsider_client, make_photo, make_camera):
    camera = make_camera()
    approved = make_photo(Photo.Status.APPROVED, camera=camera)
    pending = make_photo(Photo.Status.PENDING, camera=camera)
    page = outsider_client.get(camera.get_absolute_url()).content.decode()
    assert reverse("photos:thumbnail", args=[approved.pk]) in page
    assert reverse("photos:image", args=[approved.pk]) in page
    assert reverse("photos:thumbnail", args=[pending.pk]) not in page
    assert reverse("photos:image", args=[pending.pk]) not in page


def test_camera_page_without_approved_photos_has_no_photo_section(outsider_client, make_photo, make_camera):
    camera = make_camera()
    make_photo(Photo.Status.PENDING, camera=camera)
    assert "camera-photos" not in outsider_client.get(camera.get_absolute_url()).content.decode()
