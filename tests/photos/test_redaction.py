"""Faces and plates are blurred before a photo is stored: through the report form,
in the stored file and its thumbnail, with the photo's metadata gone as well."""

from __future__ import annotations

import io

import numpy as np
import pytest
from django.conf import settings
from PIL import Image

from mapsite.photos.models import Photo
from mapsite.photos.processing import process_upload
from mapsite.photos.redaction import Box, blur, detect
from tests.photos.factories import (
    ASTRONAUT_FACE,
    ASTRONAUT_UNTOUCHED,
    PLATE,
    PLATE_SCENE,
    WHITE_PLATE,
    YELLOW_PLATE,
    astronaut_with_gps,
    jpeg_with_gps,
    street_with_plate,
    upload,
)
from tests.photos.test_processing import media_files, post_report

pytestmark = pytest.mark.django_db


def grey(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as image:
        return np.asarray(image.convert("L"), dtype=float)


def crop(pixels: np.ndarray, region: tuple[int, int, int, int], scale: float = 1.0) -> np.ndarray:
    left, top, right, bottom = (round(v * scale) for v in region)
    return pixels[top:bottom, left:right]


def detail(pixels: np.ndarray) -> float:
    """High-frequency energy: the mean step between neighbouring pixels. Eyes, a mouth or
    a letter make big steps; a blurred patch has almost none."""
    return (np.abs(np.diff(pixels, axis=0)).mean() + np.abs(np.diff(pixels, axis=1)).mean()) / 2


def mean_difference(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a - b).mean())


def test_the_face_in_a_reported_photo_is_blurred_in_the_stored_file_and_thumbnail(resident_client, districts):
    original = astronaut_with_gps()
    before = grey(original)
    assert detail(crop(before, ASTRONAUT_FACE)) > 5  # the face has features to lose

    assert post_report(resident_client, upload("face.jpg", original)).status_code == 302

    photo = Photo.objects.get()
    full = (settings.MEDIA_ROOT / photo.image).read_bytes()
    thumb = (settings.MEDIA_ROOT / photo.thumbnail).read_bytes()
    stored, small = grey(full), grey(thumb)
    assert stored.shape == (512, 512) and small.shape == (400, 400)
    face, small_face = crop(stored, ASTRONAUT_FACE), crop(small, ASTRONAUT_FACE, 400 / 512)
    assert detail(face) < 1.5
    assert detail(small_face) < 1.5
    assert mean_difference(face, crop(before, ASTRONAUT_FACE)) > 20
    # Only the face: the flag and the suit are as they were (JPEG noise aside).
    assert mean_difference(crop(stored, ASTRONAUT_UNTOUCHED), crop(before, ASTRONAUT_UNTOUCHED)) < 3
    # What was found is kept, padded, in fractions of the image, covering the face.
    assert [box["source"] for box in photo.boxes] == ["face"]
    box = photo.boxes[0]
    left, top, right, bottom = ASTRONAUT_FACE
    assert box["x"] * 512 <= left and box["y"] * 512 <= top
    assert (box["x"] + box["w"]) * 512 >= right and (box["y"] + box["h"]) * 512 >= bottom
    # And the metadata still goes.
    for data in (full, thumb):
        assert b"Exif" not in data and b"GPS" not in data and b"SpyCam" not in data
        with Image.open(io.BytesIO(data)) as image:
            assert len(image.getexif()) == 0 and "icc_profile" not in image.info


@pytest.mark.parametrize(("text", "colour"), [("HK 8888", WHITE_PLATE), ("AB 1234", YELLOW_PLATE),
                                              ("TAXI 5", WHITE_PLATE)])
def test_a_drawn_number_plate_is_found_and_its_characters_destroyed(text, colour):
    original = street_with_plate(text, colour)
    processed = process_upload(upload("car.png", original, "image/png"))

    assert [box["source"] for box in processed.boxes] == ["plate"]
    before, stored = grey(original), grey(processed.full)
    plate = crop(stored, PLATE)
    assert detail(crop(before, PLATE)) > 10
    assert detail(plate) < 1.5
    assert mean_difference(plate, crop(before, PLATE)) > 80
    scale = 400 / PLATE_SCENE[0]
    assert detail(crop(grey(processed.thumbnail), PLATE, scale)) < 1.5
    # The detector's box, padded, covers the whole plate.
    box = processed.boxes[0]
    assert box["x"] * 800 <= PLATE[0] and (box["x"] + box["w"]) * 800 >= PLATE[2]
    assert box["y"] * 500 <= PLATE[1] and (box["y"] + box["h"]) * 500 >= PLATE[3]


def test_a_photo_without_faces_or_plates_is_stored_as_it_was():
    original = jpeg_with_gps()
    processed = process_upload(upload("wall.jpg", original))
    assert processed.boxes == []
    assert mean_difference(grey(processed.full), grey(original)) < 2


def test_the_detector_works_on_a_downscaled_copy_and_scales_boxes_back():
    # The astronaut four times larger: the face is found at the same fractions of the image.
    with Image.open(io.BytesIO(astronaut_with_gps())) as image:
        big = image.convert("RGB").resize((2048, 2048), Image.Resampling.LANCZOS)
    small_boxes = detect(Image.open(io.BytesIO(astronaut_with_gps())).convert("RGB"))
    big_boxes = detect(big)
    assert [b.source for b in big_boxes] == ["face"]
    assert abs(big_boxes[0].x - small_boxes[0].x) < 0.02 and abs(big_boxes[0].w - small_boxes[0].w) < 0.02


def test_blur_leaves_no_detail_inside_the_box_and_touches_nothing_outside():
    rng = np.random.default_rng(15)
    noise = rng.integers(0, 256, size=(300, 400, 3), dtype=np.uint8)
    image = Image.fromarray(noise)
    blur(image, [Box(0.25, 0.2, 0.5, 0.6, "drawn")])  # pixels 100..300 wide, 60..240 high
    after = np.asarray(image).astype(float)
    inside, outside = after[60:240, 100:300], after[:, :100]
    assert noise[60:240, 100:300].std() > 70  # random noise: the most detail there is
    assert inside.std() < 10
    assert detail(inside.mean(axis=2)) < 1
    assert np.array_equal(outside, noise[:, :100].astype(float))
    assert np.array_equal(after[:60], noise[:60].astype(float))
    assert np.array_equal(after[:, 300:], noise[:, 300:].astype(float))
    assert np.array_equal(after[240:], noise[240:].astype(float))


def test_two_different_faces_blur_to_nearly_the_same_patch():
    # Beyond recovery: what is left of a face says little more than its average colour.
    rng = np.random.default_rng(7)
    a = Image.fromarray(rng.integers(0, 256, size=(160, 160, 3), dtype=np.uint8))
    b = Image.fromarray(rng.integers(0, 256, size=(160, 160, 3), dtype=np.uint8))
    for image in (a, b):
        blur(image, [Box(0, 0, 1, 1, "face")])
    assert mean_difference(np.asarray(a, dtype=float), np.asarray(b, dtype=float)) < 8


def test_blur_keeps_the_coarse_light_and_shade_not_a_grey_box():
    # Blocks a few across: a box half dark, half light stays so (what was there reads as a
    # blurred scene, not a patch pasted over it), while the edge between them is smeared.
    pixels = np.zeros((160, 160, 3), dtype=np.uint8)
    pixels[:, 80:] = 255
    image = Image.fromarray(pixels)
    blur(image, [Box(0, 0, 1, 1, "face")])
    after = np.asarray(image.convert("L"), dtype=float)
    assert after[:, :40].mean() < 10 and after[:, 120:].mean() > 245
    assert 100 < after[:, 60:100].mean() < 155


@pytest.mark.parametrize(
    ("grid", "block"),
    [((8, 8), (20, 20)),  # 160 px square: 8 blocks of 20 px each way
     ((8, 1), (20, 8)),  # a sliver 8 px wide, less than a block: one block across
     ((1, 8), (8, 20))],  # and one 8 px high
)
def test_nothing_finer_than_a_block_survives(grid, block):
    # Fine detail that keeps each block's average blurs to exactly what the plain blocks blur
    # to. The detail is random, and each pixel's opposite across its block's centre is pushed
    # the other way: any half of a block, across or down, gives it away.
    rng = np.random.default_rng(3)
    blocks = np.kron(rng.integers(60, 196, size=(*grid, 3)), np.ones((*block, 1), dtype=int))
    push = rng.integers(0, 30, size=(*grid, *block, 3))
    push = push - push[:, :, ::-1, ::-1]
    detailed = blocks + push.transpose(0, 2, 1, 3, 4).reshape(blocks.shape)
    results = []
    for pixels in (blocks, detailed):
        image = Image.fromarray(pixels.astype(np.uint8))
        blur(image, [Box(0, 0, 1, 1, "face")])
        results.append(np.asarray(image))
    assert detail(detailed.mean(axis=2)) > 5  # as much as the astronaut's face
    assert np.array_equal(results[0], results[1])


def test_a_box_is_never_smaller_in_pixels_than_asked():
    # A sliver narrower than a pixel still covers one; a box at the edge stays inside.
    assert Box(0.5, 0.5, 0.0001, 0.0001, "drawn").pixels(100, 100) == (50, 50, 51, 51)
    assert Box(0.999, 0.0, 0.001, 1.0, "drawn").pixels(100, 80) == (99, 0, 100, 80)
    assert Box(0.1, 0.2, 0.3, 0.4, "drawn").pixels(1000, 500) == (100, 100, 400, 300)
    assert Box(0.0, 0.0, 0.5, 0.25, "drawn").pixels(100, 80) == (0, 0, 50, 20)
    # Narrower than the rounding slack: still a pixel.
    assert Box(0.5, 0.25, 1e-9, 1e-9, "drawn").pixels(100, 80) == (50, 20, 51, 21)


def test_padding_grows_a_box_on_every_side_and_stops_at_the_edges():
    padded = Box(0.5, 0.5, 0.2, 0.1, "face").padded(0.2)
    assert (round(padded.x, 6), round(padded.y, 6), round(padded.w, 6), round(padded.h, 6)) == (0.46, 0.48, 0.28, 0.14)
    edge = Box(0.0, 0.9, 0.2, 0.1, "face").padded(0.2)
    assert (edge.x, round(edge.y, 6), round(edge.w, 6), round(edge.h, 6)) == (0.0, 0.88, 0.24, 0.12)
    corner = Box(0.9, 0.95, 0.1, 0.05, "plate").padded(0.2)  # the right and bottom edges
    assert (round(corner.x, 6), round(corner.y, 6), round(corner.w, 6), round(corner.h, 6)) == (0.88, 0.94, 0.12, 0.06)


def test_a_broken_detector_keeps_nothing_rather_than_store_faces(resident_client, districts, monkeypatch):
    from mapsite.cameras.models import Camera
    from mapsite.photos import redaction

    def broken(name):
        raise RuntimeError(f"OpenCV cascade {name} could not be loaded")

    monkeypatch.setattr(redaction, "_cascade", broken)
    response = post_report(resident_client, upload("face.jpg", astronaut_with_gps()))
    assert response.status_code == 503
    assert "could not store your photo" in response.content.decode()
    assert not Camera.objects.exists() and not Photo.objects.exists()
    assert media_files() == []
