"""process_upload's refusals by code and message, transparency flattened onto white, and the
clean-up's silence about files already gone (mutation survivors in mapsite/photos/processing.py)."""

from __future__ import annotations

import io
import logging

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from mapsite.photos.processing import MAX_BYTES, delete_files, media_path, process_upload
from tests.photos.factories import png_bomb, png_bytes, upload


def refusal(upload_file) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        process_upload(upload_file)
    return caught.value


def test_an_empty_file_is_refused_as_empty():
    error = refusal(upload("empty.jpg", b""))
    assert (error.code, error.messages) == ("empty", ["The photo file is empty."])


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    big = upload("big.jpg", b"\xff\xd8\xff" + b"\0" * MAX_BYTES)
    error = refusal(big)
    assert (error.code, error.messages) == ("too_large", ["The photo is larger than 10 MB."])


def test_a_decompression_bomb_is_refused_as_too_many_pixels():
    error = refusal(upload("bomb.png", png_bomb(), "image/png"))
    assert (error.code, error.messages) == ("too_many_pixels", ["The photo is larger than 40 megapixels."])


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P", "RGB key", "L key"])
def test_transparent_pixels_become_white(mode):
    out = io.BytesIO()
    if mode == "P":  # a palette image whose colour 0 is transparent
        image = Image.new("P", (40, 30), 0)
        image.putpalette([0, 0, 0, 200, 0, 0])
        image.paste(1, (0, 0, 20, 30))
        image.save(out, format="PNG", transparency=0)
    elif mode in ("RGB key", "L key"):  # no alpha channel: a colour key (tRNS) makes black transparent
        image = Image.new(mode.split()[0], (40, 30), 0)
        image.paste((200, 0, 0) if mode == "RGB key" else 200, (0, 0, 20, 30))
        image.save(out, format="PNG", transparency=(0, 0, 0) if mode == "RGB key" else 0)
    else:
        image = Image.new("RGBA", (40, 30), (0, 0, 0, 0))  # fully transparent black
        image.paste((200, 0, 0, 255), (0, 0, 20, 30))  # the left half opaque
        image.convert(mode).save(out, format="PNG")
    processed = process_upload(upload("clear.png", out.getvalue(), "image/png"))
    with Image.open(io.BytesIO(processed.full)) as stored:
        right = stored.convert("RGB").getpixel((35, 15))
    assert all(channel >= 245 for channel in right), right  # white, not black (JPEG is lossy)


def test_deleting_a_file_that_is_already_gone_says_nothing(caplog, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    caplog.set_level(logging.DEBUG)
    delete_files(["photos/never-written.jpg"])
    assert caplog.records == []


def test_a_clean_up_that_fails_is_logged_without_hiding_the_first_fault(caplog, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Where the photo should be, a directory with something in it: deleting it fails.
    (media_path("photos/a-directory.jpg") / "inside").mkdir(parents=True)
    caplog.set_level(logging.ERROR)
    delete_files(["photos/a-directory.jpg"])
    assert [r.getMessage().split(":")[0] for r in caplog.records] == ["photo clean-up failed"]


def test_a_one_pixel_high_image_is_still_an_image():
    processed = process_upload(upload("line.png", png_bytes((3, 1)), "image/png"))
    assert (processed.width, processed.height) == (3, 1)


def test_a_file_that_is_not_an_image_is_refused_as_invalid():
    error = refusal(upload("notes.jpg", b"\xff\xd8\xff" + b"not really a jpeg" * 50))
    assert (error.code, error.messages) == ("invalid", ["The file is not a valid image."])
