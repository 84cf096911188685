"""process_upload's other refusals by code and message, its limits at their edges, and what the
photo code logs when the detector, the storage or a stored file fails (mutation survivors in
mapsite/photos/processing.py)."""

from __future__ import annotations

import io
import logging

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from mapsite.photos import processing
from mapsite.photos.processing import (
    MAX_BYTES,
    PhotoNotKept,
    delete_files,
    process_upload,
    redact_stored,
    write_new_file,
)
from tests.photos.factories import gif_bytes, png_bytes, upload


def refusal(upload_file) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        process_upload(upload_file)
    return caught.value


NOT_AN_IMAGE = ("invalid", ["The file is not a valid image."])


def test_a_gif_is_refused_by_format():
    error = refusal(upload("anim.gif", gif_bytes(), "image/gif"))
    assert (error.code, error.messages) == ("format", ["Only JPEG, PNG and WebP photos are accepted."])


def test_fifty_megapixels_are_refused_before_decoding():
    error = refusal(upload("huge.png", png_bytes((10_000, 5_000), "L"), "image/png"))
    assert (error.code, error.messages) == ("too_many_pixels", ["The photo is larger than 40 megapixels."])


def test_the_pixel_limit_is_the_last_size_allowed(monkeypatch):
    # A small limit stands in for 40 million, to test the comparison without decoding 40 megapixels.
    monkeypatch.setattr(processing, "MAX_PIXELS", 24)
    assert process_upload(upload("at.png", png_bytes((6, 4)), "image/png")).width == 6
    error = refusal(upload("over.png", png_bytes((5, 5)), "image/png"))
    assert error.code == "too_many_pixels"


def test_a_file_of_exactly_the_byte_limit_is_not_too_large():
    # Not an image, so refused, but as what it is, not for its size.
    error = refusal(upload("edge.jpg", b"\xff\xd8\xff" + b"\0" * (MAX_BYTES - 3)))
    assert (error.code, error.messages) == NOT_AN_IMAGE


def test_a_one_pixel_wide_image_is_still_an_image():
    processed = process_upload(upload("column.png", png_bytes((1, 3)), "image/png"))
    assert (processed.width, processed.height) == (1, 3)


def test_the_stored_jpeg_is_progressive():
    processed = process_upload(upload("a.png", png_bytes((64, 48)), "image/png"))
    for data in (processed.full, processed.thumbnail):
        with Image.open(io.BytesIO(data)) as stored:
            assert stored.info.get("progressive") == 1


def test_a_second_reading_that_disagrees_with_the_first_is_refused(monkeypatch):
    # The file changed between the probe and the decode (or lied to one of them).
    real_open = Image.open
    opened = []

    def open_twice(fp, *args, **kwargs):
        opened.append(fp)
        if len(opened) == 2:
            return real_open(io.BytesIO(png_bytes((8, 8))))
        return real_open(fp, *args, **kwargs)

    monkeypatch.setattr(processing.Image, "open", open_twice)
    error = refusal(upload("a.png", png_bytes((6, 4)), "image/png"))
    assert (error.code, error.messages) == NOT_AN_IMAGE


def test_running_out_of_memory_while_decoding_is_a_refusal(monkeypatch):
    def exhausted(_image):
        raise MemoryError

    photo = upload("a.png", png_bytes((6, 4)), "image/png")
    monkeypatch.setattr(processing.ImageOps, "exif_transpose", exhausted)
    error = refusal(photo)
    assert (error.code, error.messages) == NOT_AN_IMAGE


def test_a_failing_detector_is_logged_by_its_kind(monkeypatch, caplog):
    def broken(_pixels):
        raise RuntimeError("cascade missing")

    monkeypatch.setattr(processing, "redact_detected", broken)
    caplog.set_level(logging.ERROR, logger="mapsite.photos.processing")
    with pytest.raises(PhotoNotKept):
        process_upload(upload("a.png", png_bytes((6, 4)), "image/png"))
    assert [r.getMessage() for r in caplog.records] == ["photo detector failed: RuntimeError"]


def test_a_storage_fault_is_logged_with_its_reason(monkeypatch, caplog):
    def full_disk(_name, _data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(processing.photo_storage, "save", full_disk)
    caplog.set_level(logging.ERROR, logger="mapsite.photos.processing")
    written = []
    with pytest.raises(PhotoNotKept):
        write_new_file(b"data", written=written)
    assert len(written) == 1
    assert [r.getMessage() for r in caplog.records] == ["photo storage failed: No space left on device"]


def test_a_failed_clean_up_is_logged_with_its_reason(monkeypatch, caplog):
    def read_only(_name):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(processing.photo_storage, "delete", read_only)
    caplog.set_level(logging.ERROR, logger="mapsite.photos.processing")
    delete_files(["photos/a.jpg"])
    assert [r.getMessage() for r in caplog.records] == ["photo clean-up failed: Read-only file system"]


def test_an_unreadable_stored_photo_is_logged_by_its_kind(monkeypatch, caplog):
    monkeypatch.setattr(processing.photo_storage, "open_for_reading", lambda _name: io.BytesIO(b"not a jpeg"))
    caplog.set_level(logging.ERROR, logger="mapsite.photos.processing")
    with pytest.raises(PhotoNotKept):
        redact_stored("photos/a.jpg", [])
    assert [r.getMessage() for r in caplog.records] == ["stored photo unreadable: UnidentifiedImageError"]
