"""Uploads through the report form: what is refused, and what is kept of what is accepted."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from PIL import Image

from mapsite.cameras.models import Camera
from mapsite.photos.models import Photo
from mapsite.photos.processing import process_upload
from tests.helpers import MONG_KOK
from tests.photos.factories import gif_bytes, jpeg_with_gps, png_bomb, png_bytes, upload, webp_bytes

pytestmark = pytest.mark.django_db


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def post_report(client, photo, **extra):
    data = {"latitude": MONG_KOK[0], "longitude": MONG_KOK[1], "kind": "dome", "photo": photo, **extra}
    return client.post(reverse("sightings:new"), data)


def test_gps_exif_jpeg_is_stored_with_no_metadata_at_all(resident_client, districts):
    original = jpeg_with_gps()
    assert b"Exif" in original and Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the fixture is real

    response = post_report(resident_client, upload("IMG_0001.jpg", original))

    assert response.status_code == 302
    camera = Camera.objects.get()
    photo = Photo.objects.get(camera=camera)
    assert photo.status == Photo.Status.PENDING
    assert photo.uploader.username == "resident"
    stored = sorted(media_files())
    assert len(stored) == 2  # full size and thumbnail, nothing else
    for path in stored:
        data = path.read_bytes()
        with Image.open(path) as image:
            assert image.format == "JPEG"
            assert len(image.getexif()) == 0
            assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp", "comment"} & set(image.info)
        assert b"Exif" not in data
        assert b"SpyCam" not in data and b"SN-123456789" not in data
        assert b"xmpmeta" not in data and b"GPSLatitude" not in data
        # Random names, not the uploader's file name.
        assert "IMG_0001" not in path.name
        assert len(path.stem) == 32
    assert {p.relative_to(settings.MEDIA_ROOT).as_posix() for p in stored} == {photo.image, photo.thumbnail}


def test_orientation_is_applied_before_the_metadata_goes(districts):
    # Orientation 6 = rotate 90° clockwise to display: a 400x200 sensor image shows as 200x400.
    processed = process_upload(upload("a.jpg", jpeg_with_gps((400, 200), orientation=6)))
    with Image.open(io.BytesIO(processed.full)) as image:
        assert image.size == (200, 400)
        assert len(image.getexif()) == 0
    assert (processed.width, processed.height) == (200, 400)


def test_large_photos_are_resized_and_thumbnailed():
    processed = process_upload(upload("big.png", png_bytes((3000, 1500)), "image/png"))
    assert (processed.width, processed.height) == (2048, 1024)
    with Image.open(io.BytesIO(processed.thumbnail)) as thumb:
        assert max(thumb.size) == 400


@pytest.mark.parametrize(
    ("name", "data"),
    [("a.png", png_bytes((50, 40), "RGBA")), ("a.webp", webp_bytes()), ("p.png", png_bytes((20, 20), "P"))],
)
def test_png_and_webp_are_accepted(name, data):
    processed = process_upload(upload(name, data, "image/png"))
    assert Image.open(io.BytesIO(processed.full)).format == "JPEG"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.jpg", b"", "The submitted file is empty."),
        ("notes.jpg", b"This is a text file, not a photo.\n" * 20, "The file is not a valid image."),
        ("huge.png", png_bytes((10_000, 5_000), "L"), "The photo is larger than 40 megapixels."),
        ("bomb.png", png_bomb(), "The photo is larger than 40 megapixels."),
        ("anim.gif", gif_bytes(), "Only JPEG, PNG and WebP photos are accepted."),
        ("cut.jpg", jpeg_with_gps()[:600], "The file is not a valid image."),
    ],
    ids=["zero-bytes", "text-renamed-jpg", "50-megapixel-png", "decompression-bomb", "gif", "truncated-jpeg"],
)
def test_bad_files_are_refused_with_nothing_left_behind(resident_client, districts, name, data, message):
    response = post_report(resident_client, upload(name, data))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Camera.objects.count() == 0
    assert Photo.objects.count() == 0
    assert media_files() == []


def test_a_file_over_10_mb_is_refused_while_uploading(resident_client, districts):
    data = b"\xff\xd8\xff\xe0" + b"\0" * (10 * 1024 * 1024 + 1)
    response = post_report(resident_client, upload("big.jpg", data))
    assert response.status_code == 400
    assert "The photo is larger than 10 MB." in response.content.decode()
    # Cut off while uploading, not read to the end first.
    form = response.context["form"]
    assert form.oversized == {"photo"}
    assert [(e.code, e.messages) for e in form.errors.as_data()["photo"]] == [
        ("too_large", ["The photo is larger than 10 MB."])
    ]
    assert Camera.objects.count() == 0
    assert media_files() == []


def test_a_failure_after_the_files_are_written_removes_them(resident_client, districts, monkeypatch):
    from mapsite.photos import models as photo_models

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(photo_models.Photo.objects, "create", explode)
    with pytest.raises(RuntimeError):
        post_report(resident_client, upload("a.jpg", jpeg_with_gps()))
    assert Camera.objects.count() == 0
    assert media_files() == []
